// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Writes a report's inner frame in the packet's ingress view (--nat-view ingress): the IP
 * source and destination and the TCP/UDP ports become those recorded at the ingress hook, so a
 * v0.5 collector sees the Service address a client used instead of the pod the host's NAT chose.
 *
 * <p>The frame is written once, while the report is encoded: the captured frame is only read,
 * the spans between the changed fields are copied from it, and the changed fields and their
 * checksums are written in place of the captured ones. Checksums stay valid where their field is
 * inside the snapshot: the IPv4 header checksum, and the TCP, UDP and ICMPv6 checksums (whose
 * pseudo-header holds the addresses), each updated incrementally (RFC 1624) for every 16-bit word
 * that changed. An IPv4 UDP checksum of 0 (none) stays 0. Frames whose IP version or protocol
 * differ from the recorded tuple, non-IP frames and IPv4 headers shorter than 20 bytes are
 * copied as captured. Allocates nothing.
 */
public final class IngressViewFrame {
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int PROTO_TCP = 6;
    private static final int PROTO_UDP = 17;
    private static final int PROTO_ICMPV6 = 58;
    private static final int MAX_VLAN_TAGS = 2;
    private static final int MAX_EXT_HEADERS = 6;

    private IngressViewFrame() {
    }

    /**
     * Writes the observation's frame ({@link PacketObservation#frameLength()} bytes) to
     * {@code out} at {@code at}, in the ingress view where the frame allows it.
     *
     * @return true when addresses or ports were put back, false when the frame was copied as captured
     */
    public static boolean write(PacketObservation obs, MemorySegment out, long at) {
        boolean rewritten = false;
        long typeAt = 12;
        for (int tags = 0; tags <= MAX_VLAN_TAGS && has(obs, typeAt, 2); tags++) {
            int type = u16(obs, typeAt);
            if (type == 0x8100 || type == 0x88A8 || type == 0x9100) {
                typeAt += 4;
                continue;
            }
            if (type == ETHERTYPE_IPV4 && obs.ingressIpVersion() == 4) {
                rewritten = ipv4(obs, typeAt + 2, out, at);
            } else if (type == ETHERTYPE_IPV6 && obs.ingressIpVersion() == 6) {
                rewritten = ipv6(obs, typeAt + 2, out, at);
            }
            break;
        }
        if (!rewritten) {
            obs.copyFrame(out, at);
        }
        return rewritten;
    }

    /** {@code f}: the observation whose frame is written. Checks first and writes nothing when it returns false. */
    private static boolean ipv4(PacketObservation f, long l3, MemorySegment out, long at) {
        if (!has(f, l3, 20) || (u8(f, l3) >> 4) != 4 || u8(f, l3 + 9) != f.ingressProtocol()) {
            return false;
        }
        int headerLength = (u8(f, l3) & 0x0F) * 4;
        if (headerLength < 20) {
            return false; // malformed: the ports' place cannot be told
        }
        long l4 = l3 + headerLength;
        int protocol = f.ingressProtocol();
        boolean firstFragment = (u16(f, l3 + 6) & 0x1FFF) == 0;
        long l4Checksum = firstFragment ? l4ChecksumAt(f, l4, protocol, false) : -1;

        long addresses = l3 + 12;
        copy(f, 0, l3 + 10, out, at); // up to the header checksum, written once the addresses are
        f.copyIngressAddresses(0, out, at + addresses, 4);      // source
        f.copyIngressAddresses(16, out, at + addresses + 4, 4); // destination
        int ipSum = u16(f, l3 + 10);
        int l4Sum = l4Checksum >= 0 ? u16(f, l4Checksum) : 0;
        for (int word = 0; word < 8; word += 2) {
            int old = u16(f, addresses + word);
            int now = u16(out, at + addresses + word);
            ipSum = adjust(ipSum, old, now);
            l4Sum = adjust(l4Sum, old, now);
        }
        put16(out, at + l3 + 10, ipSum);
        transport(f, l3 + 20, l4, protocol, firstFragment, l4Checksum, l4Sum, out, at);
        return true;
    }

    /** Checks first and writes nothing when it returns false. */
    private static boolean ipv6(PacketObservation f, long l3, MemorySegment out, long at) {
        if (!has(f, l3, 40) || (u8(f, l3) >> 4) != 6) {
            return false;
        }
        int next = u8(f, l3 + 6);
        long l4 = l3 + 40;
        boolean firstFragment = true;
        for (int i = 0; i < MAX_EXT_HEADERS && (next == 0 || next == 43 || next == 44 || next == 60); i++) {
            if (!has(f, l4, 8)) {
                return false;
            }
            int following = u8(f, l4);
            if (next == 44) {
                firstFragment = (u16(f, l4 + 2) & 0xFFF8) == 0;
                l4 += 8;
            } else {
                l4 += (u8(f, l4 + 1) + 1) * 8L;
            }
            next = following;
        }
        if (next != f.ingressProtocol()) {
            return false;
        }
        long l4Checksum = firstFragment ? l4ChecksumAt(f, l4, next, true) : -1;

        long addresses = l3 + 8;
        copy(f, 0, addresses, out, at);
        f.copyIngressAddresses(0, out, at + addresses, 32);
        int l4Sum = l4Checksum >= 0 ? u16(f, l4Checksum) : 0;
        for (int word = 0; word < 32; word += 2) {
            l4Sum = adjust(l4Sum, u16(f, addresses + word), u16(out, at + addresses + word));
        }
        transport(f, l3 + 40, l4, next, firstFragment, l4Checksum, l4Sum, out, at);
        return true;
    }

    /**
     * Writes the frame from {@code from} (the end of the fixed IP header) on: extension headers
     * or options as captured, the ingress ports (TCP, UDP, first fragments), the L4 checksum
     * updated for addresses and ports, and the rest as captured.
     */
    private static void transport(PacketObservation f, long from, long l4, int protocol, boolean firstFragment, long l4Checksum,
                                  int l4Sum, MemorySegment out, long at) {
        long cursor = from;
        if (firstFragment && (protocol == PROTO_TCP || protocol == PROTO_UDP) && has(f, l4, 4)) {
            copy(f, cursor, l4, out, at);
            int source = f.ingressSourcePort() & 0xFFFF;
            int destination = f.ingressDestinationPort() & 0xFFFF;
            l4Sum = adjust(l4Sum, u16(f, l4), source);
            l4Sum = adjust(l4Sum, u16(f, l4 + 2), destination);
            put16(out, at + l4, source);
            put16(out, at + l4 + 2, destination);
            if (protocol == PROTO_UDP && l4Sum == 0) {
                l4Sum = 0xFFFF; // 0 means "no checksum" in UDP
            }
            cursor = l4 + 4;
        }
        if (l4Checksum >= 0) {
            copy(f, cursor, l4Checksum, out, at);
            put16(out, at + l4Checksum, l4Sum);
            cursor = l4Checksum + 2;
        }
        copy(f, cursor, f.frameLength(), out, at);
    }

    /** Where the L4 checksum is, or -1 when it is absent, not in the snapshot, or an IPv4 UDP "no checksum". */
    private static long l4ChecksumAt(PacketObservation f, long l4, int protocol, boolean ipv6) {
        long at = switch (protocol) {
            case PROTO_TCP -> l4 + 16;
            case PROTO_UDP -> l4 + 6;
            case PROTO_ICMPV6 -> ipv6 ? l4 + 2 : -1;
            default -> -1;
        };
        if (at < 0 || !has(f, at, 2)) {
            return -1;
        }
        if (protocol == PROTO_UDP && !ipv6 && u16(f, at) == 0) {
            return -1;
        }
        return at;
    }

    /** RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), in ones' complement arithmetic; an unchanged word changes nothing. */
    private static int adjust(int checksum, int old, int now) {
        if (old == now) {
            return checksum;
        }
        int sum = (~checksum & 0xFFFF) + (~old & 0xFFFF) + now;
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return ~sum & 0xFFFF;
    }

    private static int u16(MemorySegment b, long at) {
        return Byte.toUnsignedInt(b.get(ValueLayout.JAVA_BYTE, at)) << 8
                | Byte.toUnsignedInt(b.get(ValueLayout.JAVA_BYTE, at + 1));
    }

    private static void put16(MemorySegment b, long at, int value) {
        b.set(ValueLayout.JAVA_BYTE, at, (byte) (value >>> 8));
        b.set(ValueLayout.JAVA_BYTE, at + 1, (byte) value);
    }

    // The captured frame, read only, through the observation (no object per report): frame-relative,
    // bounds-checked, big-endian.

    private static boolean has(PacketObservation f, long at, long count) {
        return at >= 0 && at + count <= f.frameLength();
    }

    private static int u8(PacketObservation f, long at) {
        return Byte.toUnsignedInt(f.frameMemory().get(ValueLayout.JAVA_BYTE, f.frameOffset() + at));
    }

    private static int u16(PacketObservation f, long at) {
        return u16(f.frameMemory(), f.frameOffset() + at);
    }

    /** Copies frame bytes [from, to) to the same place of the output frame at {@code at}. */
    private static void copy(PacketObservation f, long from, long to, MemorySegment out, long at) {
        MemorySegment.copy(f.frameMemory(), f.frameOffset() + from, out, at + from, to - from);
    }
}
