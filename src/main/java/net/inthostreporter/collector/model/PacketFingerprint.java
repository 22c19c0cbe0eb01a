// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.zip.CRC32C;

import net.inthostreporter.report.InnerPacket;

/**
 * Recognises one packet in the reports of several hops: a CRC-32C of the snapshot from the IP
 * header on, leaving out what a routing hop changes (MAC addresses, the IPv4 TTL and header
 * checksum, the IPv6 hop limit). At most {@value #MAX_BYTES} bytes count, so hops with different
 * snapshot lengths still agree. NATed packets differ in their addresses and are not recognised,
 * which only costs a link inference.
 *
 * <p>One instance per model, used under its lock: the scratch buffer and the checksum are reused,
 * so nothing is allocated per report.
 */
final class PacketFingerprint {
    /** Marks a snapshot without a readable IP header. */
    static final long NONE = -1;
    static final int MAX_BYTES = 64;
    private static final int ETHERNET_HEADER = 14;
    private static final int VLAN_TAG = 4;
    private static final int IPV4_TTL = 8;
    private static final int IPV4_CHECKSUM = 10;
    private static final int IPV6_HOP_LIMIT = 7;

    private final byte[] scratch = new byte[MAX_BYTES];
    private final CRC32C crc = new CRC32C();

    long of(MemorySegment snapshot, InnerPacket inner) {
        if (!inner.isIp()) {
            return NONE;
        }
        long l3 = ETHERNET_HEADER + (long) VLAN_TAG * inner.vlanIds().size();
        int length = (int) Math.min(MAX_BYTES, snapshot.byteSize() - l3);
        int mutableField = inner.ipVersion() == 4 ? IPV4_CHECKSUM + 2 : IPV6_HOP_LIMIT + 1;
        if (length < mutableField) {
            return NONE;
        }
        MemorySegment.copy(snapshot, ValueLayout.JAVA_BYTE, l3, scratch, 0, length);
        if (inner.ipVersion() == 4) {
            scratch[IPV4_TTL] = 0;
            scratch[IPV4_CHECKSUM] = 0;
            scratch[IPV4_CHECKSUM + 1] = 0;
        } else {
            scratch[IPV6_HOP_LIMIT] = 0;
        }
        crc.reset();
        crc.update(scratch, 0, length);
        return crc.getValue();
    }
}
