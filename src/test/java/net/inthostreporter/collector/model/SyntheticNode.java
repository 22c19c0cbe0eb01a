// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

import java.nio.ByteBuffer;
import java.util.List;

import net.inthostreporter.testkit.FrameBuilder;
import net.inthostreporter.report.DecodedReport;
import net.inthostreporter.report.ReportDecoder;
import net.inthostreporter.report.ReportFormatException;
import net.inthostreporter.report.ReportV05Encoder;
import net.inthostreporter.report.SwitchId;
import net.inthostreporter.report.TestObservation;

/**
 * Test helper: one node sending real v0.5 report bytes (encoded by the agent's encoder, read back
 * by the collector's decoder) with its own clock: every timestamp it writes is its clock's
 * offset plus the time given, so nodes' timestamps can be made as far apart as real ones are.
 */
final class SyntheticNode {
    private static final ReportDecoder DECODER = new ReportDecoder();
    private final ReportV05Encoder encoder;
    private final long clockOffsetNs;
    private int seq;

    SyntheticNode(String switchId, long clockOffsetNs) {
        this.encoder = new ReportV05Encoder(SwitchId.parse(switchId), 0);
        this.clockOffsetNs = clockOffsetNs;
    }

    /** A UDP packet's frame as a hop snapshots it: this TTL, this IP id (tells packets apart). */
    static byte[] udpFrame(String src, int srcPort, String dst, int dstPort, int ttl, int ipId) {
        byte[] frame = new FrameBuilder().ethernet(0x0800).ipv4(17, src, dst).udp(srcPort, dstPort).payload(32).build();
        frame[14 + 4] = (byte) (ipId >> 8);
        frame[14 + 5] = (byte) ipId;
        frame[14 + 8] = (byte) ttl;
        return frame;
    }

    /** The reports of one datagram: a flow report for a packet that spent {@code latencyNs} in this node. */
    List<DecodedReport> flow(int in, int out, long atNs, long latencyNs, byte[] frame) {
        long ingress = clockOffsetNs + atNs;
        return datagram(TestObservation.flow(in, out, ingress, ingress + latencyNs, frame));
    }

    List<DecodedReport> drop(int in, long atNs, int reason, byte[] frame) {
        return datagram(TestObservation.drop(in, 0, clockOffsetNs + atNs, reason, frame));
    }

    private List<DecodedReport> datagram(TestObservation obs) {
        ByteBuffer buffer = ByteBuffer.allocate(ReportV05Encoder.maxReportSize(obs.frame().byteSize() > 512 ? 2048 : 512));
        encoder.encode(obs, ++seq, buffer);
        buffer.flip();
        try {
            return DECODER.decode(buffer);
        } catch (ReportFormatException e) {
            throw new AssertionError("the agent's encoder wrote a report the decoder refuses", e);
        }
    }

    /** Skips sequence numbers, as if reports were lost on the way. */
    void lose(int reports) {
        seq += reports;
    }
}
