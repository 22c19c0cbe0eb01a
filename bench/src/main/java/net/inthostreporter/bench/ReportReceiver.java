// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;

import net.inthostreporter.report.ReportDecoder;
import net.inthostreporter.report.ReportFormatException;
import net.inthostreporter.sys.NetNamespace;

/**
 * The collector side of the benchmarks: a UDP socket on 127.0.0.1 inside the node namespace.
 * Counting mode reads every datagram and counts reports (v0.5: one per datagram; other versions
 * are decoded with the agent's decoder to count the reports grouped in them) and remembers when
 * the first one arrived. Sink mode never reads: the kernel drops what does not fit, so the
 * throughput runs do not bill a collector's CPU to the agent.
 */
final class ReportReceiver implements AutoCloseable {
    private static final int RECEIVE_BUFFER = 32 << 20;

    private final DatagramChannel channel;
    private final AtomicLong datagrams = new AtomicLong();
    private final AtomicLong reports = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile long firstArrivalNanos;
    private final Thread reader;

    private ReportReceiver(DatagramChannel channel, boolean counting) {
        this.channel = channel;
        this.reader = counting ? Thread.ofPlatform().name("report-receiver").daemon(true).start(this::readLoop) : null;
    }

    static ReportReceiver counting(String nodeNs) throws Exception {
        return new ReportReceiver(open(nodeNs), true);
    }

    static ReportReceiver sink(String nodeNs) throws Exception {
        return new ReportReceiver(open(nodeNs), false);
    }

    private static DatagramChannel open(String nodeNs) throws Exception {
        return NetNamespace.call(nodeNs, () -> {
            DatagramChannel channel = DatagramChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            return channel.bind(new InetSocketAddress("127.0.0.1", 0));
        });
    }

    int port() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
        ReportDecoder decoder = new ReportDecoder();
        try {
            while (true) {
                buffer.clear();
                channel.receive(buffer);
                buffer.flip();
                if (firstArrivalNanos == 0) {
                    firstArrivalNanos = System.nanoTime();
                }
                datagrams.incrementAndGet();
                reports.addAndGet(reportsIn(buffer, decoder));
            }
        } catch (AsynchronousCloseException e) {
            // closed: done
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long reportsIn(ByteBuffer datagram, ReportDecoder decoder) {
        if (datagram.hasRemaining() && (datagram.get(0) & 0xF0) == 0) {
            return 1; // v0.5: one report per datagram, no need to decode
        }
        try {
            return decoder.decode(datagram).size();
        } catch (ReportFormatException e) {
            malformed.incrementAndGet();
            return 0;
        }
    }

    long datagrams() {
        return datagrams.get();
    }

    long reports() {
        return reports.get();
    }

    long malformed() {
        return malformed.get();
    }

    /** System.nanoTime() of the first datagram, 0 before it. */
    long firstArrivalNanos() {
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
