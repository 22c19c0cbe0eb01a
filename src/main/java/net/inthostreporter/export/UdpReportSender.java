// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.export;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.inthostreporter.report.IngressViewRewriter;
import net.inthostreporter.report.NatView;
import net.inthostreporter.report.PacketObservation;
import net.inthostreporter.report.ReportV05Encoder;

/**
 * Sends one Telemetry Report v0.5 datagram per observation to the collector, numbering them
 * per (switch_id, hw_id) from 1. Used from one thread (the event pump). A collector that is
 * down or unreachable never stops the agent: send errors are counted and logged at most once
 * per interval with the number held back; the sequence number still advances, so the
 * collector sees the loss as a gap.
 */
public final class UdpReportSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpReportSender.class);
    private static final long ERROR_LOG_INTERVAL_NS = 10_000_000_000L;

    private final InetSocketAddress collector;
    private final ReportV05Encoder encoder;
    private final DatagramChannel channel;
    private final ByteBuffer buffer;
    private final MemorySegment bufferSegment;
    private final NatView natView;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private int seqNo;
    private long lastErrorLogNs;
    private long errorsSinceLog;
    private boolean failing;

    private UdpReportSender(InetSocketAddress collector, ReportV05Encoder encoder, DatagramChannel channel, int maxReportSize,
                            NatView natView) {
        this.collector = collector;
        this.encoder = encoder;
        this.channel = channel;
        this.buffer = ByteBuffer.allocateDirect(maxReportSize);
        this.bufferSegment = MemorySegment.ofBuffer(buffer);
        this.natView = natView;
    }

    /**
     * Opens an unconnected UDP socket toward the collector (unconnected, so that ICMP errors
     * from a collector that is down do not fail later sends).
     */
    public static UdpReportSender open(InetSocketAddress collector, ReportV05Encoder encoder, int snapLength) throws IOException {
        return open(collector, encoder, snapLength, NatView.EGRESS);
    }

    /** As {@link #open(InetSocketAddress, ReportV05Encoder, int)}, showing NATed packets in the given view. */
    public static UdpReportSender open(InetSocketAddress collector, ReportV05Encoder encoder, int snapLength,
                                       NatView natView) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        return new UdpReportSender(collector, encoder, channel, ReportV05Encoder.maxReportSize(snapLength), natView);
    }

    /** Encodes and sends one report. */
    public void send(PacketObservation observation) {
        buffer.clear();
        int length = encoder.encode(observation, ++seqNo, buffer);
        if (natView == NatView.INGRESS) {
            // The frame is the tail of the report: rewrite that copy, never the captured event.
            long frameLength = observation.frame().byteSize();
            IngressViewRewriter.rewrite(bufferSegment, length - frameLength, frameLength, observation);
        }
        buffer.flip();
        try {
            channel.send(buffer, collector);
            sent.incrementAndGet();
            if (failing) {
                failing = false;
                LOG.info("sending reports to {} works again", collector);
            }
        } catch (IOException e) {
            onError(e);
        }
    }

    private void onError(IOException e) {
        errors.incrementAndGet();
        errorsSinceLog++;
        long now = System.nanoTime();
        if (!failing || now - lastErrorLogNs >= ERROR_LOG_INTERVAL_NS) {
            LOG.warn("cannot send reports to {}: {} ({} failed since the last message)", collector, e.getMessage(),
                    errorsSinceLog);
            lastErrorLogNs = now;
            errorsSinceLog = 0;
        }
        failing = true;
    }

    public InetSocketAddress collector() {
        return collector;
    }

    /** Reports handed to the socket. */
    public long sent() {
        return sent.get();
    }

    /** Reports the socket refused. */
    public long errors() {
        return errors.get();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
