// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import java.util.Arrays;

/**
 * One telemetry report as read from the wire, version-neutral so v0.5 and v2.0 decoders produce
 * the same shape. Numbers a report does not carry hold -1 (for example egressTimestamp and
 * hopLatencyNs in a drop report, dropReason in a flow report, or the switch fields of a v0.5
 * NProto 0 report).
 *
 * @param version          the version nibble on the wire (0 for v0.5, 2 for v2.0)
 * @param nProto           v0.5 NProto: 0 Ethernet, 1 drop report, 2 switch local report
 * @param dropped          D flag
 * @param congested        Q flag
 * @param trackedFlow      F flag
 * @param hwId             report stream inside the switch_id, 0..63
 * @param seqNo            sequence number, unsigned
 * @param ingressTimestamp ingress timestamp in ns as carried (v0.5: low 32 bits), unsigned
 * @param switchId         switch_id, unsigned 32 bits
 * @param ingressPort      ingress port (v0.5: 16 bits)
 * @param egressPort       egress port (v0.5: 16 bits)
 * @param queueId          queue id
 * @param queueOccupancy   queue occupancy (24 bits)
 * @param egressTimestamp  egress timestamp in ns as carried, flow reports only
 * @param dropReason       INT drop reason, drop reports only
 * @param hopLatencyNs     egress - ingress timestamp (v0.5: mod 2^32), flow reports only
 * @param innerFrame       the embedded (truncated) frame; copied in and out, the record stays immutable
 *                         (v2.0: as carried, with up to 3 bytes of zero padding)
 * @param inner            the headers parsed from innerFrame
 * @param flowId           v2.0 extension: the flow id, unsigned 32 bits; -1 when not carried
 * @param ingressTuple     v2.0 extension: the 5-tuple at ingress (before NAT); null when not carried
 * @param datagramReports  how many reports the datagram holding this one carried (v0.5: 1)
 */
public record DecodedReport(
        int version,
        int nProto,
        boolean dropped,
        boolean congested,
        boolean trackedFlow,
        int hwId,
        long seqNo,
        long ingressTimestamp,
        long switchId,
        int ingressPort,
        int egressPort,
        int queueId,
        int queueOccupancy,
        long egressTimestamp,
        int dropReason,
        long hopLatencyNs,
        byte[] innerFrame,
        InnerPacket inner,
        long flowId,
        IngressTuple ingressTuple,
        int datagramReports) {

    public DecodedReport {
        innerFrame = innerFrame.clone();
    }

    /** A report without the v2.0 extension fields, alone in its datagram (every v0.5 report). */
    public DecodedReport(int version, int nProto, boolean dropped, boolean congested, boolean trackedFlow,
                         int hwId, long seqNo, long ingressTimestamp, long switchId, int ingressPort,
                         int egressPort, int queueId, int queueOccupancy, long egressTimestamp,
                         int dropReason, long hopLatencyNs, byte[] innerFrame, InnerPacket inner) {
        this(version, nProto, dropped, congested, trackedFlow, hwId, seqNo, ingressTimestamp, switchId,
                ingressPort, egressPort, queueId, queueOccupancy, egressTimestamp, dropReason, hopLatencyNs,
                innerFrame, inner, -1, null, 1);
    }

    @Override
    public byte[] innerFrame() {
        return innerFrame.clone();
    }

    /** The inner frame as a read-only view, without copying it (for consumers that read every report). */
    public java.lang.foreign.MemorySegment innerFrameView() {
        return java.lang.foreign.MemorySegment.ofArray(innerFrame).asReadOnly();
    }

    /** Length of the inner frame without copying it. */
    public int innerFrameLength() {
        return innerFrame.length;
    }

    /** True for a drop report (v0.5 NProto 1, or any report with the D flag). */
    public boolean isDropReport() {
        return dropped || nProto == ReportV05Layout.NPROTO_DROP;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecodedReport r
                && version == r.version && nProto == r.nProto && dropped == r.dropped
                && congested == r.congested && trackedFlow == r.trackedFlow && hwId == r.hwId
                && seqNo == r.seqNo && ingressTimestamp == r.ingressTimestamp
                && switchId == r.switchId && ingressPort == r.ingressPort
                && egressPort == r.egressPort && queueId == r.queueId
                && queueOccupancy == r.queueOccupancy && egressTimestamp == r.egressTimestamp
                && dropReason == r.dropReason && hopLatencyNs == r.hopLatencyNs
                && Arrays.equals(innerFrame, r.innerFrame) && inner.equals(r.inner)
                && flowId == r.flowId && java.util.Objects.equals(ingressTuple, r.ingressTuple)
                && datagramReports == r.datagramReports;
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(seqNo) + Arrays.hashCode(innerFrame);
    }

    @Override
    public String toString() {
        return "DecodedReport[version=" + version + ", nProto=" + nProto + ", dropped=" + dropped
                + ", congested=" + congested + ", trackedFlow=" + trackedFlow + ", hwId=" + hwId
                + ", seqNo=" + seqNo + ", ingressTimestamp=" + ingressTimestamp
                + ", switchId=" + switchId + ", ingressPort=" + ingressPort
                + ", egressPort=" + egressPort + ", queueId=" + queueId
                + ", queueOccupancy=" + queueOccupancy + ", egressTimestamp=" + egressTimestamp
                + ", dropReason=" + dropReason + ", hopLatencyNs=" + hopLatencyNs
                + ", innerFrameLength=" + innerFrame.length + ", inner=" + inner
                + ", flowId=" + flowId + ", ingressTuple=" + ingressTuple
                + ", datagramReports=" + datagramReports + "]";
    }
}
