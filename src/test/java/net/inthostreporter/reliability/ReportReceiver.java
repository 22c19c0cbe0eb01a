// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;

import net.inthostreporter.e2e.NodeLab;
import net.inthostreporter.report.DecodedReport;
import net.inthostreporter.report.InnerPacket;
import net.inthostreporter.report.InnerPacketParser;
import net.inthostreporter.report.ReportDecoder;
import net.inthostreporter.report.ReportFormatException;

/**
 * A collector socket of the test itself, for floods: the embedded collector prints (and the e2e
 * helper keeps) every report as JSON, too much for hundreds of thousands. This one decodes each
 * datagram with our decoder and keeps only counts: all reports, and those whose inner packet is
 * UDP to one marker port.
 */
final class ReportReceiver implements AutoCloseable {
    private final DatagramChannel channel;
    private final ReportDecoder decoder = new ReportDecoder();
    private final ByteBuffer buffer = ByteBuffer.allocate(65_536);
    private long reports;
    private long undecodable;

    private ReportReceiver(DatagramChannel channel) {
        this.channel = channel;
    }

    /** Binds 127.0.0.1 on a free port inside {@code ns}. */
    static ReportReceiver bind(String ns) throws Exception {
        return new ReportReceiver(NodeLab.in(ns, () -> {
            DatagramChannel channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress("127.0.0.1", 0));
            channel.configureBlocking(false);
            return channel;
        }));
    }

    int port() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    /**
     * Reads until nothing arrived for {@code quiet}; returns how many reports of the read ones
     * carry UDP to {@code markerPort}.
     */
    long drain(Duration quiet, int markerPort) throws IOException, InterruptedException {
        long marked = 0;
        long lastArrival = System.nanoTime();
        while (System.nanoTime() - lastArrival < quiet.toNanos()) {
            buffer.clear();
            if (channel.receive(buffer) == null) {
                Thread.sleep(5);
                continue;
            }
            lastArrival = System.nanoTime();
            buffer.flip();
            try {
                for (DecodedReport report : decoder.decode(buffer)) {
                    reports++;
                    InnerPacket inner = InnerPacketParser.parse(report.innerFrame());
                    marked += inner.protocol() == InnerPacket.PROTO_UDP && inner.dstPort() == markerPort ? 1 : 0;
                }
            } catch (ReportFormatException e) {
                undecodable++;
            }
        }
        return marked;
    }

    long reports() {
        return reports;
    }

    long undecodable() {
        return undecodable;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
