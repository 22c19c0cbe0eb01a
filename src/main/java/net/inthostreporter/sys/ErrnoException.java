// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.sys;

/**
 * A native call failed with an errno. The message names the function, what it was
 * called on, and the errno, for example {@code bind(netlink groups 0x9): EPERM (Operation not permitted)}.
 */
public class ErrnoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String function;
    private final int errno;
    private final String context;

    public ErrnoException(String function, int errno, String context) {
        super(format(function, errno, context));
        this.function = function;
        this.errno = errno;
        this.context = context;
    }

    private static String format(String function, int errno, String context) {
        String where = context == null || context.isEmpty() ? "" : "(" + context + ")";
        return function + where + ": " + Errno.describe(errno);
    }

    /** The native function that failed, e.g. {@code bpf_tc_attach}. */
    public String function() {
        return function;
    }

    /** The positive errno value. */
    public int errno() {
        return errno;
    }

    /** What the call was made on (interface, map, program), may be empty. */
    public String context() {
        return context;
    }
}
