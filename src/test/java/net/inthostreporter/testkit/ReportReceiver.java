// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import net.inthostreporter.report.DecodedReport;
import net.inthostreporter.report.InnerPacket;
import net.inthostreporter.report.InnerPacketParser;
import net.inthostreporter.report.ReportDecoder;
import net.inthostreporter.report.ReportFormatException;

/**
 * A collector socket of the test itself on 127.0.0.1 inside a namespace, for floods (the embedded
 * collector prints every report as JSON, too much for hundreds of thousands).
 * <ul>
 * <li>{@link #counting}: a thread reads every datagram and counts datagrams and reports (v0.5:
 * one per datagram; v2 decoded to count its group), remembers when the first one arrived and,
 * with a marker port, counts reports whose inner packet is UDP to it (those are decoded too).</li>
 * <li>{@link #sink}: never reads; the kernel drops what does not fit, so a throughput run does
 * not bill a collector's CPU to the agent.</li>
 * </ul>
 */
public final class ReportReceiver implements AutoCloseable {
    private static final int RECEIVE_BUFFER = 32 << 20;
    /** No marker port: inner packets are not parsed. */
    public static final int NO_MARKER = -1;

    private final DatagramChannel channel;
    private final int markerPort;
    private final AtomicLong datagrams = new AtomicLong();
    private final AtomicLong reports = new AtomicLong();
    private final AtomicLong marked = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private volatile long firstArrivalNanos;
    private volatile long lastArrivalNanos;
    private final Thread reader;

    private ReportReceiver(DatagramChannel channel, boolean counting, int markerPort) {
        this.channel = channel;
        this.markerPort = markerPort;
        this.reader = counting ? Thread.ofPlatform().name("report-receiver").daemon(true).start(this::readLoop) : null;
    }

    /** Counts reports; those carrying UDP to {@code markerPort} separately ({@link #NO_MARKER} for none). */
    public static ReportReceiver counting(String ns, int markerPort) throws Exception {
        return new ReportReceiver(open(ns), true, markerPort);
    }

    public static ReportReceiver counting(String ns) throws Exception {
        return counting(ns, NO_MARKER);
    }

    public static ReportReceiver sink(String ns) throws Exception {
        return new ReportReceiver(open(ns), false, NO_MARKER);
    }

    private static DatagramChannel open(String ns) throws Exception {
        return NodeLab.in(ns, () -> {
            DatagramChannel channel = DatagramChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            return channel.bind(new InetSocketAddress("127.0.0.1", 0));
        });
    }

    public int port() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    /** Where an agent in the same namespace should report. */
    public String address() throws IOException {
        return "127.0.0.1:" + port();
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
        ReportDecoder decoder = new ReportDecoder();
        try {
            while (true) {
                buffer.clear();
                channel.receive(buffer);
                buffer.flip();
                long now = System.nanoTime();
                if (firstArrivalNanos == 0) {
                    firstArrivalNanos = now;
                }
                lastArrivalNanos = now;
                count(buffer, decoder);
                datagrams.incrementAndGet();
            }
        } catch (ClosedChannelException e) {
            // closed: done
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void count(ByteBuffer datagram, ReportDecoder decoder) {
        boolean v05 = datagram.hasRemaining() && (datagram.get(0) & 0xF0) == 0;
        if (v05 && markerPort == NO_MARKER) {
            reports.incrementAndGet(); // one report per datagram, no need to decode
            return;
        }
        try {
            long marks = 0;
            var decoded = decoder.decode(datagram);
            if (markerPort != NO_MARKER) {
                for (DecodedReport report : decoded) {
                    InnerPacket inner = InnerPacketParser.parse(report.innerFrame());
                    marks += inner.protocol() == InnerPacket.PROTO_UDP && inner.dstPort() == markerPort ? 1 : 0;
                }
            }
            marked.addAndGet(marks);
            reports.addAndGet(decoded.size());
        } catch (ReportFormatException e) {
            undecodable.incrementAndGet();
        }
    }

    /** Waits until nothing arrived for {@code quiet} (at least {@code quiet} from now). */
    public void awaitQuiet(Duration quiet) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            long last = Math.max(lastArrivalNanos, start);
            long idle = System.nanoTime() - last;
            if (idle >= quiet.toNanos()) {
                return;
            }
            Thread.sleep(Math.max(1, (quiet.toNanos() - idle) / 1_000_000));
        }
    }

    public long datagrams() {
        return datagrams.get();
    }

    public long reports() {
        return reports.get();
    }

    /** Reports whose inner packet is UDP to the marker port. */
    public long marked() {
        return marked.get();
    }

    public long undecodable() {
        return undecodable.get();
    }

    /** System.nanoTime() of the first datagram, 0 before it. */
    public long firstArrivalNanos() {
        return firstArrivalNanos;
    }

    @Override
    public void close() throws IOException {
        channel.close();
        if (reader != null) {
            try {
                reader.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
