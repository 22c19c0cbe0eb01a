// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.links;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The unicast routes of the main routing table that leave by an interface, asked from the kernel
 * with an RTM_GETROUTE dump (IPv4 and IPv6 together, see {@link NetlinkDump}). Blackhole,
 * local, broadcast and multipath routes and other tables are left out.
 */
public final class RouteDump {
    private static final int RTM_NEWROUTE = 24;
    private static final int RTM_GETROUTE = 26;
    /** struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type (u8 each), flags u32. */
    private static final int RTMSG_LEN = 12;
    private static final int RTA_DST = 1;
    private static final int RTA_OIF = 4;
    private static final int RTA_GATEWAY = 5;
    private static final int RTA_VIA = 18;
    private static final int RTA_TABLE = 15;
    private static final int RTN_UNICAST = 1;
    private static final int RT_TABLE_MAIN = 254;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    private RouteDump() {
    }

    /** Every such route, in the kernel's order. */
    public static List<InterfaceRoute> all() {
        return NetlinkDump.all(RTM_GETROUTE, RTMSG_LEN, "RTM_GETROUTE", RTM_NEWROUTE, RouteDump::parseRoute);
    }

    /** Adds the routes of one datagram (package-private for tests with golden bytes). */
    static void parse(MemorySegment datagram, List<InterfaceRoute> into, NetlinkDump.DumpProgress progress) {
        NetlinkDump.parse(datagram, RTM_NEWROUTE, RouteDump::parseRoute, into, progress);
    }

    private static InterfaceRoute parseRoute(MemorySegment payload) {
        if (payload.byteSize() < RTMSG_LEN) {
            return null;
        }
        int family = Byte.toUnsignedInt(payload.get(JAVA_BYTE, 0));
        int prefixLength = Byte.toUnsignedInt(payload.get(JAVA_BYTE, 1));
        int type = Byte.toUnsignedInt(payload.get(JAVA_BYTE, 7));
        if ((family != AF_INET && family != AF_INET6) || type != RTN_UNICAST) {
            return null;
        }
        int length = family == AF_INET ? 4 : 16;
        // The rtmsg table field holds only 8 bits; RTA_TABLE, when present, is the whole id.
        int[] table = {Byte.toUnsignedInt(payload.get(JAVA_BYTE, 4))};
        int[] oif = {0};
        boolean[] viaGateway = {false};
        byte[][] destination = {new byte[length]}; // no RTA_DST: the default route, all zeros
        RouteNetlinkSocket.forEachAttribute(payload, RTMSG_LEN, (attrType, value) -> {
            switch (attrType) {
                case RTA_DST -> destination[0] = value.toArray(JAVA_BYTE);
                case RTA_OIF -> oif[0] = value.byteSize() >= 4 ? value.get(ValueLayout.JAVA_INT_UNALIGNED, 0) : 0;
                case RTA_TABLE -> table[0] = value.byteSize() >= 4 ? value.get(ValueLayout.JAVA_INT_UNALIGNED, 0) : table[0];
                case RTA_GATEWAY, RTA_VIA -> viaGateway[0] = true;
                default -> {
                    // gateway, priority, metrics…: not needed to tell what is behind an interface
                }
            }
        });
        if (table[0] != RT_TABLE_MAIN || oif[0] <= 0 || destination[0].length != length) {
            return null;
        }
        try {
            return new InterfaceRoute(oif[0], InetAddress.getByAddress(destination[0]), prefixLength, !viaGateway[0]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 4 or 16 bytes
        }
    }
}
