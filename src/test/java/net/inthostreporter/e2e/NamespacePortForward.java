// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import net.inthostreporter.testkit.NodeLab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP port on 127.0.0.1 of the test's namespace that leads to 127.0.0.1:PORT inside a lab
 * namespace: each accepted connection gets a socket opened on a thread in the lab namespace,
 * and bytes are copied both ways as they come (an event stream included). The browser runs in
 * the test's namespace; the collector it looks at runs in the lab's.
 */
final class NamespacePortForward implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final String ns;
    private final int targetPort;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    NamespacePortForward(String ns, int targetPort) throws IOException {
        this.ns = ns;
        this.targetPort = targetPort;
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = Thread.ofVirtual().name("forward-" + ns).start(this::acceptLoop);
    }

    /** {@code http://127.0.0.1:PORT/} of this side. */
    String url() throws IOException {
        return "http://127.0.0.1:" + ((InetSocketAddress) listener.getLocalAddress()).getPort() + "/";
    }

    private void acceptLoop() {
        while (listener.isOpen()) {
            try {
                SocketChannel client = listener.accept();
                SocketChannel target;
                try {
                    target = NodeLab.in(ns, () -> SocketChannel.open(new InetSocketAddress("127.0.0.1", targetPort)));
                } catch (Exception e) {
                    client.close(); // the browser sees a closed connection, as with nothing listening
                    continue;
                }
                open.add(client);
                open.add(target);
                Thread.ofVirtual().start(() -> copy(client, target));
                Thread.ofVirtual().start(() -> copy(target, client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Copies until either side ends, then closes both (HTTP clients never half-close). */
    private void copy(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            for (SocketChannel channel : List.of(from, to)) {
                closeQuietly(channel);
                open.remove(channel);
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        acceptor.interrupt();
        open.forEach(NamespacePortForward::closeQuietly);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
