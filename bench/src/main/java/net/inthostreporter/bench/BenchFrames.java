// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The frames of the datapath benchmark: a 64-byte UDP frame (the small-packet worst case) and a
 * 1514-byte TCP frame (a full 1500-byte MTU packet), each over IPv4 and IPv6, built field by
 * field. Checksums stay zero: the programs never look at them.
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

    static byte[] frame(int ipVersion, int protocol, int frameLength) {
        ByteBuffer b = ByteBuffer.allocate(frameLength);
        b.put(new byte[] {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01});
        b.putShort((short) (ipVersion == 4 ? 0x0800 : 0x86dd));
        int ipLength = frameLength - ETH_HEADER;
        int l4Length = ipLength - (ipVersion == 4 ? IPV4_HEADER : IPV6_HEADER);
        if (ipVersion == 4) {
            b.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putInt(0).put((byte) 64).put((byte) protocol)
                    .putShort((short) 0).put(new byte[] {10, (byte) 244, 1, 11}).put(new byte[] {10, (byte) 244, 1, 12});
        } else {
            b.putInt(0x6000_0000).putShort((short) l4Length).put((byte) protocol).put((byte) 64);
            b.put(ipv6(0x11)).put(ipv6(0x12));
        }
        if (protocol == UDP) {
            b.putShort((short) 40000).putShort((short) 5201).putShort((short) l4Length).putShort((short) 0);
        } else {
            b.putShort((short) 40000).putShort((short) 5201).putInt(1).putInt(0).putShort((short) 0x5010)
                    .putShort((short) 0xffff).putInt(0);
        }
        int headers = b.position();
        if (headers > frameLength || (protocol == UDP ? UDP_HEADER : TCP_HEADER) > l4Length) {
            throw new IllegalArgumentException("frame of " + frameLength + " bytes cannot hold its headers");
        }
        return b.array();
    }

    private static byte[] ipv6(int last) {
        byte[] address = new byte[16];
        address[0] = (byte) 0xfd;
        address[3] = 0x02;
        address[4] = 0x44;
        address[5] = 0x01;
        address[15] = (byte) last;
        return address;
    }
}
