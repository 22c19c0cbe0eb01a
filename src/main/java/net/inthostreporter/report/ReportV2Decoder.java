// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import static net.inthostreporter.report.ReportV2Layout.*;
import static net.inthostreporter.report.WireReads.*;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Telemetry Report v2.0: the group header, then every individual report up to the end of
 * the datagram. INT reports (RepType 1) are decoded: the baseline metadata RepMdBits selects,
 * our domain-specific extension when its Domain Specific ID is ours (other domains' metadata is
 * skipped, MD Length says how far), and the inner Ethernet frame.
 *
 * <p>Sequence numbers: the group header carries the number of its first report, and each
 * further report in the datagram counts one more (mod 2^22) — the convention our sender
 * follows, so the collector counts lost reports rather than lost datagrams.
 */
final class ReportV2Decoder implements VersionDecoder {

    private static final int ABSENT = -1;
    /** 4-byte fields between the level-2 ports and the drop reason that we skip: tx utilization, buffer, reserved. */
    private static final int[] SKIPPED_AFTER_L2_PORTS = {MD_TX_UTILIZATION, MD_BUFFER_OCCUPANCY,
            0x0040, 0x0020, 0x0010, 0x0008, 0x0004, 0x0002};

    @Override
    public int version() {
        return VERSION;
    }

    @Override
    public int sequenceBits() {
        return SEQUENCE_BITS;
    }

    @Override
    public List<DecodedReport> decode(ByteBuffer datagram) throws ReportFormatException {
        int start = datagram.position();
        int end = datagram.limit();
        if (end - start < GROUP_HEADER_SIZE + REPORT_HEADER_SIZE) {
            throw new ReportFormatException("v2.0 datagram too short for a group header and one report: "
                    + (end - start) + " bytes, need " + (GROUP_HEADER_SIZE + REPORT_HEADER_SIZE));
        }
        long first = u32(datagram, start);
        int hwId = (int) (first >>> 22) & HW_ID_MASK;
        long groupSeq = first & SEQUENCE_MASK;
        long nodeId = u32(datagram, start + GROUP_NODE_ID);

        List<Report> reports = new ArrayList<>();
        int at = start + GROUP_HEADER_SIZE;
        while (at < end) {
            if (end - at < REPORT_HEADER_SIZE) {
                throw new ReportFormatException("v2.0 datagram has " + (end - at)
                        + " trailing bytes after report " + reports.size() + ", too few for a report header");
            }
            int lengthWords = u8(datagram, at + REPORT_LENGTH);
            int reportEnd = lengthWords == LENGTH_TO_END ? end : at + REPORT_HEADER_SIZE + 4 * lengthWords;
            if (reportEnd > end) {
                throw new ReportFormatException("v2.0 report " + reports.size() + " says " + (reportEnd - at)
                        + " bytes but the datagram holds " + (end - at) + " from there");
            }
            reports.add(new Report(at, reportEnd));
            at = reportEnd;
        }
        List<DecodedReport> decoded = new ArrayList<>(reports.size());
        for (int i = 0; i < reports.size(); i++) {
            long seq = (groupSeq + i) & SEQUENCE_MASK;
            decoded.add(decodeReport(datagram, reports.get(i), i, hwId, seq, nodeId, reports.size()));
        }
        return List.copyOf(decoded);
    }

    private record Report(int start, int end) {
    }

    private static DecodedReport decodeReport(ByteBuffer b, Report r, int index, int hwId, long seq, long nodeId,
                                              int inDatagram) throws ReportFormatException {
        int repType = u8(b, r.start()) >>> 4;
        int inType = u8(b, r.start()) & 0x0F;
        int mdBytes = 4 * u8(b, r.start() + MD_LENGTH);
        int flags = u8(b, r.start() + REPORT_FLAGS);
        if (repType != REP_TYPE_INT) {
            throw new ReportFormatException("v2.0 report " + index + " has RepType " + repType + " (only 1 = INT is read)");
        }
        int main = r.start() + REPORT_HEADER_SIZE;
        int metadata = main + MAIN_CONTENTS_SIZE;
        int inner = metadata + mdBytes;
        if (inner > r.end()) {
            throw new ReportFormatException("v2.0 report " + index + ": main contents and " + mdBytes
                    + " bytes of metadata exceed its length of " + (r.end() - r.start()) + " bytes");
        }
        int repMdBits = u16(b, main);
        int domainId = u16(b, main + MAIN_DS_ID);
        int dsBits = u16(b, main + MAIN_DS_MD_BITS);
        if (baselineMetadataSize(repMdBits) > mdBytes) {
            throw new ReportFormatException("v2.0 report " + index + ": RepMdBits 0x" + Integer.toHexString(repMdBits)
                    + " need " + baselineMetadataSize(repMdBits) + " bytes but MD Length gives " + mdBytes);
        }

        Metadata md = new Metadata();
        int at = md.readBaseline(b, metadata, repMdBits);
        if (domainId == DOMAIN_ID) {
            md.readDomain(b, at, inner, dsBits, index);
        }
        byte[] frame = new byte[r.end() - inner];
        b.get(inner, frame);
        InnerPacket packet = inType == IN_TYPE_ETHERNET ? InnerPacketParser.parse(frame) : InnerPacketParser.parse(new byte[0]);
        return new DecodedReport(VERSION, ABSENT,
                (flags & FLAG_DROPPED) != 0, (flags & FLAG_CONGESTED) != 0, (flags & FLAG_TRACKED_FLOW) != 0,
                hwId, seq, md.ingressTs, nodeId, md.ingressPort, md.egressPort, md.queueId, md.queueOccupancy,
                md.egressTs, md.dropReason, md.hopLatency, frame, packet, md.flowId, md.tuple, inDatagram);
    }

    /** The metadata fields of one report, absent until read. */
    private static final class Metadata {
        int ingressPort = ABSENT;
        int egressPort = ABSENT;
        long hopLatency = ABSENT;
        int queueId = ABSENT;
        int queueOccupancy = ABSENT;
        long ingressTs = ABSENT;
        long egressTs = ABSENT;
        int dropReason = ABSENT;
        long flowId = ABSENT;
        IngressTuple tuple;

        /** Reads the fields RepMdBits selects, in their wire order; returns where the domain metadata starts. */
        int readBaseline(ByteBuffer b, int at, int bits) {
            if ((bits & MD_RESERVED_0) != 0) {
                at += 4;
            }
            if ((bits & MD_L1_PORTS) != 0) {
                ingressPort = u16(b, at);
                egressPort = u16(b, at + 2);
                at += 4;
            }
            if ((bits & MD_HOP_LATENCY) != 0) {
                hopLatency = u32(b, at);
                at += 4;
            }
            if ((bits & MD_QUEUE_OCCUPANCY) != 0) {
                queueId = u8(b, at);
                queueOccupancy = u8(b, at + 1) << 16 | u16(b, at + 2);
                at += 4;
            }
            if ((bits & MD_INGRESS_TS) != 0) {
                ingressTs = u64(b, at);
                at += 8;
            }
            if ((bits & MD_EGRESS_TS) != 0) {
                egressTs = u64(b, at);
                at += 8;
            }
            at += (bits & MD_L2_PORTS) != 0 ? 8 : 0;
            for (int skipped : SKIPPED_AFTER_L2_PORTS) {
                at += (bits & skipped) != 0 ? 4 : 0;
            }
            if ((bits & MD_DROP_REASON) != 0) {
                queueId = u8(b, at);
                dropReason = u8(b, at + 1);
                at += 4;
            }
            return at;
        }

        void readDomain(ByteBuffer b, int at, int end, int bits, int index) throws ReportFormatException {
            int need = ((bits & DS_FLOW_ID) != 0 ? DS_FLOW_ID_SIZE : 0)
                    + ((bits & DS_INGRESS_TUPLE_V4) != 0 ? DS_TUPLE_V4_SIZE : 0)
                    + ((bits & DS_INGRESS_TUPLE_V6) != 0 ? DS_TUPLE_V6_SIZE : 0);
            if (at + need > end) {
                throw new ReportFormatException("v2.0 report " + index + ": DSMdBits 0x" + Integer.toHexString(bits)
                        + " need " + need + " bytes after the baseline metadata, MD Length leaves " + (end - at));
            }
            if ((bits & DS_FLOW_ID) != 0) {
                flowId = u32(b, at);
                at += DS_FLOW_ID_SIZE;
            }
            if ((bits & DS_INGRESS_TUPLE_V4) != 0) {
                tuple = tuple(b, at, 4);
            } else if ((bits & DS_INGRESS_TUPLE_V6) != 0) {
                tuple = tuple(b, at, 16);
            }
        }

        private static IngressTuple tuple(ByteBuffer b, int at, int addressSize) {
            int ports = at + 2 * addressSize;
            return new IngressTuple(addressSize == 4 ? 4 : 6, address(b, at, addressSize),
                    address(b, at + addressSize, addressSize), u8(b, ports + 4), u16(b, ports), u16(b, ports + 2));
        }
    }

    private static InetAddress address(ByteBuffer b, int at, int size) {
        byte[] bytes = new byte[size];
        b.get(at, bytes);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 4 or 16 bytes
        }
    }
}
