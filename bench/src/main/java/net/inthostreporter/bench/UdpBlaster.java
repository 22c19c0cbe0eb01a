// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;

import net.inthostreporter.sys.NetNamespace;

/**
 * Sends small UDP datagrams from a pod namespace as fast as one thread can, for a fixed time:
 * the small-packet load (iperf3 3.12 sends fewer than 0.1 M packets/s here). The payload makes
 * a 64-byte IPv4 frame (14 + 20 + 8 + 22).
 */
final class UdpBlaster {
    static final int PAYLOAD_FOR_64_BYTE_FRAME = 22;

    private UdpBlaster() {
    }

    /** Sends for {@code duration}; returns the datagrams sent. */
    static long blast(String podNs, InetSocketAddress target, Duration duration) throws Exception {
        DatagramChannel channel = NetNamespace.call(podNs, () -> DatagramChannel.open().connect(target));
        try (channel) {
            ByteBuffer payload = ByteBuffer.allocateDirect(PAYLOAD_FOR_64_BYTE_FRAME);
            long end = System.nanoTime() + duration.toNanos();
            long sent = 0;
            while ((sent & 255) != 0 || System.nanoTime() < end) {
                payload.clear();
                try {
                    channel.write(payload);
                    sent++;
                } catch (IOException e) {
                    // ECONNREFUSED from an earlier ICMP error or ENOBUFS: the packet was not sent
                }
            }
            return sent;
        }
    }
}
