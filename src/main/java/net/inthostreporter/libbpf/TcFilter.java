// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.OptionalInt;
import net.inthostreporter.sys.Errno;

/**
 * Legacy TC attachment: a cls_bpf filter (direct action) on the clsact qdisc of an
 * interface, through libbpf's netlink helpers. Works on every kernel with clsact, and is
 * what CNIs that predate TCX use.
 *
 * <p>libbpf opens a netlink socket per call in the calling thread's network namespace, and
 * ifindexes are resolved there too. Deliberately no way to destroy the clsact qdisc: that
 * would remove every other filter on the interface, the CNI's included.
 */
public final class TcFilter {
    /** Where on the clsact qdisc the filter goes (enum bpf_tc_attach_point). */
    public enum Point {
        INGRESS(1), EGRESS(2);

        final int value;

        Point(int value) {
            this.value = value;
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A filter as attached: enough to query or detach it later. */
    public record Attachment(int ifindex, Point point, int handle, int priority, int progId) {
    }

    private static final long HOOK_SIZE = 24;
    private static final long HOOK_IFINDEX = 8;
    private static final long HOOK_ATTACH_POINT = 12;
    private static final long OPTS_SIZE = 32;
    private static final long OPTS_PROG_FD = 8;
    private static final long OPTS_FLAGS = 12;
    private static final long OPTS_PROG_ID = 16;
    private static final long OPTS_HANDLE = 20;
    private static final long OPTS_PRIORITY = 24;
    private static final int BPF_TC_F_REPLACE = 1;

    private TcFilter() {
    }

    /** Adds the clsact qdisc to an interface; an existing one (EEXIST) is fine. */
    public static void createClsact(int ifindex) {
        try (Arena arena = Arena.ofConfined()) {
            // attach point INGRESS|EGRESS (3) is what libbpf needs to create clsact itself.
            MemorySegment hook = hook(arena, ifindex, 3);
            int rc = (int) Libbpf.TcCalls.TC_HOOK_CREATE.invokeExact(hook);
            if (rc == -Errno.EEXIST) {
                return;
            }
            BpfException.check(rc, "bpf_tc_hook_create", "ifindex " + ifindex + ", clsact");
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /**
     * Attaches a program as a direct-action cls_bpf filter.
     *
     * @param handle   filter handle; 0 lets the kernel choose
     * @param priority filter priority (tc "pref"); 0 lets the kernel choose
     * @param replace  replace a filter at the same handle/priority instead of failing with EEXIST
     * @return where the filter ended up (handle and priority as chosen by the kernel when 0 was given)
     */
    public static Attachment attach(int ifindex, Point point, int progFd, int handle, int priority, boolean replace) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment hook = hook(arena, ifindex, point.value);
            MemorySegment opts = opts(arena, handle, priority);
            opts.set(JAVA_INT, OPTS_PROG_FD, progFd);
            opts.set(JAVA_INT, OPTS_FLAGS, replace ? BPF_TC_F_REPLACE : 0);
            int rc = (int) Libbpf.TcCalls.TC_ATTACH.invokeExact(hook, opts);
            BpfException.check(rc, "bpf_tc_attach", describe(ifindex, point, handle, priority));
            return new Attachment(ifindex, point, opts.get(JAVA_INT, OPTS_HANDLE), opts.get(JAVA_INT, OPTS_PRIORITY),
                    opts.get(JAVA_INT, OPTS_PROG_ID));
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /**
     * The id of the program attached at this handle/priority, or empty when there is none.
     *
     * <p>"None" is ENOENT when other filters exist at that hook, but EINVAL when the hook has
     * no filter chain at all (the kernel's "Cannot find specified filter chain") or no clsact.
     * libbpf's own EINVAL checks (zero handle or priority) are made here first, so an EINVAL
     * from the call can only be the kernel's.
     */
    public static OptionalInt query(int ifindex, Point point, int handle, int priority) {
        requireHandleAndPriority("query", ifindex, point, handle, priority);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment hook = hook(arena, ifindex, point.value);
            MemorySegment opts = opts(arena, handle, priority);
            int rc = (int) Libbpf.TcCalls.TC_QUERY.invokeExact(hook, opts);
            if (rc == -Errno.ENOENT || rc == -Errno.EINVAL) {
                return OptionalInt.empty();
            }
            BpfException.check(rc, "bpf_tc_query", describe(ifindex, point, handle, priority));
            return OptionalInt.of(opts.get(JAVA_INT, OPTS_PROG_ID));
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /**
     * Removes the filter at this handle/priority, leaving the others. libbpf refuses (EINVAL)
     * unless prog_fd, prog_id and flags are zero, so only handle and priority are given.
     *
     * @return false when there was no such filter (ENOENT, or EINVAL for a hook without filters: see {@link #query})
     */
    public static boolean detach(int ifindex, Point point, int handle, int priority) {
        requireHandleAndPriority("detach", ifindex, point, handle, priority);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment hook = hook(arena, ifindex, point.value);
            MemorySegment opts = opts(arena, handle, priority);
            int rc = (int) Libbpf.TcCalls.TC_DETACH.invokeExact(hook, opts);
            if (rc == -Errno.ENOENT || rc == -Errno.EINVAL) {
                return false;
            }
            BpfException.check(rc, "bpf_tc_detach", describe(ifindex, point, handle, priority));
            return true;
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    private static void requireHandleAndPriority(String what, int ifindex, Point point, int handle, int priority) {
        if (handle == 0 || priority == 0) {
            throw new IllegalArgumentException(what + " needs the filter's handle and priority, got "
                    + describe(ifindex, point, handle, priority));
        }
    }

    private static MemorySegment hook(Arena arena, int ifindex, int attachPoint) {
        MemorySegment hook = arena.allocate(HOOK_SIZE, 8); // zeroed: parent 0 = the clsact default
        hook.set(JAVA_LONG, 0, HOOK_SIZE);
        hook.set(JAVA_INT, HOOK_IFINDEX, ifindex);
        hook.set(JAVA_INT, HOOK_ATTACH_POINT, attachPoint);
        return hook;
    }

    private static MemorySegment opts(Arena arena, int handle, int priority) {
        MemorySegment opts = arena.allocate(OPTS_SIZE, 8);
        opts.set(JAVA_LONG, 0, OPTS_SIZE);
        opts.set(JAVA_INT, OPTS_HANDLE, handle);
        opts.set(JAVA_INT, OPTS_PRIORITY, priority);
        return opts;
    }

    private static String describe(int ifindex, Point point, int handle, int priority) {
        return "ifindex " + ifindex + ", " + point + ", handle " + handle + ", priority " + priority;
    }
}
