// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import static net.inthostreporter.report.ReportV05Layout.*;
import static net.inthostreporter.report.WireReads.*;

import java.nio.ByteBuffer;
import java.util.List;

/** Reads Telemetry Report v0.5: the fixed header, then per NProto a drop or switch local header, then the frame. */
final class ReportV05Decoder implements VersionDecoder {

    private static final int ABSENT = -1;

    @Override
    public int version() {
        return VERSION;
    }

    @Override
    public int sequenceBits() {
        return 32;
    }

    @Override
    public List<DecodedReport> decode(ByteBuffer datagram) throws ReportFormatException {
        int start = datagram.position();
        int length = datagram.remaining();
        if (length < FIXED_HEADER_SIZE) {
            throw new ReportFormatException("v0.5 report too short for its fixed header: "
                    + length + " bytes, need " + FIXED_HEADER_SIZE);
        }
        int first = u8(datagram, start + VER_NPROTO);
        int nProto = first & 0x0F;
        int flags = u8(datagram, start + FLAGS);
        int hwId = u8(datagram, start + HW_ID) & HW_ID_MASK;
        long seqNo = u32(datagram, start + SEQ_NO);
        long ingressTs = u32(datagram, start + INGRESS_TS);

        int headersSize = FIXED_HEADER_SIZE + switch (nProto) {
            case NPROTO_ETHERNET -> 0;
            case NPROTO_DROP -> DROP_HEADER_SIZE;
            case NPROTO_SWITCH_LOCAL -> SWITCH_LOCAL_HEADER_SIZE;
            default -> throw new ReportFormatException("v0.5 report has unknown NProto " + nProto
                    + " (known: 0 Ethernet, 1 drop report, 2 switch local report)");
        };
        if (length < headersSize) {
            String header = nProto == NPROTO_DROP ? "Drop Report header" : "Switch Local Report header";
            throw new ReportFormatException("v0.5 report with NProto " + nProto + " too short for its "
                    + header + ": " + length + " bytes, need " + headersSize);
        }

        long switchId = ABSENT;
        int ingressPort = ABSENT;
        int egressPort = ABSENT;
        int queueId = ABSENT;
        int queueOccupancy = ABSENT;
        long egressTs = ABSENT;
        int dropReason = ABSENT;
        long hopLatency = ABSENT;
        int h = start + FIXED_HEADER_SIZE;
        if (nProto != NPROTO_ETHERNET) {
            switchId = u32(datagram, h + SWITCH_ID);
            ingressPort = u16(datagram, h + INGRESS_PORT);
            egressPort = u16(datagram, h + EGRESS_PORT);
            queueId = u8(datagram, h + QUEUE_ID);
        }
        if (nProto == NPROTO_SWITCH_LOCAL) {
            queueOccupancy = u16(datagram, h + QUEUE_OCCUPANCY) << 8 | u8(datagram, h + QUEUE_OCCUPANCY + 2);
            egressTs = u32(datagram, h + EGRESS_TS);
            hopLatency = (egressTs - ingressTs) & 0xFFFF_FFFFL; // both are the low 32 bits of one clock
        } else if (nProto == NPROTO_DROP) {
            dropReason = u8(datagram, h + DROP_REASON);
        }

        byte[] frame = new byte[length - headersSize];
        datagram.get(start + headersSize, frame);
        return List.of(new DecodedReport(VERSION, nProto,
                (flags & FLAG_DROPPED) != 0, (flags & FLAG_CONGESTED) != 0, (flags & FLAG_TRACKED_FLOW) != 0,
                hwId, seqNo, ingressTs, switchId, ingressPort, egressPort, queueId, queueOccupancy,
                egressTs, dropReason, hopLatency, frame, InnerPacketParser.parse(frame)));
    }
}
