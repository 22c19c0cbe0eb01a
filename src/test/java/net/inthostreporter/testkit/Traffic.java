// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * Test traffic between the lab's namespaces: sockets are opened on a thread inside the
 * sending or receiving namespace and stay there. Only the lab's own addresses are used.
 */
public final class Traffic {
    private Traffic() {
    }

    /** A UDP socket bound in a namespace, counting what reaches it. */
    public static final class UdpReceiver implements AutoCloseable {
        private final DatagramChannel channel;

        private UdpReceiver(DatagramChannel channel) {
            this.channel = channel;
        }

        public static UdpReceiver bind(String ns, InetSocketAddress address) throws Exception {
            return new UdpReceiver(NodeLab.in(ns, () -> {
                DatagramChannel channel = DatagramChannel.open();
                channel.bind(address);
                channel.configureBlocking(false);
                return channel;
            }));
        }

        /** Datagrams received, waiting up to {@code wait} for {@code expected} of them. */
        public int count(int expected, Duration wait) throws IOException, InterruptedException {
            ByteBuffer buffer = ByteBuffer.allocate(2048);
            int received = 0;
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline && received < expected) {
                buffer.clear();
                if (channel.receive(buffer) != null) {
                    received++;
                } else {
                    Thread.sleep(10);
                }
            }
            return received;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Sends {@code count} 64-byte datagrams from a namespace, 2 ms apart. */
    public static void sendUdp(String ns, InetSocketAddress to, int count) throws Exception {
        try (DatagramChannel channel = NodeLab.in(ns, DatagramChannel::open)) {
            for (int i = 0; i < count; i++) {
                channel.send(ByteBuffer.allocate(64).putInt(0, i), to);
                Thread.sleep(2);
            }
        }
    }

    /** One TCP connection from a namespace to a listener in another: sends {@code bytes}, reads them back. */
    public static int tcpExchange(String clientNs, String serverNs, InetSocketAddress server, int bytes) throws Exception {
        try (ServerSocketChannel listener = NodeLab.in(serverNs, () -> ServerSocketChannel.open().bind(server))) {
            Thread echo = Thread.ofPlatform().start(() -> {
                try (SocketChannel peer = listener.accept()) {
                    ByteBuffer buffer = ByteBuffer.allocate(bytes);
                    while (buffer.hasRemaining() && peer.read(buffer) >= 0) {
                        // fill
                    }
                    buffer.flip();
                    peer.write(buffer);
                } catch (IOException ignored) {
                    // the client side reports the failure
                }
            });
            int echoed = 0;
            try (SocketChannel client = NodeLab.in(clientNs, SocketChannel::open)) {
                client.socket().setSoTimeout(5000);
                client.connect(server);
                ByteBuffer out = ByteBuffer.allocate(bytes);
                while (out.hasRemaining()) {
                    client.write(out);
                }
                ByteBuffer in = ByteBuffer.allocate(bytes);
                while (in.hasRemaining() && client.read(in) >= 0) {
                    // fill
                }
                echoed = in.position();
            }
            echo.join(5000);
            return echoed;
        }
    }
}
