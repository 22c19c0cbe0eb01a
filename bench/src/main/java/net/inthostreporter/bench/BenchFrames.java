// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import java.util.List;

import net.inthostreporter.testkit.FrameBuilder;

/**
 * The frames of the datapath benchmark: a 64-byte UDP frame (the small-packet worst case) and a
 * 1514-byte TCP frame (a full 1500-byte MTU packet), each over IPv4 and IPv6, built field by
 * field by the kit's frame builder (which fills lengths and the IPv4 checksum).
 */
final class BenchFrames {
    record Frame(String name, byte[] bytes) {
    }

    private static final int ETH_HEADER = 14;
    private static final int IPV4_HEADER = 20;
    private static final int IPV6_HEADER = 40;
    private static final int UDP_HEADER = 8;
    private static final int TCP_HEADER = 20;
    private static final int SMALL_FRAME = 64;
    private static final int MTU_FRAME = 1514;
    private static final int UDP = 17;
    private static final int TCP = 6;

    private BenchFrames() {
    }

    static List<Frame> all() {
        return List.of(
                new Frame("IPv4 UDP 64 B", frame(4, UDP, SMALL_FRAME)),
                new Frame("IPv6 UDP 64 B", frame(6, UDP, SMALL_FRAME)),
                new Frame("IPv4 TCP 1514 B", frame(4, TCP, MTU_FRAME)),
                new Frame("IPv6 TCP 1514 B", frame(6, TCP, MTU_FRAME)));
    }

    /** One frame of {@code frameLength} bytes: headers from the kit's frame builder, then payload. */
    static byte[] frame(int ipVersion, int protocol, int frameLength) {
        FrameBuilder b = new FrameBuilder().ethernet(ipVersion == 4 ? 0x0800 : 0x86dd);
        if (ipVersion == 4) {
            b.ipv4(protocol, "10.244.1.11", "10.244.1.12");
        } else {
            b.ipv6(protocol, "fd00:244:1::11", "fd00:244:1::12");
        }
        if (protocol == UDP) {
            b.udp(40000, 5201);
        } else {
            b.tcp(40000, 5201);
        }
        int headers = ETH_HEADER + (ipVersion == 4 ? IPV4_HEADER : IPV6_HEADER) + (protocol == UDP ? UDP_HEADER : TCP_HEADER);
        if (headers > frameLength) {
            throw new IllegalArgumentException("frame of " + frameLength + " bytes cannot hold its headers");
        }
        return b.payload(frameLength - headers).build();
    }
}
