// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.reliability;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import net.inthostreporter.e2e.NodeLab;

/**
 * UDP sent as fast as some threads can from one of the lab's pods to a pod or the remote node,
 * until closed: the "events flood in" of the lifecycle and overflow tests. Each datagram is a
 * forwarded packet, so one event per datagram reaches the ring buffer. Send errors (a buffer
 * full, a route gone while the node changes) are counted, not fatal.
 */
final class UdpFlood implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    private UdpFlood() {
    }

    /** As fast as {@code threadCount} threads can send. */
    static UdpFlood start(String fromNs, InetSocketAddress to, int threadCount) throws Exception {
        return start(fromNs, to, threadCount, Integer.MAX_VALUE);
    }

    /**
     * Each thread sends {@code perMillisecond} datagrams, then sleeps a millisecond: steady
     * traffic that leaves CPU for the rest of the node (on two cores an unpaced thread takes one).
     */
    static UdpFlood start(String fromNs, InetSocketAddress to, int threadCount, int perMillisecond) throws Exception {
        UdpFlood flood = new UdpFlood();
        for (int i = 0; i < threadCount; i++) {
            DatagramChannel channel = NodeLab.in(fromNs, DatagramChannel::open);
            flood.threads.add(Thread.ofPlatform().daemon().name("flood-" + i)
                    .start(() -> flood.run(channel, to, perMillisecond)));
        }
        return flood;
    }

    private void run(DatagramChannel channel, InetSocketAddress to, int perMillisecond) {
        ByteBuffer payload = ByteBuffer.allocateDirect(64);
        long burst = 0;
        try (channel) {
            while (running.get()) {
                if (++burst % perMillisecond == 0) {
                    sleepOneMillisecond();
                }
                payload.clear();
                try {
                    channel.send(payload, to);
                    sent.incrementAndGet();
                } catch (java.io.IOException e) {
                    failed.incrementAndGet();
                }
            }
        } catch (java.io.IOException ignored) {
            // closing the channel
        }
    }

    private static void sleepOneMillisecond() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long sent() {
        return sent.get();
    }

    /** Waits until at least {@code more} further datagrams were sent (the flood is really running). */
    void awaitSent(long more) throws InterruptedException {
        long target = sent.get() + more;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (sent.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the flood sent only " + sent.get() + " datagrams (" + failed.get() + " failed)");
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(5000);
        }
    }
}
