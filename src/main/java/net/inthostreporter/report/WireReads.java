// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import java.nio.ByteBuffer;

/**
 * Absolute big-endian reads of unsigned fields for the decoders: they ignore the buffer's byte
 * order (the wire is big-endian whatever the caller set) and leave its position alone.
 */
final class WireReads {

    private WireReads() {
    }

    static int u8(ByteBuffer b, int at) {
        return b.get(at) & 0xFF;
    }

    static int u16(ByteBuffer b, int at) {
        return u8(b, at) << 8 | u8(b, at + 1);
    }

    static long u32(ByteBuffer b, int at) {
        return (long) u16(b, at) << 16 | u16(b, at + 2);
    }

    static long u64(ByteBuffer b, int at) {
        return u32(b, at) << 32 | u32(b, at + 4);
    }
}
