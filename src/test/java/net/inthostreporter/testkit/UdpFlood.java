// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * UDP from one of the lab's pods, as fast as some threads can, until closed (the "events flood
 * in" of the lifecycle and overflow tests), or for a fixed time or count from the calling thread
 * (the benchmarks' small-packet load, the report-on-change flows). Each datagram is a forwarded
 * packet, so one event per datagram reaches the ring buffer when every packet is reported. Send
 * errors (a full buffer, a route gone while the node changes, ICMP errors of earlier datagrams)
 * are counted, never fatal.
 */
public final class UdpFlood implements AutoCloseable {
    /** The payload of a 64-byte IPv4 frame (14 + 20 + 8 + 22). */
    public static final int PAYLOAD_FOR_64_BYTE_FRAME = 22;
    private static final int DEFAULT_PAYLOAD = 64;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    private UdpFlood() {
    }

    /** As fast as {@code threadCount} threads can send. */
    public static UdpFlood start(String fromNs, InetSocketAddress to, int threadCount) throws Exception {
        return start(fromNs, to, threadCount, Integer.MAX_VALUE);
    }

    /**
     * Each thread sends {@code perMillisecond} datagrams, then sleeps a millisecond: steady
     * traffic that leaves CPU for the rest of the node (on two cores an unpaced thread takes one).
     */
    public static UdpFlood start(String fromNs, InetSocketAddress to, int threadCount, int perMillisecond) throws Exception {
        UdpFlood flood = new UdpFlood();
        for (int i = 0; i < threadCount; i++) {
            DatagramChannel channel = NodeLab.in(fromNs, () -> DatagramChannel.open().connect(to));
            flood.threads.add(Thread.ofPlatform().daemon().name("flood-" + i)
                    .start(() -> flood.run(channel, perMillisecond)));
        }
        return flood;
    }

    private void run(DatagramChannel channel, int perMillisecond) {
        ByteBuffer payload = ByteBuffer.allocateDirect(DEFAULT_PAYLOAD);
        long burst = 0;
        try (channel) {
            while (running.get()) {
                if (++burst % perMillisecond == 0) {
                    sleepOneMillisecond();
                }
                if (sendOne(channel, payload)) {
                    sent.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            }
        } catch (IOException ignored) {
            // closing the channel
        }
    }

    /**
     * Sends from the calling thread, as fast as it can, for {@code duration}; returns the
     * datagrams sent. {@code payloadBytes}: e.g. {@link #PAYLOAD_FOR_64_BYTE_FRAME}.
     */
    public static long blast(String fromNs, InetSocketAddress to, Duration duration, int payloadBytes) throws Exception {
        try (DatagramChannel channel = NodeLab.in(fromNs, () -> DatagramChannel.open().connect(to))) {
            ByteBuffer payload = ByteBuffer.allocateDirect(payloadBytes);
            long end = System.nanoTime() + duration.toNanos();
            long sent = 0;
            while ((sent & 255) != 0 || System.nanoTime() < end) {
                sent += sendOne(channel, payload) ? 1 : 0;
            }
            return sent;
        }
    }

    /** Sends {@code count} 64-byte datagrams of one flow from the calling thread, as fast as the socket takes them. */
    public static void send(String fromNs, InetSocketAddress to, int count) throws Exception {
        try (DatagramChannel channel = NodeLab.in(fromNs, () -> DatagramChannel.open().connect(to))) {
            ByteBuffer payload = ByteBuffer.allocate(DEFAULT_PAYLOAD);
            for (int i = 0; i < count; i++) {
                sendOne(channel, payload);
            }
        }
    }

    private static boolean sendOne(DatagramChannel channel, ByteBuffer payload) {
        payload.clear();
        try {
            channel.write(payload);
            return true;
        } catch (IOException e) {
            return false; // ECONNREFUSED from an earlier ICMP error, ENOBUFS, a route gone: not sent
        }
    }

    private static void sleepOneMillisecond() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Waits until at least {@code more} further datagrams were sent (the flood is really running). */
    public void awaitSent(long more) throws InterruptedException {
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
