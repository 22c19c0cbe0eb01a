// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import java.net.InetAddress;
import java.util.List;

/**
 * What could be read from a report's inner Ethernet frame. Fields the frame did not reach, or
 * that the protocol does not have, hold their "absent" value: null addresses, -1 numbers,
 * 0 ports.
 *
 * @param etherType  the EtherType after any VLAN tags (e.g. 0x0800), -1 if the frame is shorter
 *                   than an Ethernet header
 * @param vlanIds    VLAN ids of up to two tags, outermost first
 * @param ipVersion  4 or 6, 0 when not IP (or the IP header could not be read)
 * @param src        source address, null when not IP
 * @param dst        destination address, null when not IP
 * @param protocol   IP protocol / IPv6 next header after extension headers, -1 when not IP
 * @param srcPort    TCP/UDP source port, 0 otherwise
 * @param dstPort    TCP/UDP destination port, 0 otherwise
 * @param icmpType   ICMP/ICMPv6 type, -1 otherwise
 * @param icmpCode   ICMP/ICMPv6 code, -1 otherwise
 * @param truncated  the frame ended before the headers up to the L4 ports / ICMP type and code
 */
public record InnerPacket(
        int etherType,
        List<Integer> vlanIds,
        int ipVersion,
        InetAddress src,
        InetAddress dst,
        int protocol,
        int srcPort,
        int dstPort,
        int icmpType,
        int icmpCode,
        boolean truncated) {

    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int PROTO_ICMPV6 = 58;

    public InnerPacket {
        vlanIds = List.copyOf(vlanIds);
    }

    /** True when the frame carries an IPv4 or IPv6 packet whose addresses were read. */
    public boolean isIp() {
        return ipVersion != 0;
    }

    /** True for ICMP and ICMPv6. */
    public boolean isIcmp() {
        return protocol == PROTO_ICMP || protocol == PROTO_ICMPV6;
    }

    /** Protocol name for display: TCP, UDP, ICMP, ICMPv6, or "proto-N". */
    public String protocolName() {
        return protocolName(protocol);
    }

    /** Display name of an IP protocol number: TCP, UDP, ICMP, ICMPv6, or "proto-N". */
    public static String protocolName(int protocol) {
        return switch (protocol) {
            case PROTO_TCP -> "TCP";
            case PROTO_UDP -> "UDP";
            case PROTO_ICMP -> "ICMP";
            case PROTO_ICMPV6 -> "ICMPv6";
            default -> "proto-" + protocol;
        };
    }
}
