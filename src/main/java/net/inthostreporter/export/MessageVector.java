// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.export;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * A preallocated {@code struct mmsghdr[]} for sendmmsg(2), one iovec and one control message
 * (UDP_SEGMENT) per entry, filled in place before each call. Layouts are those of x86-64 glibc.
 */
final class MessageVector {
    // struct iovec { void *iov_base; size_t iov_len; }
    static final StructLayout IOVEC = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("iov_base"), ValueLayout.JAVA_LONG.withName("iov_len"));
    // struct msghdr { void *msg_name; socklen_t msg_namelen; struct iovec *msg_iov; size_t msg_iovlen;
    //                 void *msg_control; size_t msg_controllen; int msg_flags; }
    static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("msg_name"),
            ValueLayout.JAVA_INT.withName("msg_namelen"), MemoryLayout.paddingLayout(4),
            ValueLayout.JAVA_LONG.withName("msg_iov"),
            ValueLayout.JAVA_LONG.withName("msg_iovlen"),
            ValueLayout.JAVA_LONG.withName("msg_control"),
            ValueLayout.JAVA_LONG.withName("msg_controllen"),
            ValueLayout.JAVA_INT.withName("msg_flags"), MemoryLayout.paddingLayout(4));
    // struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; }
    static final StructLayout MMSGHDR = MemoryLayout.structLayout(
            MSGHDR.withName("msg_hdr"), ValueLayout.JAVA_INT.withName("msg_len"), MemoryLayout.paddingLayout(4));
    // struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; } then the data, here a u16
    // segment size; CMSG_SPACE(2) = 16 + 8 (data aligned up to 8), CMSG_LEN(2) = 16 + 2.
    static final long CMSG_SPACE_U16 = 24;
    static final long CMSG_LEN_U16 = 18;

    private static final long NAME = MSGHDR.byteOffset(groupElement("msg_name"));
    private static final long NAMELEN = MSGHDR.byteOffset(groupElement("msg_namelen"));
    private static final long IOV = MSGHDR.byteOffset(groupElement("msg_iov"));
    private static final long IOVLEN = MSGHDR.byteOffset(groupElement("msg_iovlen"));
    private static final long CONTROL = MSGHDR.byteOffset(groupElement("msg_control"));
    private static final long CONTROLLEN = MSGHDR.byteOffset(groupElement("msg_controllen"));
    private static final long FLAGS = MSGHDR.byteOffset(groupElement("msg_flags"));

    private final MemorySegment messages;
    private final MemorySegment iovecs;
    private final MemorySegment controls;
    private final int capacity;

    MessageVector(Arena arena, int capacity, MemorySegment destination) {
        this.capacity = capacity;
        this.messages = arena.allocate(MMSGHDR, capacity);
        this.iovecs = arena.allocate(IOVEC, capacity);
        this.controls = arena.allocate(CMSG_SPACE_U16 * capacity, 8);
        for (int i = 0; i < capacity; i++) { // what never changes between calls
            long m = i * MMSGHDR.byteSize();
            messages.set(ValueLayout.JAVA_LONG, m + NAME, destination.address());
            messages.set(ValueLayout.JAVA_INT, m + NAMELEN, (int) destination.byteSize());
            messages.set(ValueLayout.JAVA_LONG, m + IOV, iovecs.address() + i * IOVEC.byteSize());
            messages.set(ValueLayout.JAVA_LONG, m + IOVLEN, 1);
            long c = i * CMSG_SPACE_U16;
            controls.set(ValueLayout.JAVA_LONG, c, CMSG_LEN_U16);
            controls.set(ValueLayout.JAVA_INT, c + 8, UdpSocket.SOL_UDP);
            controls.set(ValueLayout.JAVA_INT, c + 12, UdpSocket.UDP_SEGMENT);
        }
    }

    int capacity() {
        return capacity;
    }

    /**
     * Sets message {@code i} to {@code length} bytes at native address {@code data}, cut by the
     * kernel into segments of {@code segmentSize} bytes (0: one datagram, no control message).
     */
    void set(int i, long data, long length, int segmentSize) {
        long v = i * IOVEC.byteSize();
        iovecs.set(ValueLayout.JAVA_LONG, v, data);
        iovecs.set(ValueLayout.JAVA_LONG, v + 8, length);
        long m = i * MMSGHDR.byteSize();
        if (segmentSize > 0) {
            long c = i * CMSG_SPACE_U16;
            controls.set(ValueLayout.JAVA_SHORT, c + 16, (short) segmentSize);
            messages.set(ValueLayout.JAVA_LONG, m + CONTROL, controls.address() + c);
            messages.set(ValueLayout.JAVA_LONG, m + CONTROLLEN, CMSG_SPACE_U16);
        } else {
            messages.set(ValueLayout.JAVA_LONG, m + CONTROL, 0L);
            messages.set(ValueLayout.JAVA_LONG, m + CONTROLLEN, 0L);
        }
        messages.set(ValueLayout.JAVA_INT, m + FLAGS, 0);
    }

    /** msg_len of message {@code i}: what the kernel sent or received for it in the last call. */
    int messageLength(int i) {
        return messages.get(ValueLayout.JAVA_INT, i * MMSGHDR.byteSize() + MSGHDR.byteSize());
    }

    /** Native address of message {@code i}, for sendmmsg. */
    long address(int i) {
        return messages.address() + i * MMSGHDR.byteSize();
    }
}
