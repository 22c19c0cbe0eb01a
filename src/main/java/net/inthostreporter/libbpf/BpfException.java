// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import net.inthostreporter.sys.ErrnoException;

/**
 * A libbpf call failed. Unchecked: nearly every failure means the program or the host is
 * not what the agent needs, and callers that can react (EEXIST, ENOENT) test {@link #errno()}.
 * The message reads like {@code bpf_tc_attach(ifindex 7, ingress): EEXIST (File exists)}.
 */
public class BpfException extends ErrnoException {
    private static final long serialVersionUID = 1L;

    public BpfException(String function, int errno, String context) {
        super(function, Math.abs(errno), context);
    }

    /** Throws for a negative libbpf return value ({@code -errno}), returns it otherwise. */
    static int check(int rc, String function, String context) {
        if (rc < 0) {
            throw new BpfException(function, -rc, context);
        }
        return rc;
    }
}
