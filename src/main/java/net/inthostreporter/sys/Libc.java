// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.sys;

import static net.inthostreporter.sys.NativeCalls.C_INT;
import static net.inthostreporter.sys.NativeCalls.C_LONG;
import static net.inthostreporter.sys.NativeCalls.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The few libc functions the agent needs, through java.lang.foreign.
 *
 * <p>Calls that can fail return their result or {@code -errno} (the libbpf convention),
 * so callers can treat expected errors (EAGAIN on a receive timeout, ENOBUFS on a netlink
 * overrun) without exceptions; {@link Errno#check(int, String, String)} turns the rest into
 * {@link ErrnoException}s.
 */
public final class Libc {
    public static final int AF_NETLINK = 16;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVBUF = 8;
    public static final int SO_RCVTIMEO = 20; // SO_RCVTIMEO_OLD on x86-64: struct timeval {long, long}
    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;
    public static final int CLONE_NEWNET = 0x40000000;

    private static final SymbolLookup LIBC = Linker.nativeLinker().defaultLookup();

    private static final MethodHandle SOCKET = NativeCalls.downcallWithErrno(LIBC, "socket",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT));
    private static final MethodHandle BIND = NativeCalls.downcallWithErrno(LIBC, "bind",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT));
    private static final MethodHandle SENDTO = NativeCalls.downcallWithErrno(LIBC, "sendto",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT, C_POINTER, C_INT));
    private static final MethodHandle RECV = NativeCalls.downcallWithErrno(LIBC, "recv",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT));
    private static final MethodHandle RECVFROM = NativeCalls.downcallWithErrno(LIBC, "recvfrom",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT, C_POINTER, C_POINTER));
    private static final MethodHandle SETSOCKOPT = NativeCalls.downcallWithErrno(LIBC, "setsockopt",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER, C_INT));
    private static final MethodHandle CLOSE = NativeCalls.downcallWithErrno(LIBC, "close",
            FunctionDescriptor.of(C_INT, C_INT));
    private static final MethodHandle SETNS = NativeCalls.downcallWithErrno(LIBC, "setns",
            FunctionDescriptor.of(C_INT, C_INT, C_INT));
    // open(2) is variadic: the mode is passed as the first variadic argument so the call
    // follows the variadic convention (%al set) even though we never create files.
    private static final MethodHandle MALLOC_TRIM = NativeCalls.downcall(LIBC, "malloc_trim",
            FunctionDescriptor.of(C_INT, C_LONG));
    private static final MethodHandle UNSHARE = NativeCalls.downcallWithErrno(LIBC, "unshare",
            FunctionDescriptor.of(C_INT, C_INT));
    private static final MethodHandle OPEN = NativeCalls.downcallWithErrno(LIBC, "open",
            FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle STRERROR = NativeCalls.downcall(LIBC, "strerror",
            FunctionDescriptor.of(C_POINTER, C_INT));
    private static final MethodHandle VSNPRINTF = NativeCalls.downcall(LIBC, "vsnprintf",
            FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_POINTER, C_POINTER));
    private static final MethodHandle IF_NAMETOINDEX = NativeCalls.downcallWithErrno(LIBC, "if_nametoindex",
            FunctionDescriptor.of(C_INT, C_POINTER));
    private static final MethodHandle SIGNAL = NativeCalls.downcall(LIBC, "signal",
            FunctionDescriptor.of(C_POINTER, C_INT, C_POINTER));
    public static final int SIGHUP = 1;

    private Libc() {
    }

    private static int intResult(int rc) {
        return rc < 0 ? -NativeCalls.lastErrno() : rc;
    }

    private static long longResult(long rc) {
        return rc < 0 ? -NativeCalls.lastErrno() : rc;
    }

    /**
     * signal(2) with SIG_DFL: the signal's default action again. For a signal that was ignored
     * when the process started (nohup, a supervisor), which the JVM would otherwise leave ignored.
     */
    public static void defaultSignalAction(int signal) {
        try {
            MemorySegment previous = (MemorySegment) SIGNAL.invokeExact(signal, MemorySegment.NULL);
            if (previous.address() == -1L) { // SIG_ERR
                throw new IllegalStateException("signal(" + signal + ", SIG_DFL) failed");
            }
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** socket(2): fd or -errno. */
    public static int socket(int domain, int type, int protocol) {
        try {
            return intResult((int) SOCKET.invokeExact(NativeCalls.captureSegment(), domain, type, protocol));
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** bind(2): 0 or -errno. */
    public static int bind(int fd, MemorySegment address) {
        try {
            return intResult((int) BIND.invokeExact(NativeCalls.captureSegment(), fd, address, (int) address.byteSize()));
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** sendto(2) of the whole buffer: bytes sent or -errno. */
    public static long sendto(int fd, MemorySegment buffer, int flags, MemorySegment address) {
        try {
            return longResult((long) SENDTO.invokeExact(NativeCalls.captureSegment(), fd, buffer, buffer.byteSize(),
                    flags, address, (int) address.byteSize()));
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** recv(2) into the buffer: bytes received or -errno (-EAGAIN when SO_RCVTIMEO expired). */
    public static long recv(int fd, MemorySegment buffer, int flags) {
        try {
            return longResult((long) RECV.invokeExact(NativeCalls.captureSegment(), fd, buffer, buffer.byteSize(), flags));
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /**
     * recvfrom(2): bytes received or -errno; the sender's address is written to {@code address}
     * and its length to {@code addressLength} (an int segment, in: capacity, out: length).
     */
    public static long recvfrom(int fd, MemorySegment buffer, int flags, MemorySegment address, MemorySegment addressLength) {
        try {
            return longResult((long) RECVFROM.invokeExact(NativeCalls.captureSegment(), fd, buffer, buffer.byteSize(),
                    flags, address, addressLength));
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** setsockopt(2) with the whole value segment: 0 or -errno. */
    public static int setsockopt(int fd, int level, int option, MemorySegment value) {
        try {
            return intResult((int) SETSOCKOPT.invokeExact(NativeCalls.captureSegment(), fd, level, option, value,
                    (int) value.byteSize()));
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** close(2): 0 or -errno. */
    public static int close(int fd) {
        try {
            return intResult((int) CLOSE.invokeExact(NativeCalls.captureSegment(), fd));
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** setns(2) for the calling thread only: 0 or -errno. */
    public static int setns(int fd, int nsType) {
        try {
            return intResult((int) SETNS.invokeExact(NativeCalls.captureSegment(), fd, nsType));
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** glibc's malloc_trim(pad): gives free heap memory back to the kernel; 1 when some was released. */
    public static int mallocTrim(long pad) {
        try {
            return (int) MALLOC_TRIM.invokeExact(pad);
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** unshare(2); with CLONE_NEWNET it moves only the calling thread: 0 or -errno. */
    public static int unshare(int flags) {
        try {
            return intResult((int) UNSHARE.invokeExact(NativeCalls.captureSegment(), flags));
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** open(2) without O_CREAT: fd or -errno. */
    public static int open(String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            return intResult((int) OPEN.invokeExact(NativeCalls.captureSegment(), arena.allocateFrom(path), flags, 0));
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** strerror(3) for a positive errno. */
    public static String strerror(int errno) {
        try {
            return NativeCalls.string((MemorySegment) STRERROR.invokeExact(errno));
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /**
     * vsnprintf(3). On x86-64 a {@code va_list} parameter arrives as a pointer to its
     * {@code __va_list_tag}, which is what is passed on here. The list is consumed.
     *
     * @return the length the full output needs (may exceed the buffer), or negative on error
     */
    public static int vsnprintf(MemorySegment buffer, MemorySegment format, MemorySegment vaList) {
        try {
            return (int) VSNPRINTF.invokeExact(buffer, buffer.byteSize(), format, vaList);
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** if_nametoindex(3) in the calling thread's network namespace: the index, or -errno (-ENODEV when absent). */
    public static int ifNameToIndex(String name) {
        try (Arena arena = Arena.ofConfined()) {
            int index = (int) IF_NAMETOINDEX.invokeExact(NativeCalls.captureSegment(), arena.allocateFrom(name));
            if (index == 0) {
                int errno = NativeCalls.lastErrno();
                return -(errno == 0 ? Errno.ENODEV : errno);
            }
            return index;
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }
}
