// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Puts a report's inner frame back to the packet's ingress view (--nat-view ingress): the IP
 * source and destination and the TCP/UDP ports become those recorded at the ingress hook, so a
 * v0.5 collector sees the Service address a client used instead of the pod the host's NAT chose.
 *
 * <p>Works in place on the copy of the frame inside a report being sent, never on the captured
 * event. Checksums stay valid where their field is inside the snapshot: the IPv4 header checksum,
 * and the TCP, UDP and ICMPv6 checksums (whose pseudo-header holds the addresses), each updated
 * incrementally (RFC 1624) for every 16-bit word that changed. An IPv4 UDP checksum of 0 (none)
 * stays 0. Frames whose IP version or protocol differ from the recorded tuple, and non-IP frames,
 * are left alone. Allocates nothing.
 */
public final class IngressViewRewriter {
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int PROTO_TCP = 6;
    private static final int PROTO_UDP = 17;
    private static final int PROTO_ICMPV6 = 58;
    private static final int MAX_VLAN_TAGS = 2;
    private static final int MAX_EXT_HEADERS = 6;

    private IngressViewRewriter() {
    }

    /**
     * Rewrites the frame of {@code length} bytes at {@code offset} in {@code buf}.
     *
     * @return true when addresses or ports were written
     */
    public static boolean rewrite(MemorySegment buf, long offset, long length, PacketObservation obs) {
        Frame f = new Frame(buf, offset, offset + length);
        long at = offset + 12;
        int type = -1;
        for (int tags = 0; tags <= MAX_VLAN_TAGS; tags++) {
            if (!f.has(at, 2)) {
                return false;
            }
            type = f.u16(at);
            if (type != 0x8100 && type != 0x88A8 && type != 0x9100) {
                break;
            }
            at += 4;
        }
        long l3 = at + 2;
        MemorySegment tuple = obs.ingressAddresses();
        if (type == ETHERTYPE_IPV4 && obs.ingressIpVersion() == 4) {
            return ipv4(f, l3, tuple, obs);
        }
        if (type == ETHERTYPE_IPV6 && obs.ingressIpVersion() == 6) {
            return ipv6(f, l3, tuple, obs);
        }
        return false;
    }

    private static boolean ipv4(Frame f, long l3, MemorySegment tuple, PacketObservation obs) {
        if (!f.has(l3, 20) || (f.u8(l3) >> 4) != 4 || f.u8(l3 + 9) != obs.ingressProtocol()) {
            return false;
        }
        int headerLength = (f.u8(l3) & 0x0F) * 4;
        long l4 = l3 + headerLength;
        boolean firstFragment = (f.u16(l3 + 6) & 0x1FFF) == 0;
        int protocol = obs.ingressProtocol();
        long l4Checksum = firstFragment ? l4ChecksumAt(f, l4, protocol, false) : -1;
        for (int word = 0; word < 4; word++) { // source (2 words) then destination (2 words)
            int source = word < 2 ? word * 2 : 16 + (word - 2) * 2;
            long field = l3 + 12 + word * 2L;
            int old = f.u16(field);
            int now = tupleWord(tuple, source);
            f.put16(field, now);
            f.adjust(l3 + 10, old, now);
            if (l4Checksum >= 0) {
                f.adjust(l4Checksum, old, now);
            }
        }
        if (firstFragment) {
            ports(f, l4, protocol, l4Checksum, obs);
        }
        return true;
    }

    private static boolean ipv6(Frame f, long l3, MemorySegment tuple, PacketObservation obs) {
        if (!f.has(l3, 40) || (f.u8(l3) >> 4) != 6) {
            return false;
        }
        int next = f.u8(l3 + 6);
        long l4 = l3 + 40;
        boolean firstFragment = true;
        for (int i = 0; i < MAX_EXT_HEADERS && (next == 0 || next == 43 || next == 44 || next == 60); i++) {
            if (!f.has(l4, 8)) {
                return false;
            }
            int following = f.u8(l4);
            if (next == 44) {
                firstFragment = (f.u16(l4 + 2) & 0xFFF8) == 0;
                l4 += 8;
            } else {
                l4 += (f.u8(l4 + 1) + 1) * 8L;
            }
            next = following;
        }
        if (next != obs.ingressProtocol()) {
            return false;
        }
        long l4Checksum = firstFragment ? l4ChecksumAt(f, l4, next, true) : -1;
        for (int word = 0; word < 16; word++) {
            long field = l3 + 8 + word * 2L;
            int old = f.u16(field);
            int now = tupleWord(tuple, word * 2);
            f.put16(field, now);
            if (l4Checksum >= 0) {
                f.adjust(l4Checksum, old, now);
            }
        }
        if (firstFragment) {
            ports(f, l4, next, l4Checksum, obs);
        }
        return true;
    }

    /** Where the L4 checksum is, or -1 when it is absent, not in the snapshot, or an IPv4 UDP "no checksum". */
    private static long l4ChecksumAt(Frame f, long l4, int protocol, boolean ipv6) {
        long at = switch (protocol) {
            case PROTO_TCP -> l4 + 16;
            case PROTO_UDP -> l4 + 6;
            case PROTO_ICMPV6 -> ipv6 ? l4 + 2 : -1;
            default -> -1;
        };
        if (at < 0 || !f.has(at, 2)) {
            return -1;
        }
        if (protocol == PROTO_UDP && !ipv6 && f.u16(at) == 0) {
            return -1;
        }
        return at;
    }

    private static void ports(Frame f, long l4, int protocol, long l4Checksum, PacketObservation obs) {
        if ((protocol != PROTO_TCP && protocol != PROTO_UDP) || !f.has(l4, 4)) {
            return;
        }
        int oldSource = f.u16(l4);
        int oldDestination = f.u16(l4 + 2);
        f.put16(l4, obs.ingressSourcePort());
        f.put16(l4 + 2, obs.ingressDestinationPort());
        if (l4Checksum >= 0) {
            f.adjust(l4Checksum, oldSource, obs.ingressSourcePort());
            f.adjust(l4Checksum, oldDestination, obs.ingressDestinationPort());
            if (protocol == PROTO_UDP && f.u16(l4Checksum) == 0) {
                f.put16(l4Checksum, 0xFFFF); // 0 means "no checksum" in UDP
            }
        }
    }

    private static int tupleWord(MemorySegment tuple, int at) {
        return Byte.toUnsignedInt(tuple.get(ValueLayout.JAVA_BYTE, at)) << 8
                | Byte.toUnsignedInt(tuple.get(ValueLayout.JAVA_BYTE, at + 1));
    }

    /** Bounds-checked big-endian access to the frame's bytes. */
    private record Frame(MemorySegment b, long start, long end) {
        boolean has(long at, long count) {
            return at >= start && at + count <= end;
        }

        int u8(long at) {
            return Byte.toUnsignedInt(b.get(ValueLayout.JAVA_BYTE, at));
        }

        int u16(long at) {
            return u8(at) << 8 | u8(at + 1);
        }

        void put16(long at, int value) {
            b.set(ValueLayout.JAVA_BYTE, at, (byte) (value >>> 8));
            b.set(ValueLayout.JAVA_BYTE, at + 1, (byte) value);
        }

        /** RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), in ones' complement arithmetic. */
        void adjust(long checksumAt, int old, int now) {
            if (!has(checksumAt, 2) || old == now) {
                return;
            }
            int sum = (~u16(checksumAt) & 0xFFFF) + (~old & 0xFFFF) + now;
            sum = (sum & 0xFFFF) + (sum >>> 16);
            sum = (sum & 0xFFFF) + (sum >>> 16);
            put16(checksumAt, ~sum & 0xFFFF);
        }
    }
}
