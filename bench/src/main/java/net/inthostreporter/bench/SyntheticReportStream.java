// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

import net.inthostreporter.report.PacketObservation;
import net.inthostreporter.report.ReportV05Encoder;
import net.inthostreporter.report.ReportV2Encoder;
import net.inthostreporter.report.SwitchId;

/**
 * The collector benchmark's sender side: reports of {@code flows} UDP flows, each crossing two
 * nodes (10.99.0.1: cali 2 → eth1 4, TTL 63; 10.99.0.2: eth1 4 → cali 3, TTL 62), written by the
 * agent's own encoders with 128-byte snapshots. The nodes take turns by datagram; each reports
 * its packets 0, 1, 2, … of flows 0, 1, …, flows - 1, 0, … with hop latencies between 5 and
 * 68 µs, so the collector sees many flows, both hops of each packet, and spread-out latencies.
 * Nothing is allocated per report.
 */
public final class SyntheticReportStream {
    static final int SNAP_LENGTH = 128;
    /** What fits in a 1500-byte MTU datagram with 128-byte snapshots, as the agent groups them. */
    static final int V2_REPORTS_PER_DATAGRAM = 7;
    private static final int IPV4 = 14, UDP = IPV4 + 20;

    private final int flows;
    private final boolean v2;
    private final ReportV05Encoder[] v05 = {
        new ReportV05Encoder(SwitchId.parse("10.99.0.1"), 0), new ReportV05Encoder(SwitchId.parse("10.99.0.2"), 0)};
    private final ReportV2Encoder[] v2Encoders = {
        new ReportV2Encoder(SwitchId.parse("10.99.0.1"), 0), new ReportV2Encoder(SwitchId.parse("10.99.0.2"), 0)};
    private final int[] nextSeq = {1, 1};
    private final long[] packets = new long[2];
    private final Observation obs = new Observation();
    private long datagrams;

    public SyntheticReportStream(int flows, boolean v2) {
        this.flows = flows;
        this.v2 = v2;
    }

    /** Reports in each datagram {@link #fill} writes. */
    int reportsPerDatagram() {
        return v2 ? V2_REPORTS_PER_DATAGRAM : 1;
    }

    /** Writes the next datagram into {@code out} (cleared, then flipped for sending). */
    public void fill(ByteBuffer out) {
        out.clear();
        int hop = (int) (datagrams++ & 1); // the nodes take turns
        if (!v2) {
            prepare(hop);
            v05[hop].encode(obs, nextSeq[hop]++, out);
        } else {
            // One datagram holds one node's reports: the group header names the node.
            MemorySegment segment = MemorySegment.ofBuffer(out);
            v2Encoders[hop].encodeGroupHeader(nextSeq[hop], segment, 0);
            long at = 8;
            for (int r = 0; r < V2_REPORTS_PER_DATAGRAM; r++) {
                prepare(hop);
                at += v2Encoders[hop].encodeReport(obs, segment, at);
            }
            nextSeq[hop] += V2_REPORTS_PER_DATAGRAM;
            out.position((int) at);
        }
        out.flip();
    }

    /** Sets the observation for this node's next packet. */
    private void prepare(int hop) {
        long packet = packets[hop]++;
        obs.set(hop, (int) (packet % flows), (int) packet, 5_000 + (packet * 7919 % 64) * 1000);
    }

    /** A forwarded packet at one of the two nodes; its frame is rewritten in place for each report. */
    private static final class Observation implements PacketObservation {
        private final byte[] frame = new byte[SNAP_LENGTH];
        private final MemorySegment segment = MemorySegment.ofArray(frame);
        private int hop;
        private long ingress;
        private long latency;

        Observation() {
            frame[12] = 0x08; // IPv4
            frame[IPV4] = 0x45;
            frame[IPV4 + 3] = (byte) (SNAP_LENGTH - IPV4);
            frame[IPV4 + 9] = 17; // UDP
            frame[IPV4 + 12] = 10;
            frame[IPV4 + 13] = (byte) 244;
            frame[IPV4 + 14] = 1;
            frame[IPV4 + 15] = 11;
            frame[IPV4 + 16] = 10;
            frame[IPV4 + 17] = (byte) 244;
            frame[UDP + 3] = (byte) 0x51; // dst port 5201 (0x1451)
            frame[UDP + 2] = 0x14;
        }

        void set(int hop, int flow, int packet, long latencyNs) {
            this.hop = hop;
            this.latency = latencyNs;
            this.ingress = packet * 10_000L + hop * 1_000_000_000L; // each node its own clock
            frame[IPV4 + 4] = (byte) (packet >> 8); // IP id: tells packets apart
            frame[IPV4 + 5] = (byte) packet;
            frame[IPV4 + 8] = (byte) (63 - hop);
            frame[IPV4 + 18] = (byte) (2 + (flow >> 16)); // dst 10.244.(2+..).x
            frame[IPV4 + 19] = (byte) (flow >> 8);
            int srcPort = 1024 + (flow & 0xFF) * 200;
            frame[UDP] = (byte) (srcPort >> 8);
            frame[UDP + 1] = (byte) srcPort;
        }

        @Override
        public boolean dropped() {
            return false;
        }

        @Override
        public int ingressPort() {
            return hop == 0 ? 2 : 4;
        }

        @Override
        public int egressPort() {
            return hop == 0 ? 4 : 3;
        }

        @Override
        public long ingressTimestampNs() {
            return ingress;
        }

        @Override
        public long egressTimestampNs() {
            return ingress + latency;
        }

        @Override
        public int intDropReason() {
            return 0;
        }

        @Override
        public MemorySegment frame() {
            return segment;
        }
    }
}
