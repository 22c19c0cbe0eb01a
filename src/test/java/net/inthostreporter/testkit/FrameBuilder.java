// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only builder of Ethernet frames, header by header, with every field written by hand.
 * {@link #build()} fills in the IPv4 total length and header checksum, the IPv6 payload length
 * and the UDP length; transport checksums stay 0 (nothing under test verifies them).
 * {@link #boundaries()} gives the offset where each header ends, for truncated variants.
 */
public final class FrameBuilder {
    public static final byte[] DST_MAC = {0x02, 0, 0, 0, 0, 0x01};
    public static final byte[] SRC_MAC = {0x02, 0, 0, 0, 0, 0x02};

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Integer> boundaries = new ArrayList<>();
    private final List<Integer> ipv4Starts = new ArrayList<>();
    private final List<Integer> ipv6Starts = new ArrayList<>();
    private final List<Integer> udpStarts = new ArrayList<>();

    /** A frame of {@code length} bytes: an Ethernet header with this EtherType, then zeros. */
    public static byte[] ethernetOnly(int etherType, int length) {
        return new FrameBuilder().ethernet(etherType).payload(new byte[length - 14]).build();
    }

    public FrameBuilder ethernet(int etherType) {
        out.writeBytes(DST_MAC);
        out.writeBytes(SRC_MAC);
        return u16(etherType).boundary();
    }

    /** An 802.1Q/802.1ad tag body: TCI (priority 0, this VLAN id) and the next EtherType. */
    public FrameBuilder vlanTag(int vlanId, int nextEtherType) {
        return u16(vlanId & 0x0fff).u16(nextEtherType).boundary();
    }

    public FrameBuilder ipv4(int protocol, String src, String dst) {
        return ipv4(protocol, src, dst, 0, new byte[0]);
    }

    /**
     * An IPv4 header; {@code fragment} is the raw flags+offset field (0x2000 = MF, low 13 bits
     * the offset in 8-byte units), {@code options} a multiple of 4 bytes.
     */
    public FrameBuilder ipv4(int protocol, String src, String dst, int fragment, byte[] options) {
        if (options.length % 4 != 0) {
            throw new IllegalArgumentException("IPv4 options must be padded to 4 bytes");
        }
        ipv4Starts.add(out.size());
        u8(0x40 | (5 + options.length / 4)).u8(0); // version 4, IHL; DSCP/ECN
        u16(0);                                    // total length: set by build()
        u16(0x1234).u16(fragment);                 // identification; flags + fragment offset
        u8(64).u8(protocol).u16(0);                // TTL, protocol; checksum: set by build()
        out.writeBytes(address(src, 4));
        out.writeBytes(address(dst, 4));
        out.writeBytes(options);
        return boundary();
    }

    public FrameBuilder ipv6(int nextHeader, String src, String dst) {
        ipv6Starts.add(out.size());
        u8(0x60).u8(0).u16(0x0001); // version 6, traffic class 0, flow label 1
        u16(0);                     // payload length: set by build()
        u8(nextHeader).u8(64);      // next header, hop limit
        out.writeBytes(address(src, 16));
        out.writeBytes(address(dst, 16));
        return boundary();
    }

    /** Hop-by-hop, routing or destination options: 8 bytes, padded with a PadN option. */
    public FrameBuilder ipv6Options(int nextHeader) {
        return u8(nextHeader).u8(0).u8(1).u8(4).u32(0).boundary(); // length 0 = 8 bytes; PadN of 4
    }

    /** The 8-byte fragment header; {@code offset} in 8-byte units. */
    public FrameBuilder ipv6Fragment(int nextHeader, int offset, boolean more) {
        return u8(nextHeader).u8(0).u16(offset << 3 | (more ? 1 : 0)).u32(0xcafe).boundary();
    }

    public FrameBuilder udp(int srcPort, int dstPort) {
        udpStarts.add(out.size());
        return u16(srcPort).u16(dstPort).u16(0).u16(0).boundary(); // length: set by build(); no checksum
    }

    public FrameBuilder tcp(int srcPort, int dstPort) {
        u16(srcPort).u16(dstPort).u32(1000).u32(0);  // seq, ack
        return u8(5 << 4).u8(0x02).u16(65535).u32(0).boundary(); // data offset 5, SYN, window; checksum, urgent
    }

    /** ICMP / ICMPv6 echo request header. */
    public FrameBuilder icmpEcho(int type) {
        return u8(type).u8(0).u16(0).u16(7).u16(1).boundary();
    }

    public FrameBuilder vxlan(int vni) {
        return u8(0x08).u8(0).u16(0).u32(vni << 8).boundary(); // I flag; VNI in the top 24 bits
    }

    /**
     * A GRE header (RFC 2784, version 0) with the RFC 2890 fields its flags announce: checksum
     * (C, 0x8000) with reserved1, key (K, 0x2000), sequence number (S, 0x1000), in that order.
     */
    public FrameBuilder gre(int flags, int protocol) {
        u16(flags).u16(protocol);
        if ((flags & 0x8000) != 0) {
            u16(0).u16(0); // checksum (not verified by anything under test), reserved1
        }
        if ((flags & 0x2000) != 0) {
            u32(0x0a0b0c0d); // key
        }
        if ((flags & 0x1000) != 0) {
            u32(7); // sequence number
        }
        return boundary();
    }

    /**
     * A Geneve header (RFC 8926): version 0, {@code optionWords} 4-byte words of options (here
     * one option of class 0x0101 type 1 with optionWords - 1 words of data), protocol type, VNI.
     */
    public FrameBuilder geneve(int optionWords, int protocol, int vni) {
        u8(optionWords & 0x3f).u8(0).u16(protocol).u32(vni << 8);
        if (optionWords > 0) {
            u16(0x0101).u8(1).u8(optionWords - 1); // option class, type, length of its data in words
            out.writeBytes(new byte[(optionWords - 1) * 4]);
        }
        return boundary();
    }

    /** ARP request for IPv4 over Ethernet. */
    public FrameBuilder arpRequest(String senderIp, String targetIp) {
        u16(1).u16(0x0800).u8(6).u8(4).u16(1);
        out.writeBytes(SRC_MAC);
        out.writeBytes(address(senderIp, 4));
        out.writeBytes(new byte[6]);
        out.writeBytes(address(targetIp, 4));
        return boundary();
    }

    public FrameBuilder payload(byte[] bytes) {
        out.writeBytes(bytes);
        return boundary();
    }

    /** {@code length} bytes 0, 1, 2, ... (mod 256). */
    public FrameBuilder payload(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return payload(bytes);
    }

    /** Where each header (and payload) ends, in the order they were added. */
    public List<Integer> boundaries() {
        return List.copyOf(boundaries);
    }

    public byte[] build() {
        byte[] frame = out.toByteArray();
        for (int start : ipv4Starts) {
            int headerLength = (frame[start] & 0x0f) * 4;
            put16(frame, start + 2, frame.length - start);
            put16(frame, start + 10, ipv4Checksum(frame, start, headerLength));
        }
        for (int start : ipv6Starts) {
            put16(frame, start + 4, frame.length - start - 40);
        }
        for (int start : udpStarts) {
            put16(frame, start + 4, frame.length - start);
        }
        return frame;
    }

    private static int ipv4Checksum(byte[] frame, int start, int length) {
        int sum = 0;
        for (int i = start; i < start + length; i += 2) {
            sum += (frame[i] & 0xff) << 8 | (frame[i + 1] & 0xff);
        }
        while (sum > 0xffff) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return ~sum & 0xffff;
    }

    public static byte[] address(String literal, int length) {
        try {
            byte[] bytes = InetAddress.getByName(literal).getAddress(); // literals only: no lookup
            if (bytes.length != length) {
                throw new IllegalArgumentException(literal + " is not a " + length + "-byte address");
            }
            return bytes;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private static void put16(byte[] frame, int offset, int value) {
        frame[offset] = (byte) (value >>> 8);
        frame[offset + 1] = (byte) value;
    }

    private FrameBuilder boundary() {
        boundaries.add(out.size());
        return this;
    }

    private FrameBuilder u8(int value) {
        out.write(value);
        return this;
    }

    private FrameBuilder u16(int value) {
        return u8(value >>> 8).u8(value & 0xff);
    }

    private FrameBuilder u32(int value) {
        return u16(value >>> 16).u16(value & 0xffff);
    }
}
