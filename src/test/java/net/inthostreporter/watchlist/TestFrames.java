// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import java.nio.ByteBuffer;

/** Ethernet frames written by hand from the header layouts (RFC 791, 8200, 768, 9293, 792). */
final class TestFrames {
    private TestFrames() {
    }

    /** A frame carrying the tuple: TCP/UDP get their ports, other protocols 8 zero bytes of payload. */
    static byte[] frame(PacketTuple t) {
        int l4 = t.protocol() == Protocol.IPPROTO_TCP ? 20 : 8;
        int l3 = t.ipVersion() == 4 ? 20 : 40;
        ByteBuffer b = ByteBuffer.allocate(14 + l3 + l4 + 16);
        b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1});
        b.putShort((short) (t.ipVersion() == 4 ? 0x0800 : 0x86dd));
        if (t.ipVersion() == 4) {
            b.put((byte) 0x45).put((byte) 0).putShort((short) (l3 + l4 + 16));
            b.putShort((short) 1).putShort((short) 0x4000); // id, DF
            b.put((byte) 64).put((byte) t.protocol()).putShort((short) 0); // ttl, protocol, checksum (unchecked)
        } else {
            b.putInt(0x60000000).putShort((short) (l4 + 16)).put((byte) t.protocol()).put((byte) 64);
        }
        b.put(t.srcAddr()).put(t.dstAddr());
        if (t.protocol() == Protocol.IPPROTO_TCP || t.protocol() == Protocol.IPPROTO_UDP) {
            b.putShort((short) t.srcPort()).putShort((short) t.dstPort());
        }
        return b.array();
    }
}
