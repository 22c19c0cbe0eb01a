// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import net.inthostreporter.report.InnerPacket;

/**
 * Recognises one packet in the reports of several hops: a CRC-32C of the snapshot from the IP
 * header on, leaving out what a routing hop changes (MAC addresses, the IPv4 TTL and header
 * checksum, the IPv6 hop limit). At most {@value #MAX_BYTES} bytes count, so hops with different
 * snapshot lengths still agree. NATed packets differ in their addresses and are not recognised,
 * which only costs a link inference.
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

    private PacketFingerprint() {
    }

    static long of(MemorySegment snapshot, InnerPacket inner) {
        if (!inner.isIp()) {
            return NONE;
        }
        ByteBuffer frame = snapshot.asByteBuffer();
        int l3 = ETHERNET_HEADER + VLAN_TAG * inner.vlanIds().size();
        int end = Math.min(frame.limit(), l3 + MAX_BYTES);
        CRC32C crc = new CRC32C();
        if (inner.ipVersion() == 4) {
            if (end < l3 + IPV4_CHECKSUM + 2) {
                return NONE;
            }
            crc.update(frame.slice(l3, IPV4_TTL));
            crc.update(frame.slice(l3 + IPV4_TTL + 1, IPV4_CHECKSUM - IPV4_TTL - 1)); // protocol
            crc.update(frame.slice(l3 + IPV4_CHECKSUM + 2, end - (l3 + IPV4_CHECKSUM + 2)));
        } else {
            if (end < l3 + IPV6_HOP_LIMIT + 1) {
                return NONE;
            }
            crc.update(frame.slice(l3, IPV6_HOP_LIMIT));
            crc.update(frame.slice(l3 + IPV6_HOP_LIMIT + 1, end - (l3 + IPV6_HOP_LIMIT + 1)));
        }
        return crc.getValue();
    }
}
