// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.inthostreporter.sys.Libc;

/**
 * A TC program attached through TCX (kernel 6.6+) as a BPF link: the attachment lives
 * exactly as long as the link fd, so a killed agent leaves nothing behind.
 *
 * <p>libbpf 1.1 has no bpf_program__attach_tcx; bpf_link_create with the TCX attach types
 * works because libbpf passes {@code opts->flags} on to {@code attr.link_create.flags} for
 * attach types it does not know, and the (zeroed) relative fd/id that follow mean "relative
 * to the whole chain". The ifindex is resolved in the calling thread's network namespace.
 */
public final class TcxLink implements AutoCloseable {
    /** TCX attach points (enum bpf_attach_type). */
    public enum Direction {
        INGRESS(46), EGRESS(47);

        final int attachType;

        Direction(int attachType) {
            this.attachType = attachType;
        }

        @Override
        public String toString() {
            return "tcx_" + name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where in the interface's chain the program goes. */
    public enum Position {
        /** BPF_F_BEFORE with no relative program: before every program already attached. */
        FIRST(1 << 3),
        /** No flag: appended after every program already attached. */
        LAST(0);

        final int flags;

        Position(int flags) {
            this.flags = flags;
        }
    }

    /** sizeof(struct bpf_link_create_opts) in libbpf 1.1; flags at offset 8. */
    private static final long LINK_CREATE_OPTS_SIZE = 64;
    private static final long LINK_CREATE_OPTS_FLAGS = 8;
    /** sizeof(struct bpf_prog_query_opts) in libbpf 1.1. */
    private static final long QUERY_OPTS_SIZE = 40;
    private static final long QUERY_OPTS_PROG_IDS = 16;
    private static final long QUERY_OPTS_PROG_CNT = 24;
    /** struct bpf_link_info: type@0, id@4, prog_id@8, then the union (tcx.ifindex@16, tcx.attach_type@20). */
    private static final int LINK_INFO_SIZE = 64;
    private static final long LINK_INFO_ID = 4;
    private static final long LINK_INFO_PROG_ID = 8;
    private static final long LINK_INFO_TCX_IFINDEX = 16;

    private final int ifindex;
    private final Direction direction;
    private final int linkId;
    private int fd;

    private TcxLink(int fd, int ifindex, Direction direction, int linkId) {
        this.fd = fd;
        this.ifindex = ifindex;
        this.direction = direction;
        this.linkId = linkId;
    }

    /** Attaches {@code progFd} first in the TCX chain of the interface. */
    public static TcxLink attachFirst(int ifindex, Direction direction, int progFd) {
        return attach(ifindex, direction, progFd, Position.FIRST);
    }

    /** Attaches {@code progFd} at a position of the TCX chain of the interface. */
    public static TcxLink attach(int ifindex, Direction direction, int progFd, Position position) {
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = arena.allocate(LINK_CREATE_OPTS_SIZE, 8);
            opts.set(JAVA_LONG, 0, LINK_CREATE_OPTS_SIZE);
            opts.set(JAVA_INT, LINK_CREATE_OPTS_FLAGS, position.flags);
            fd = (int) Libbpf.LinkCalls.LINK_CREATE.invokeExact(progFd, ifindex, direction.attachType, opts);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
        BpfException.check(fd, "bpf_link_create", "ifindex " + ifindex + ", " + direction + ", "
                + position.name().toLowerCase(Locale.ROOT) + ", prog fd " + progFd);
        try {
            return new TcxLink(fd, ifindex, direction, info(fd).get(JAVA_INT, LINK_INFO_ID));
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /**
     * The ids of the programs in the interface's TCX chain, in the order they run
     * (bpf_prog_query_opts on the ifindex).
     */
    public static List<Integer> programIds(int ifindex, Direction direction) {
        int capacity = 64;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ids = arena.allocate(JAVA_INT, capacity);
            MemorySegment opts = arena.allocate(QUERY_OPTS_SIZE, 8);
            opts.set(JAVA_LONG, 0, QUERY_OPTS_SIZE);
            opts.set(ADDRESS, QUERY_OPTS_PROG_IDS, ids);
            opts.set(JAVA_INT, QUERY_OPTS_PROG_CNT, capacity);
            int rc = (int) Libbpf.LinkCalls.PROG_QUERY_OPTS.invokeExact(ifindex, direction.attachType, opts);
            BpfException.check(rc, "bpf_prog_query_opts", "ifindex " + ifindex + ", " + direction);
            int count = Math.min(opts.get(JAVA_INT, QUERY_OPTS_PROG_CNT), capacity);
            List<Integer> result = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                result.add(ids.getAtIndex(JAVA_INT, i));
            }
            return result;
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    public int fd() {
        requireOpen();
        return fd;
    }

    public int linkId() {
        return linkId;
    }

    public int ifindex() {
        return ifindex;
    }

    public Direction direction() {
        return direction;
    }

    /** The id of the program this link runs. */
    public int programId() {
        requireOpen();
        return info(fd).get(JAVA_INT, LINK_INFO_PROG_ID);
    }

    /**
     * Whether the link still hangs on its interface: the kernel detaches a TCX link when the
     * interface goes away and then reports ifindex 0, while the fd stays valid.
     */
    public boolean isAttached() {
        return fd >= 0 && info(fd).get(JAVA_INT, LINK_INFO_TCX_IFINDEX) != 0;
    }

    private static MemorySegment info(int linkFd) {
        Arena arena = Arena.ofAuto();
        MemorySegment info = arena.allocate(LINK_INFO_SIZE, 8);
        try {
            MemorySegment len = arena.allocateFrom(JAVA_INT, LINK_INFO_SIZE);
            int rc = (int) Libbpf.InfoCalls.OBJ_GET_INFO_BY_FD.invokeExact(linkFd, info, len);
            BpfException.check(rc, "bpf_obj_get_info_by_fd", "link fd " + linkFd);
            return info;
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    private void requireOpen() {
        if (fd < 0) {
            throw new IllegalStateException("TCX link " + linkId + " (ifindex " + ifindex + ", " + direction + ") is closed");
        }
    }

    /** Closes the link fd, which detaches the program. */
    @Override
    public void close() {
        if (fd >= 0) {
            Libc.close(fd);
            fd = -1;
        }
    }

    @Override
    public String toString() {
        return "TcxLink[id " + linkId + ", ifindex " + ifindex + ", " + direction + "]";
    }
}
