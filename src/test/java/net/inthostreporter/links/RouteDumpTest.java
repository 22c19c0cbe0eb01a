// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.inthostreporter.testkit.TestNamespace;

class RouteDumpTest {
    /** rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags (u32). */
    private static void rtmsg(ByteBuffer b, int length, int family, int prefix, int table, int type) {
        b.putInt(length).putShort((short) 24).putShort((short) 2).putInt(1).putInt(0);
        b.put((byte) family).put((byte) prefix).put((byte) 0).put((byte) 0).put((byte) table).put((byte) 3)
                .put((byte) 0).put((byte) type).putInt(0);
    }

    @Test
    void keepsMainTableUnicastRoutesWithAnOutputInterface() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        // 10.244.1.11/32 dev ifindex 5, table main (RTA_TABLE 254 as well)
        rtmsg(b, 16 + 12 + 8 + 8 + 8, 2, 32, 254, 1);
        b.putShort((short) 8).putShort((short) 15).putInt(254);
        b.putShort((short) 8).putShort((short) 1).put(new byte[] {10, (byte) 244, 1, 11});
        b.putShort((short) 8).putShort((short) 4).putInt(5);
        // default via 10.99.0.254 dev ifindex 3: no RTA_DST
        rtmsg(b, 16 + 12 + 8 + 8, 2, 0, 254, 1);
        b.putShort((short) 8).putShort((short) 5).put(new byte[] {10, 99, 0, (byte) 254});
        b.putShort((short) 8).putShort((short) 4).putInt(3);
        // blackhole 10.244.1.0/26: type RTN_BLACKHOLE (6), no interface
        rtmsg(b, 16 + 12 + 8, 2, 26, 254, 6);
        b.putShort((short) 8).putShort((short) 1).put(new byte[] {10, (byte) 244, 1, 0});
        // local 10.99.0.1 dev ifindex 3, table local (255), type RTN_LOCAL (2)
        rtmsg(b, 16 + 12 + 8 + 8, 2, 32, 255, 2);
        b.putShort((short) 8).putShort((short) 1).put(new byte[] {10, 99, 0, 1});
        b.putShort((short) 8).putShort((short) 4).putInt(3);
        // fd00:244::11/128 dev ifindex 5; the table only in RTA_TABLE (rtmsg says RT_TABLE_COMPAT 252)
        rtmsg(b, 16 + 12 + 20 + 8 + 8, 10, 128, 252, 1);
        b.putShort((short) 20).putShort((short) 1).put(InetAddress.getByName("fd00:244::11").getAddress());
        b.putShort((short) 8).putShort((short) 4).putInt(5);
        b.putShort((short) 8).putShort((short) 15).putInt(254);
        b.putInt(20).putShort((short) 3).putShort((short) 2).putInt(1).putInt(0).putInt(0);
        List<InterfaceRoute> routes = new ArrayList<>();
        boolean[] done = {false};
        RouteDump.parse(MemorySegment.ofArray(Arrays.copyOf(b.array(), b.position())), routes,
                (isDone, interrupted) -> done[0] |= isDone);
        assertEquals(List.of(
                new InterfaceRoute(5, InetAddress.getByName("10.244.1.11"), 32, true),
                new InterfaceRoute(3, InetAddress.getByName("0.0.0.0"), 0, false),
                new InterfaceRoute(5, InetAddress.getByName("fd00:244::11"), 128, true)), routes);
        assertTrue(done[0]);
        assertEquals("10.244.1.11/32", routes.getFirst().cidr());
        assertTrue(routes.get(1).isDefault());
    }

    @Test
    void listsTheRoutesOfANamespace() throws Exception {
        try (TestNamespace ns = TestNamespace.create("ihr-route")) {
            ns.addVeth("rt0", "02:00:00:00:00:01", "rt1", "02:00:00:00:00:02");
            ns.ip("addr", "add", "192.0.2.1/24", "dev", "rt0");
            ns.ip("route", "add", "198.51.100.7/32", "dev", "rt0");
            ns.ip("route", "add", "203.0.113.0/24", "via", "192.0.2.254", "dev", "rt0");
            ns.ip("-6", "route", "add", "2001:db8:7::/64", "dev", "rt0");
            int rt0 = ns.ifindex("rt0");
            List<InterfaceRoute> onRt0 = ns.call(RouteDump::all).stream()
                    .filter(r -> r.ifindex() == rt0 && !r.isLinkLocal()).toList();
            assertEquals(List.of("192.0.2.0/24 true", "198.51.100.7/32 true", "203.0.113.0/24 false", "2001:db8:7::/64 true"),
                    onRt0.stream().map(r -> r.cidr() + " " + r.direct()).toList());
        }
    }
}
