// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the headers of a report's inner frame: Ethernet, up to two VLAN tags, IPv4 or IPv6 (with
 * hop-by-hop, routing, fragment and destination-options extension headers), then the TCP/UDP
 * ports or the ICMP type and code.
 *
 * <p>Inner frames are truncated copies coming from the network, so the parser never throws: it
 * stops where the bytes end or stop making sense and returns what it has read so far.
 */
public final class InnerPacketParser {

    private static final int ETH_HEADER = 14;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int ETHERTYPE_QINQ_OLD = 0x9100;
    private static final int MAX_VLAN_TAGS = 2;

    private static final int IPV6_HEADER = 40;
    private static final int EXT_HOP_BY_HOP = 0;
    private static final int EXT_ROUTING = 43;
    private static final int EXT_FRAGMENT = 44;
    private static final int EXT_DEST_OPTS = 60;
    // Bound on extension headers so a crafted chain cannot keep the parser busy.
    private static final int MAX_EXT_HEADERS = 8;

    private InnerPacketParser() {
    }

    public static InnerPacket parse(byte[] frame) {
        return parse(frame, 0, frame.length);
    }

    /** Parses {@code length} bytes of {@code frame} from {@code offset}. */
    public static InnerPacket parse(byte[] frame, int offset, int length) {
        return new Cursor(frame, offset, length).parse();
    }

    /** Parsing state for one frame: the fields found so far and where reading stopped. */
    private static final class Cursor {
        private final byte[] b;
        private final int base;
        private final int end;

        private int etherType = -1;
        private final List<Integer> vlanIds = new ArrayList<>(MAX_VLAN_TAGS);
        private int ipVersion;
        private InetAddress src;
        private InetAddress dst;
        private int protocol = -1;
        private int srcPort;
        private int dstPort;
        private int icmpType = -1;
        private int icmpCode = -1;
        private boolean truncated;

        Cursor(byte[] b, int offset, int length) {
            this.b = b;
            this.base = Math.max(0, Math.min(offset, b.length));
            this.end = Math.max(base, Math.min(b.length, base + Math.max(0, length)));
        }

        InnerPacket parse() {
            int l3 = ethernet();
            if (l3 >= 0) {
                if (etherType == ETHERTYPE_IPV4) {
                    ipv4(l3);
                } else if (etherType == ETHERTYPE_IPV6) {
                    ipv6(l3);
                }
            }
            return new InnerPacket(etherType, vlanIds, ipVersion, src, dst, protocol,
                    srcPort, dstPort, icmpType, icmpCode, truncated);
        }

        /** Reads the Ethernet header and VLAN tags; returns the L3 offset, or -1 to stop. */
        private int ethernet() {
            if (!has(base, ETH_HEADER)) {
                return stopTruncated();
            }
            int at = base + 12;
            etherType = u16(at);
            at += 2;
            while (isVlanTag(etherType) && vlanIds.size() < MAX_VLAN_TAGS) {
                if (!has(at, 4)) {
                    return stopTruncated();
                }
                vlanIds.add(u16(at) & 0x0FFF);
                etherType = u16(at + 2);
                at += 4;
            }
            return at;
        }

        private void ipv4(int at) {
            if (!has(at, 20)) {
                stopTruncated();
                return;
            }
            int headerLength = (b[at] & 0x0F) * 4;
            if ((b[at] & 0xF0) >> 4 != 4 || headerLength < 20) {
                return; // not a readable IPv4 header despite the EtherType
            }
            ipVersion = 4;
            protocol = b[at + 9] & 0xFF;
            src = address(at + 12, 4);
            dst = address(at + 16, 4);
            // Only the first fragment carries the L4 header.
            if ((u16(at + 6) & 0x1FFF) != 0) {
                return;
            }
            transport(at + headerLength, protocol == InnerPacket.PROTO_ICMP);
        }

        private void ipv6(int at) {
            if (!has(at, IPV6_HEADER)) {
                stopTruncated();
                return;
            }
            if ((b[at] & 0xF0) >> 4 != 6) {
                return;
            }
            ipVersion = 6;
            src = address(at + 8, 16);
            dst = address(at + 24, 16);
            int next = b[at + 6] & 0xFF;
            at += IPV6_HEADER;
            for (int i = 0; i < MAX_EXT_HEADERS && isExtensionHeader(next); i++) {
                protocol = next; // what we know so far if the chain is cut short
                if (!has(at, 8)) {
                    stopTruncated();
                    return;
                }
                int following = b[at] & 0xFF;
                if (next == EXT_FRAGMENT) {
                    boolean firstFragment = (u16(at + 2) & 0xFFF8) == 0;
                    if (!firstFragment) {
                        protocol = following;
                        return;
                    }
                    at += 8;
                } else {
                    at += ((b[at + 1] & 0xFF) + 1) * 8;
                }
                next = following;
            }
            protocol = next;
            transport(at, protocol == InnerPacket.PROTO_ICMPV6);
        }

        private void transport(int at, boolean icmp) {
            if (icmp) {
                if (!has(at, 2)) {
                    stopTruncated();
                    return;
                }
                icmpType = b[at] & 0xFF;
                icmpCode = b[at + 1] & 0xFF;
            } else if (protocol == InnerPacket.PROTO_TCP || protocol == InnerPacket.PROTO_UDP) {
                if (!has(at, 4)) {
                    stopTruncated();
                    return;
                }
                srcPort = u16(at);
                dstPort = u16(at + 2);
            }
        }

        private static boolean isVlanTag(int type) {
            return type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD;
        }

        private static boolean isExtensionHeader(int next) {
            return next == EXT_HOP_BY_HOP || next == EXT_ROUTING || next == EXT_FRAGMENT
                    || next == EXT_DEST_OPTS;
        }

        private int stopTruncated() {
            truncated = true;
            return -1;
        }

        private boolean has(int at, int count) {
            return at >= base && at <= end - count;
        }

        private int u16(int at) {
            return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
        }

        private InetAddress address(int at, int length) {
            byte[] raw = new byte[length];
            System.arraycopy(b, at, raw, 0, length);
            try {
                // Inet6Address keeps an IPv4-mapped IPv6 address as IPv6 (getByAddress would not).
                return length == 16 ? Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
            } catch (UnknownHostException e) {
                throw new AssertionError("4 or 16 bytes are always a valid address", e);
            }
        }
    }
}
