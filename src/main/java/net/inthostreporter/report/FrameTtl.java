// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Reads the IPv4 TTL or IPv6 hop limit of an Ethernet frame (up to two VLAN tags), without allocating. */
public final class FrameTtl {
    /** Returned when the frame is not IP or too short to hold the field. */
    public static final int ABSENT = -1;

    private FrameTtl() {
    }

    public static int of(MemorySegment frame) {
        return of(frame, 0, frame.byteSize());
    }

    /** The frame of {@code size} bytes at {@code offset} in {@code memory} (a record read in place). */
    public static int of(MemorySegment memory, long offset, long size) {
        long at = 12;
        for (int tags = 0; tags <= 2; tags++) {
            if (size < at + 2) {
                return ABSENT;
            }
            int type = u16(memory, offset + at);
            if (type == 0x8100 || type == 0x88A8 || type == 0x9100) {
                at += 4;
                continue;
            }
            long l3 = at + 2;
            if (type == 0x0800 && size > l3 + 8) {
                return Byte.toUnsignedInt(memory.get(ValueLayout.JAVA_BYTE, offset + l3 + 8));
            }
            if (type == 0x86DD && size > l3 + 7) {
                return Byte.toUnsignedInt(memory.get(ValueLayout.JAVA_BYTE, offset + l3 + 7));
            }
            return ABSENT;
        }
        return ABSENT;
    }

    private static int u16(MemorySegment frame, long at) {
        return Byte.toUnsignedInt(frame.get(ValueLayout.JAVA_BYTE, at)) << 8
                | Byte.toUnsignedInt(frame.get(ValueLayout.JAVA_BYTE, at + 1));
    }
}
