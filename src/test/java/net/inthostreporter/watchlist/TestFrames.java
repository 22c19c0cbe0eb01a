// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import java.net.InetAddress;
import java.net.UnknownHostException;

import net.inthostreporter.testkit.FrameBuilder;

/** Frames carrying a watchlist tuple, built by the kit's one frame builder. */
final class TestFrames {
    private TestFrames() {
    }

    /** A frame carrying the tuple: TCP/UDP get their ports, other protocols 8 zero bytes of payload; 16 bytes follow. */
    static byte[] frame(PacketTuple t) {
        String src = text(t.srcAddr());
        String dst = text(t.dstAddr());
        FrameBuilder b = new FrameBuilder().ethernet(t.ipVersion() == 4 ? 0x0800 : 0x86dd);
        if (t.ipVersion() == 4) {
            b.ipv4(t.protocol(), src, dst);
        } else {
            b.ipv6(t.protocol(), src, dst);
        }
        if (t.protocol() == Protocol.IPPROTO_TCP) {
            b.tcp(t.srcPort(), t.dstPort());
        } else if (t.protocol() == Protocol.IPPROTO_UDP) {
            b.udp(t.srcPort(), t.dstPort());
        } else {
            b.payload(new byte[8]);
        }
        return b.payload(new byte[16]).build();
    }

    private static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
