// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import static net.inthostreporter.report.ReportV2Layout.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Writes Telemetry Report v2.0: the group header, and INT individual reports (RepType 1, inner
 * Ethernet frame) carrying what a host knows about a packet — L1 ports (ifindex, 16 bits),
 * hop latency (flows), 64-bit ingress and egress timestamps, queue_id and drop reason (drops) —
 * plus our domain-specific extension ({@link ReportV2Layout#DOMAIN_ID}) with the flow id and
 * the ingress-view 5-tuple when the observation has them.
 *
 * <p>Several reports follow one group header; the caller (a batching sender) decides how many
 * and numbers them. Writes go straight into the caller's memory at an absolute offset and
 * allocate nothing, since this runs once per event.
 */
public final class ReportV2Encoder implements ReportEncoder {

    /** Bytes of the Telemetry Report Group header that starts every datagram. */
    public static final int GROUP_HEADER_SIZE = ReportV2Layout.GROUP_HEADER_SIZE;
    /** Sequence numbers wrap at 2^22. */
    public static final int SEQUENCE_MASK = ReportV2Layout.SEQUENCE_MASK;

    private static final int FLOW_MD_BITS = MD_L1_PORTS | MD_HOP_LATENCY | MD_INGRESS_TS | MD_EGRESS_TS;
    private static final int DROP_MD_BITS = MD_L1_PORTS | MD_INGRESS_TS | MD_EGRESS_TS | MD_DROP_REASON;
    private static final int FIXED_PART = REPORT_HEADER_SIZE + MAIN_CONTENTS_SIZE;
    /** Largest Report Length we write; 0xFF would mean "to the end of the datagram". */
    private static final int MAX_REPORT_WORDS = 0xFE;

    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    private final int nodeId;
    private final int hwId;

    /**
     * @param nodeId the node's switch_id, written as the group header's Node ID
     * @param hwId   the report stream inside this node, 0..63
     */
    public ReportV2Encoder(int nodeId, int hwId) {
        if (hwId < 0 || hwId > HW_ID_MASK) {
            throw new IllegalArgumentException("hw_id must be in 0..63, got " + hwId);
        }
        this.nodeId = nodeId;
        this.hwId = hwId;
    }

    /** Largest individual report for inner frames of at most {@code snapLen} bytes (flow id and IPv6 tuple included). */
    public static int maxReportSize(int snapLen) {
        if (snapLen < 0) {
            throw new IllegalArgumentException("snapLen must be >= 0, got " + snapLen);
        }
        int metadata = Math.max(baselineMetadataSize(FLOW_MD_BITS), baselineMetadataSize(DROP_MD_BITS))
                + DS_FLOW_ID_SIZE + DS_TUPLE_V6_SIZE;
        return FIXED_PART + metadata + padded(snapLen);
    }

    @Override
    public int groupHeaderSize() {
        return GROUP_HEADER_SIZE;
    }

    /** As many as fit in the datagram. */
    @Override
    public int maxReportsPerDatagram() {
        return Integer.MAX_VALUE;
    }

    @Override
    public int sequenceMask() {
        return SEQUENCE_MASK;
    }

    /** Writes the group header of a datagram whose first report has sequence number {@code seqNo} (22 bits kept). */
    @Override
    public void encodeGroupHeader(int seqNo, MemorySegment out, long offset) {
        out.set(INT_BE, offset, VERSION << 28 | hwId << 22 | (seqNo & SEQUENCE_MASK));
        out.set(INT_BE, offset + GROUP_NODE_ID, nodeId);
    }

    @Override
    public int reportSize(PacketObservation obs) {
        return FIXED_PART + metadataSize(obs) + padded(obs.frameLength());
    }

    /**
     * Writes one individual report at {@code offset}.
     *
     * @return the number of bytes written, a multiple of 4
     * @throws IndexOutOfBoundsException if it does not fit in {@code out} (nothing is written then)
     * @throws IllegalArgumentException  if the frame is too long for the 8-bit Report Length
     */
    public int encodeReport(PacketObservation obs, MemorySegment out, long offset) {
        return encodeReport(obs, obs.intDropReason(), 0, out, offset);
    }

    /** The sequence number is the group header's: {@code seqNo} is not written here. */
    @Override
    public int encodeReport(PacketObservation obs, int intDropReason, int seqNo, MemorySegment out, long offset) {
        boolean dropped = obs.dropped();
        int dsBits = domainBits(obs);
        int mdBytes = baselineMetadataSize(dropped ? DROP_MD_BITS : FLOW_MD_BITS) + domainMetadataSize(dsBits);
        long frameBytes = obs.frameLength();
        long paddedFrame = padded(frameBytes);
        long total = FIXED_PART + mdBytes + paddedFrame;
        long words = (total - REPORT_HEADER_SIZE) / 4;
        if (words > MAX_REPORT_WORDS) {
            throw new IllegalArgumentException("inner frame of " + frameBytes + " bytes is too long for a v2.0 report");
        }
        if (offset < 0 || offset + total > out.byteSize()) {
            throw new IndexOutOfBoundsException("report of " + total + " bytes does not fit at " + offset
                    + " in " + out.byteSize() + " bytes");
        }
        long at = offset;
        out.set(BYTE, at, (byte) (REP_TYPE_INT << 4 | (frameBytes == 0 ? IN_TYPE_NONE : IN_TYPE_ETHERNET)));
        out.set(BYTE, at + REPORT_LENGTH, (byte) words);
        out.set(BYTE, at + MD_LENGTH, (byte) (mdBytes / 4));
        out.set(BYTE, at + REPORT_FLAGS, (byte) (dropped ? FLAG_DROPPED : FLAG_TRACKED_FLOW));
        at += REPORT_HEADER_SIZE;
        out.set(SHORT_BE, at, (short) (dropped ? DROP_MD_BITS : FLOW_MD_BITS));
        out.set(SHORT_BE, at + MAIN_DS_ID, (short) (dsBits == 0 ? 0 : DOMAIN_ID));
        out.set(SHORT_BE, at + MAIN_DS_MD_BITS, (short) dsBits);
        out.set(SHORT_BE, at + MAIN_DS_MD_STATUS, (short) 0);
        at += MAIN_CONTENTS_SIZE;

        // Baseline metadata, in RepMdBits order.
        out.set(SHORT_BE, at, (short) obs.ingressPort());
        out.set(SHORT_BE, at + 2, (short) obs.egressPort());
        at += 4;
        if (!dropped) {
            out.set(INT_BE, at, (int) (obs.egressTimestampNs() - obs.ingressTimestampNs()));
            at += 4;
        }
        out.set(LONG_BE, at, obs.ingressTimestampNs());
        out.set(LONG_BE, at + 8, obs.egressTimestampNs());
        at += 16;
        if (dropped) {
            out.set(INT_BE, at, (intDropReason & 0xFF) << 16); // queue_id 0 | drop_reason | pad
            at += 4;
        }
        at = writeDomainMetadata(obs, dsBits, out, at);

        obs.copyFrame(out, at);
        for (long pad = at + frameBytes; pad < at + paddedFrame; pad++) {
            out.set(BYTE, pad, (byte) 0);
        }
        return (int) total;
    }

    private static long writeDomainMetadata(PacketObservation obs, int dsBits, MemorySegment out, long at) {
        if ((dsBits & DS_FLOW_ID) != 0) {
            out.set(INT_BE, at, obs.flowId());
            at += DS_FLOW_ID_SIZE;
        }
        int addressSize = (dsBits & DS_INGRESS_TUPLE_V4) != 0 ? 4 : (dsBits & DS_INGRESS_TUPLE_V6) != 0 ? 16 : 0;
        if (addressSize != 0) {
            obs.copyIngressAddresses(0, out, at, addressSize);                // source
            obs.copyIngressAddresses(16, out, at + addressSize, addressSize); // destination
            at += 2L * addressSize;
            out.set(SHORT_BE, at, (short) obs.ingressSourcePort());
            out.set(SHORT_BE, at + 2, (short) obs.ingressDestinationPort());
            out.set(INT_BE, at + 4, (obs.ingressProtocol() & 0xFF) << 24);
            at += 8;
        }
        return at;
    }

    private static int metadataSize(PacketObservation obs) {
        return baselineMetadataSize(obs.dropped() ? DROP_MD_BITS : FLOW_MD_BITS) + domainMetadataSize(domainBits(obs));
    }

    /** Which extension fields this observation has: a flow id when known, the tuple of its IP version. */
    private static int domainBits(PacketObservation obs) {
        int bits = obs.flowId() != 0 ? DS_FLOW_ID : 0;
        int version = obs.ingressIpVersion();
        if (version == 4) {
            bits |= DS_INGRESS_TUPLE_V4;
        } else if (version == 6) {
            bits |= DS_INGRESS_TUPLE_V6;
        }
        return bits;
    }

    private static int domainMetadataSize(int dsBits) {
        return ((dsBits & DS_FLOW_ID) != 0 ? DS_FLOW_ID_SIZE : 0)
                + ((dsBits & DS_INGRESS_TUPLE_V4) != 0 ? DS_TUPLE_V4_SIZE : 0)
                + ((dsBits & DS_INGRESS_TUPLE_V6) != 0 ? DS_TUPLE_V6_SIZE : 0);
    }

    private static int padded(long bytes) {
        return (int) ((bytes + 3) & ~3L);
    }
}
