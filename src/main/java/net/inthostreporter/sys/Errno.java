// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.sys;

import java.util.Map;

/**
 * Linux errno values (x86-64 / generic numbering) and their names, so that errors read
 * {@code EEXIST (File exists)} rather than {@code -17}.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int E2BIG = 7;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int ERANGE = 34;
    public static final int ENOSYS = 38;
    public static final int ENOTSUP = 95;
    public static final int EOPNOTSUPP = 95;
    public static final int EADDRINUSE = 98;
    public static final int ENOBUFS = 105;
    public static final int ETIMEDOUT = 110;
    /** Kernel-internal value that leaks out of some BPF paths (not in libc). */
    public static final int ENOTSUPP = 524;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(ESRCH, "ESRCH"),
            Map.entry(EINTR, "EINTR"), Map.entry(EIO, "EIO"), Map.entry(E2BIG, "E2BIG"),
            Map.entry(EBADF, "EBADF"), Map.entry(EAGAIN, "EAGAIN"), Map.entry(ENOMEM, "ENOMEM"),
            Map.entry(EACCES, "EACCES"), Map.entry(EFAULT, "EFAULT"), Map.entry(EBUSY, "EBUSY"),
            Map.entry(EEXIST, "EEXIST"), Map.entry(ENODEV, "ENODEV"), Map.entry(EINVAL, "EINVAL"),
            Map.entry(ENOSPC, "ENOSPC"), Map.entry(ERANGE, "ERANGE"), Map.entry(ENOSYS, "ENOSYS"),
            Map.entry(EOPNOTSUPP, "EOPNOTSUPP"), Map.entry(EADDRINUSE, "EADDRINUSE"),
            Map.entry(ENOBUFS, "ENOBUFS"), Map.entry(ETIMEDOUT, "ETIMEDOUT"),
            Map.entry(ENOTSUPP, "ENOTSUPP"));

    private Errno() {
    }

    /** The symbolic name, e.g. {@code EEXIST}, or {@code errno N} when unknown here. */
    public static String name(int errno) {
        String name = NAMES.get(Math.abs(errno));
        return name != null ? name : "errno " + Math.abs(errno);
    }

    /** Name and libc message, e.g. {@code EEXIST (File exists)}. Accepts errno or -errno. */
    public static String describe(int errno) {
        int e = Math.abs(errno);
        String message = e == ENOTSUPP ? "Operation not supported (kernel ENOTSUPP)" : Libc.strerror(e);
        return name(e) + " (" + message + ")";
    }

    /**
     * Turns a "result or -errno" return value into the result, or throws.
     *
     * @return {@code rc} when it is not negative
     */
    public static long check(long rc, String function, String context) {
        if (rc < 0) {
            throw new ErrnoException(function, (int) -rc, context);
        }
        return rc;
    }

    /** {@link #check(long, String, String)} for int results. */
    public static int check(int rc, String function, String context) {
        if (rc < 0) {
            throw new ErrnoException(function, -rc, context);
        }
        return rc;
    }
}
