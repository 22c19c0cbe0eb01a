// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.inthostreporter.sys.Errno;
import net.inthostreporter.sys.Libc;

/**
 * What the kernel tells about a loaded program: its id, type and (up to 15 characters)
 * name. The name is how filters left behind by a killed run are recognised as ours.
 */
public record ProgramInfo(int id, int type, String name) {
    /** sizeof(struct bpf_prog_info) up to the fields read here and beyond (kernel 6.1 layout). */
    private static final int PROG_INFO_SIZE = 232;
    private static final long INFO_TYPE = 0;
    private static final long INFO_ID = 4;
    private static final long INFO_NAME = 64;
    private static final int OBJ_NAME_LEN = 16;

    /** Reads the information of a program fd (bpf_obj_get_info_by_fd). */
    public static ProgramInfo ofFd(int progFd) {
        try (Arena arena = Arena.ofConfined()) {
            // Zeroed: the pointer fields (map_ids, jited insns...) must be NULL so that the
            // kernel copies nothing into user memory we did not provide.
            MemorySegment info = arena.allocate(PROG_INFO_SIZE, 8);
            MemorySegment len = arena.allocateFrom(JAVA_INT, PROG_INFO_SIZE);
            int rc = (int) Libbpf.InfoCalls.OBJ_GET_INFO_BY_FD.invokeExact(progFd, info, len);
            BpfException.check(rc, "bpf_obj_get_info_by_fd", "prog fd " + progFd);
            byte[] raw = info.asSlice(INFO_NAME, OBJ_NAME_LEN).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            int end = 0;
            while (end < raw.length && raw[end] != 0) {
                end++;
            }
            return new ProgramInfo(info.get(JAVA_INT, INFO_ID), info.get(JAVA_INT, INFO_TYPE),
                    new String(raw, 0, end, StandardCharsets.UTF_8));
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /** Reads the information of a program by id, or empty when no such program exists (ENOENT). */
    public static Optional<ProgramInfo> ofId(int progId) {
        int fd;
        try {
            fd = (int) Libbpf.InfoCalls.PROG_GET_FD_BY_ID.invokeExact(progId);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
        if (fd == -Errno.ENOENT) {
            return Optional.empty();
        }
        BpfException.check(fd, "bpf_prog_get_fd_by_id", "prog id " + progId);
        try {
            return Optional.of(ofFd(fd));
        } finally {
            Libc.close(fd);
        }
    }
}
