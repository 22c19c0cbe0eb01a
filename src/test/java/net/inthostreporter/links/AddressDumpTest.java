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

class AddressDumpTest {
    @Test
    void parsesIpv4LocalIpv6AddressAndTheEndOfTheDump() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        // RTM_NEWADDR AF_INET /24 scope 0 ifindex 5: IFA_ADDRESS 10.0.0.2 (peer), IFA_LOCAL 10.0.0.1
        b.putInt(16 + 8 + 8 + 8).putShort((short) 20).putShort((short) 2).putInt(1).putInt(0);
        b.put((byte) 2).put((byte) 24).put((byte) 0).put((byte) 0).putInt(5);
        b.putShort((short) 8).putShort((short) 1).put(new byte[] {10, 0, 0, 2});
        b.putShort((short) 8).putShort((short) 2).put(new byte[] {10, 0, 0, 1});
        // RTM_NEWADDR AF_INET6 /64 scope 253 ifindex 6: IFA_ADDRESS fe80::1
        b.putInt(16 + 8 + 20).putShort((short) 20).putShort((short) 2).putInt(1).putInt(0);
        b.put((byte) 10).put((byte) 64).put((byte) 0).put((byte) 253).putInt(6);
        b.putShort((short) 20).putShort((short) 1).put(new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        // NLMSG_DONE
        b.putInt(20).putShort((short) 3).putShort((short) 2).putInt(1).putInt(0).putInt(0);
        List<InterfaceAddress> addresses = new ArrayList<>();
        boolean[] done = {false};
        AddressDump.parse(MemorySegment.ofArray(Arrays.copyOf(b.array(), b.position())), addresses,
                (isDone, interrupted) -> done[0] |= isDone);
        assertEquals(List.of(
                new InterfaceAddress(5, InetAddress.getByName("10.0.0.1"), 24, 0),
                new InterfaceAddress(6, InetAddress.getByName("fe80::1"), 64, 253)), addresses);
        assertTrue(done[0]);
        assertTrue(addresses.get(1).isLinkScoped());
    }

    @Test
    void listsTheAddressesOfANamespace() throws Exception {
        try (TestNamespace ns = TestNamespace.create("ihr-addr")) {
            ns.addVeth("ad0", "02:00:00:00:00:01", "ad1", "02:00:00:00:00:02");
            ns.ip("addr", "add", "192.0.2.1/24", "dev", "ad0");
            ns.ip("-6", "addr", "add", "2001:db8::1/64", "dev", "ad0", "nodad");
            int ad0 = ns.ifindex("ad0");
            List<InterfaceAddress> all = ns.call(AddressDump::all);
            List<InterfaceAddress> onAd0 = all.stream().filter(a -> a.ifindex() == ad0 && !a.isLinkScoped()).toList();
            assertEquals(List.of(
                    new InterfaceAddress(ad0, InetAddress.getByName("192.0.2.1"), 24, 0),
                    new InterfaceAddress(ad0, InetAddress.getByName("2001:db8::1"), 64, 0)), onAd0);
            assertTrue(all.stream().anyMatch(a -> a.address().isLoopbackAddress()), "lo's 127.0.0.1 and ::1: " + all);
        }
    }
}
