// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.contrib;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes UDP payloads into a classic pcap file (LINKTYPE_ETHERNET) as Ethernet/IPv4/UDP frames
 * from 127.0.0.1:1234 to 127.0.0.1:PORT, so that tshark sees them as reports sent to a collector.
 * Only what tshark needs: no checksums (zero means "none" for UDP over IPv4).
 */
final class PcapWriter {
    private static final int ETHERNET = 14;
    private static final int IPV4 = 20;
    private static final int UDP = 8;

    private PcapWriter() {
    }

    static void write(Path file, int dstPort, List<byte[]> payloads) throws IOException {
        int size = 24 + payloads.stream().mapToInt(p -> 16 + ETHERNET + IPV4 + UDP + p.length).sum();
        ByteBuffer out = ByteBuffer.allocate(size);
        out.order(ByteOrder.LITTLE_ENDIAN)          // pcap headers in the writer's byte order
                .putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(65535).putInt(1);
        int second = 0;
        for (byte[] payload : payloads) {
            int frame = ETHERNET + IPV4 + UDP + payload.length;
            out.order(ByteOrder.LITTLE_ENDIAN).putInt(++second).putInt(0).putInt(frame).putInt(frame);
            out.order(ByteOrder.BIG_ENDIAN)
                    .put(new byte[] {2, 0, 0, 0, 0, 2}).put(new byte[] {2, 0, 0, 0, 0, 1}).putShort((short) 0x0800)
                    .put((byte) 0x45).put((byte) 0).putShort((short) (IPV4 + UDP + payload.length))
                    .putShort((short) 0).putShort((short) 0x4000).put((byte) 64).put((byte) 17).putShort((short) 0)
                    .putInt(0x7f00_0001).putInt(0x7f00_0001)
                    .putShort((short) 1234).putShort((short) dstPort).putShort((short) (UDP + payload.length)).putShort((short) 0)
                    .put(payload);
        }
        Files.write(file, out.array());
    }
}
