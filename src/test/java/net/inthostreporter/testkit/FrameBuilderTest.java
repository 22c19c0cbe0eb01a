// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The test frame builder against a frame written out byte by byte. */
class FrameBuilderTest {
    @Test
    void ipv4UdpFrame() {
        FrameBuilder builder = new FrameBuilder().ethernet(0x0800).ipv4(17, "10.1.2.3", "192.168.100.200")
                .udp(40000, 53).payload(4);
        String expected = "020000000001" + "020000000002" + "0800"  // Ethernet
                + "4500" + "0020" + "1234" + "0000"                  // IPv4: total length 32, id, no fragment
                + "4011" + "3725"                                    // TTL 64, UDP, checksum (by hand)
                + "0a010203" + "c0a864c8"                            // 10.1.2.3 -> 192.168.100.200
                + "9c40" + "0035" + "000c" + "0000"                  // UDP 40000 -> 53, length 12
                + "00010203";                                        // payload
        assertEquals(expected, HexFormat.of().formatHex(builder.build()));
        assertEquals(List.of(14, 34, 42, 46), builder.boundaries());
    }

    @Test
    void ipv6FragmentAndVlan() {
        FrameBuilder builder = new FrameBuilder().ethernet(0x8100).vlanTag(100, 0x86dd).ipv6(44, "::1", "::2")
                .ipv6Fragment(17, 100, true);
        String expected = "020000000001" + "020000000002" + "8100" + "0064" + "86dd" // tag: VLAN 100, IPv6
                + "60000001" + "0008" + "2c40"                                        // payload 8, fragment hdr, hop 64
                + "00000000000000000000000000000001" + "00000000000000000000000000000002"
                + "11" + "00" + "0321" + "0000cafe";                                  // UDP next, offset 100, MF
        assertEquals(expected, HexFormat.of().formatHex(builder.build()));
    }
}
