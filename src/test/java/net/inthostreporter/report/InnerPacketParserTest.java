// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import static org.junit.jupiter.api.Assertions.*;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Frames are hand-made hex: Ethernet MACs, then the headers under test with a comment each. */
class InnerPacketParserTest {

    private static final String MACS = "020000000002" + "020000000001";

    private static final String IPV4_TCP =
            MACS + "0800"
            + "45000028" + "00010000" + "4006" + "0000" // v4 IHL 5, len 40, TTL 64, proto 6 (TCP)
            + "c0a80001" + "c0a80002"                  // 192.168.0.1 -> 192.168.0.2
            + "1f90" + "c350"                          // TCP ports 8080 -> 50000
            + "00000001" + "00000000" + "5002ffff" + "00000000"; // seq, ack, offset/flags, window, csum, urg


    private static String ipv6(String nextHeader, String payloadHex) {
        return MACS + "86dd"
                + "60000000"                               // version 6, class 0, flow 0
                + String.format("%04x", payloadHex.length() / 2) // payload length
                + nextHeader + "40"                        // next header, hop limit 64
                + "fd000000000000000000000000000001"       // source fd00::1
                + "fd000000000000000000000000000002"       // destination fd00::2
                + payloadHex;
    }

    @Test
    void ipv4Udp() throws Exception {
        InnerPacket p = InnerPacketParser.parse(Hex.bytes(GoldenReports.INNER_UDP_FRAME));
        assertEquals(0x0800, p.etherType());
        assertEquals(List.of(), p.vlanIds());
        assertEquals(4, p.ipVersion());
        assertEquals(InetAddress.getByName("10.244.1.11"), p.src());
        assertEquals(InetAddress.getByName("10.244.1.12"), p.dst());
        assertEquals(17, p.protocol());
        assertEquals("UDP", p.protocolName());
        assertEquals(40000, p.srcPort());
        assertEquals(5201, p.dstPort());
        assertEquals(-1, p.icmpType());
        assertFalse(p.truncated());
    }

    @Test
    void ipv4Tcp() throws Exception {
        InnerPacket p = InnerPacketParser.parse(Hex.bytes(IPV4_TCP));
        assertEquals(6, p.protocol());
        assertEquals(InetAddress.getByName("192.168.0.1"), p.src());
        assertEquals(8080, p.srcPort());
        assertEquals(50000, p.dstPort());
        assertFalse(p.truncated());
    }

    @Test
    void ipv4IcmpEcho() {
        InnerPacket p = InnerPacketParser.parse(Hex.bytes(MACS + "0800"
                + "45000054" + "00004000" + "4001" + "0000" // proto 1 (ICMP)
                + "0a000001" + "0a000002"
                + "08" + "00" + "f7ff" + "00010001"));      // type 8 (echo request), code 0
        assertEquals(1, p.protocol());
        assertTrue(p.isIcmp());
        assertEquals(8, p.icmpType());
        assertEquals(0, p.icmpCode());
        assertEquals(0, p.srcPort());
        assertEquals(0, p.dstPort());
    }

    @Test
    void ipv4WithOptionsFindsTheL4HeaderAfterThem() {
        InnerPacket p = InnerPacketParser.parse(Hex.bytes(MACS + "0800"
                + "46000024" + "00000000" + "4011" + "0000" // IHL 6 (24 bytes), proto 17
                + "0a000001" + "0a000002"
                + "01010100"                                 // 4 bytes of options (NOP NOP NOP EOL)
                + "0035" + "1234" + "0008" + "0000"));       // UDP 53 -> 4660
        assertEquals(53, p.srcPort());
        assertEquals(0x1234, p.dstPort());
    }

    @Test
    void ipv4LaterFragmentHasNoPorts() {
        InnerPacket p = InnerPacketParser.parse(Hex.bytes(MACS + "0800"
                + "45000024" + "0001" + "00b9" + "4011" + "0000" // fragment offset 185 (x8 bytes)
                + "0a000001" + "0a000002"
                + "deadbeef" + "00000000"));                 // payload bytes, not a UDP header
        assertEquals(17, p.protocol());
        assertEquals(0, p.srcPort());
        assertEquals(0, p.dstPort());
        assertFalse(p.truncated());
    }

    @Test
    void ipv6Udp() throws Exception {
        InnerPacket p = InnerPacketParser.parse(Hex.bytes(ipv6("11", "0035" + "d431" + "0008" + "0000")));
        assertEquals(0x86DD, p.etherType());
        assertEquals(6, p.ipVersion());
        assertEquals(InetAddress.getByName("fd00::1"), p.src());
        assertEquals(InetAddress.getByName("fd00::2"), p.dst());
        assertEquals(17, p.protocol());
        assertEquals(53, p.srcPort());
        assertEquals(0xd431, p.dstPort());
    }

    @Test
    void ipv6SkipsHopByHopAndFirstFragmentToReachTcp() {
        InnerPacket p = InnerPacketParser.parse(Hex.bytes(ipv6("00",
                "2c" + "00" + "0104" + "00000000"           // hop-by-hop: next 44, 8 bytes, PadN
                + "06" + "00" + "0001" + "0000abcd"         // fragment: next 6, offset 0, M=1, id
                + "0050" + "9c41" + "00000000" + "00000000"))); // TCP 80 -> 40001
        assertEquals(6, p.protocol());
        assertEquals(80, p.srcPort());
        assertEquals(40001, p.dstPort());
        assertFalse(p.truncated());
    }

    @Test
    void ipv6SkipsRoutingAndDestinationOptions() {
        InnerPacket p = InnerPacketParser.parse(Hex.bytes(ipv6("2b",
                "3c" + "02" + "0000" + "00000000"           // routing: next 60, length 2 -> 24 bytes
                + "00000000000000000000000000000000"
                + "11" + "00" + "0104" + "00000000"         // destination options: next 17, 8 bytes
                + "1389" + "138a" + "0008" + "0000")));     // UDP 5001 -> 5002
        assertEquals(17, p.protocol());
        assertEquals(5001, p.srcPort());
        assertEquals(5002, p.dstPort());
    }

    @Test
    void ipv6LaterFragmentHasNoPorts() {
        InnerPacket p = InnerPacketParser.parse(Hex.bytes(ipv6("2c",
                "11" + "00" + "05a8" + "0000abcd"           // fragment: next 17, offset 181
                + "deadbeef")));
        assertEquals(17, p.protocol());
        assertEquals(0, p.srcPort());
        assertFalse(p.truncated());
    }

    @Test
    void icmpv6() {
        InnerPacket p = InnerPacketParser.parse(Hex.bytes(ipv6("3a", "80" + "00" + "0000" + "00010002")));
        assertEquals(58, p.protocol());
        assertEquals("ICMPv6", p.protocolName());
        assertEquals(128, p.icmpType());
        assertEquals(0, p.icmpCode());
    }

    @Test
    void ipv4MappedIpv6AddressStaysIpv6() {
        String frame = MACS + "86dd" + "60000000" + "0008" + "11" + "40"
                + "00000000000000000000ffff0a000001"     // ::ffff:10.0.0.1
                + "fd000000000000000000000000000002"
                + "0001" + "0002" + "0008" + "0000";
        InnerPacket p = InnerPacketParser.parse(Hex.bytes(frame));
        assertInstanceOf(Inet6Address.class, p.src());
    }

    @Test
    void oneVlanTag() {
        InnerPacket p = InnerPacketParser.parse(Hex.bytes(MACS
                + "8100" + "a064"                            // 802.1Q, PCP 5, VLAN 100
                + GoldenReports.INNER_UDP_FRAME.substring(24))); // EtherType 0800 + IPv4/UDP
        assertEquals(List.of(100), p.vlanIds());
        assertEquals(0x0800, p.etherType());
        assertEquals(5201, p.dstPort());
    }

    @Test
    void twoVlanTags() {
        InnerPacket p = InnerPacketParser.parse(Hex.bytes(MACS
                + "88a8" + "00c8"                            // 802.1ad outer tag, VLAN 200
                + "8100" + "0064"                            // 802.1Q inner tag, VLAN 100
                + GoldenReports.INNER_UDP_FRAME.substring(24)));
        assertEquals(List.of(200, 100), p.vlanIds());
        assertEquals(40000, p.srcPort());
    }

    @Test
    void nonIpFrame() {
        InnerPacket p = InnerPacketParser.parse(Hex.bytes(MACS + "0806" + "0001080006040001"));
        assertEquals(0x0806, p.etherType());
        assertEquals(0, p.ipVersion());
        assertNull(p.src());
        assertEquals(-1, p.protocol());
        assertFalse(p.truncated());
    }

    @Test
    void truncatedInsideEthernet() {
        InnerPacket p = InnerPacketParser.parse(Hex.bytes(MACS.substring(0, 20)));
        assertTrue(p.truncated());
        assertEquals(-1, p.etherType());
    }

    @Test
    void truncatedInsideIpv4Header() {
        byte[] frame = Arrays.copyOf(Hex.bytes(GoldenReports.INNER_UDP_FRAME), 14 + 19);
        InnerPacket p = InnerPacketParser.parse(frame);
        assertTrue(p.truncated());
        assertEquals(0x0800, p.etherType());
        assertEquals(0, p.ipVersion());
    }

    @Test
    void truncatedInsideUdpPortsKeepsAddresses() throws Exception {
        byte[] frame = Arrays.copyOf(Hex.bytes(GoldenReports.INNER_UDP_FRAME), 14 + 20 + 3);
        InnerPacket p = InnerPacketParser.parse(frame);
        assertTrue(p.truncated());
        assertEquals(4, p.ipVersion());
        assertEquals(InetAddress.getByName("10.244.1.12"), p.dst());
        assertEquals(17, p.protocol());
        assertEquals(0, p.srcPort());
    }

    @Test
    void portsPresentIsEnoughEvenIfTheRestOfL4IsCut() {
        byte[] frame = Arrays.copyOf(Hex.bytes(IPV4_TCP), 14 + 20 + 4);
        InnerPacket p = InnerPacketParser.parse(frame);
        assertFalse(p.truncated());
        assertEquals(8080, p.srcPort());
    }

    @Test
    void truncatedInsideIpv6ExtensionHeader() {
        String full = ipv6("00", "2c" + "00" + "0104" + "00000000" + "06000001");
        InnerPacket p = InnerPacketParser.parse(Hex.bytes(full.substring(0, full.length() - 8)));
        // The hop-by-hop header was read; the fragment header is cut.
        assertTrue(p.truncated());
        assertEquals(6, p.ipVersion());
        assertEquals(44, p.protocol());
    }

    @Test
    void wrongVersionNibbleIsNotParsedAsIp() {
        String frame = GoldenReports.INNER_UDP_FRAME;
        InnerPacket p = InnerPacketParser.parse(Hex.bytes(frame.substring(0, 28) + "65" + frame.substring(30)));
        assertEquals(0, p.ipVersion());
        assertFalse(p.truncated());
    }

    @Test
    void offsetAndLengthSelectPartOfAnArray() {
        byte[] golden = Hex.bytes(GoldenReports.INNER_UDP_FRAME);
        byte[] padded = new byte[golden.length + 7];
        System.arraycopy(golden, 0, padded, 5, golden.length);
        assertEquals(5201, InnerPacketParser.parse(padded, 5, golden.length).dstPort());
        assertTrue(InnerPacketParser.parse(padded, 5, 30).truncated());
    }

    @Test
    void neverThrowsOnGarbage() {
        Random random = new Random(42);
        String[] types = {"0800", "86dd", "8100", "88a8", "0806"};
        for (int i = 0; i < 20_000; i++) {
            byte[] frame = new byte[random.nextInt(120)];
            random.nextBytes(frame);
            if (frame.length >= 14 && random.nextBoolean()) {
                byte[] type = Hex.bytes(types[random.nextInt(types.length)]);
                frame[12] = type[0];
                frame[13] = type[1];
                if (frame.length > 14 && random.nextBoolean()) {
                    frame[14] = (byte) (random.nextBoolean() ? 0x45 : 0x60);
                }
            }
            assertNotNull(InnerPacketParser.parse(frame));
            assertNotNull(InnerPacketParser.parse(frame, random.nextInt(200) - 50, random.nextInt(200) - 50));
        }
    }
}
