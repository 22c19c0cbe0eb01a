// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import static net.inthostreporter.report.ReportV05Layout.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;

/**
 * Writes Telemetry Report v0.5 datagrams the way a host must send them to be read like a switch:
 * flow reports as NProto 2 with the F flag, drop reports as NProto 1 with the D flag, queue fields
 * zero, ports as 16-bit ifindex, timestamps as their low 32 bits.
 *
 * <p>The encoder is on the per-packet path, so {@link #encodeReport} allocates nothing, nor does
 * {@link #encode} once it has seen its output buffer (its memory-segment view is kept from the
 * first call). It is safe to share between threads, but one encoder per sending thread is the natural
 * use, since each sending thread is its own hw_id stream.
 */
public final class ReportV05Encoder implements ReportEncoder {

    /** Bytes before the inner frame in a flow report. */
    public static final int FLOW_HEADERS_SIZE = FIXED_HEADER_SIZE + SWITCH_LOCAL_HEADER_SIZE;
    /** Bytes before the inner frame in a drop report. */
    public static final int DROP_HEADERS_SIZE = FIXED_HEADER_SIZE + DROP_HEADER_SIZE;

    // The wire is big-endian whatever order the caller set on its buffer.
    private static final ValueLayout.OfInt INT_BE =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort SHORT_BE =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    private final int switchId;
    private final int hwId;
    /** --nat-view ingress: the inner frame is written with its ingress-view addresses and ports. */
    private final boolean ingressView;

    /**
     * The output buffer last written to and a segment over all of it (index 0 = buffer index 0).
     * One immutable pair, read once per call, so concurrent callers never use another's view.
     */
    private OutputView lastView;

    private record OutputView(ByteBuffer buffer, MemorySegment segment) {
    }

    /**
     * @param switchId the node's switch_id (unsigned 32 bits, see {@link SwitchId#parse})
     * @param hwId     the report stream inside this switch_id, 0..63
     */
    public ReportV05Encoder(int switchId, int hwId) {
        this(switchId, hwId, NatView.EGRESS);
    }

    /**
     * @param natView which view of a NATed packet the inner frame shows (see {@link IngressViewFrame})
     */
    public ReportV05Encoder(int switchId, int hwId, NatView natView) {
        if (hwId < 0 || hwId > HW_ID_MASK) {
            throw new IllegalArgumentException("hw_id must be in 0..63, got " + hwId);
        }
        this.switchId = switchId;
        this.hwId = hwId;
        this.ingressView = natView == NatView.INGRESS;
    }

    /** Largest report this encoder writes for inner frames of at most {@code snapLen} bytes. */
    public static int maxReportSize(int snapLen) {
        if (snapLen < 0) {
            throw new IllegalArgumentException("snapLen must be >= 0, got " + snapLen);
        }
        return Math.max(FLOW_HEADERS_SIZE, DROP_HEADERS_SIZE) + snapLen;
    }

    public int switchId() {
        return switchId;
    }

    public int hwId() {
        return hwId;
    }

    /** v0.5 has no group header: each datagram is one report. */
    @Override
    public int groupHeaderSize() {
        return 0;
    }

    @Override
    public int maxReportsPerDatagram() {
        return 1;
    }

    /** Unsigned 32 bits. */
    @Override
    public int sequenceMask() {
        return -1;
    }

    @Override
    public void encodeGroupHeader(int firstSeqNo, MemorySegment out, long offset) {
    }

    @Override
    public int reportSize(PacketObservation obs) {
        return (int) ((obs.dropped() ? DROP_HEADERS_SIZE : FLOW_HEADERS_SIZE) + obs.frameLength());
    }

    /**
     * Writes one complete report at {@code out}'s position and advances it (for callers that
     * build datagrams in a ByteBuffer: tests, simulated nodes).
     *
     * @param seqNo the report's sequence number in this (switch_id, hw_id) stream, unsigned 32 bits
     * @return the number of bytes written
     * @throws BufferOverflowException if the report does not fit in {@code out}'s remaining
     *                                 space; nothing is written then
     */
    public int encode(PacketObservation obs, int seqNo, ByteBuffer out) {
        if (out.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        int total = reportSize(obs);
        if (total > out.remaining()) {
            throw new BufferOverflowException();
        }
        encodeReport(obs, obs.intDropReason(), seqNo, viewOf(out), out.position());
        out.position(out.position() + total);
        return total;
    }

    @Override
    public int encodeReport(PacketObservation obs, int intDropReason, int seqNo, MemorySegment seg, long start) {
        boolean dropped = obs.dropped();
        int headersSize = dropped ? DROP_HEADERS_SIZE : FLOW_HEADERS_SIZE;
        long total = headersSize + obs.frameLength();
        if (start < 0 || start + total > seg.byteSize()) {
            throw new IndexOutOfBoundsException("report of " + total + " bytes does not fit at " + start
                    + " in " + seg.byteSize() + " bytes");
        }
        seg.set(BYTE, start + VER_NPROTO,
                (byte) (VERSION << 4 | (dropped ? NPROTO_DROP : NPROTO_SWITCH_LOCAL)));
        seg.set(BYTE, start + FLAGS, (byte) (dropped ? FLAG_DROPPED : FLAG_TRACKED_FLOW));
        seg.set(BYTE, start + 2, (byte) 0);
        seg.set(BYTE, start + HW_ID, (byte) hwId);
        seg.set(INT_BE, start + SEQ_NO, seqNo);
        seg.set(INT_BE, start + INGRESS_TS, (int) obs.ingressTimestampNs());

        long h = start + FIXED_HEADER_SIZE;
        seg.set(INT_BE, h + SWITCH_ID, switchId);
        seg.set(SHORT_BE, h + INGRESS_PORT, (short) obs.ingressPort());
        seg.set(SHORT_BE, h + EGRESS_PORT, (short) obs.egressPort());
        if (dropped) {
            seg.set(BYTE, h + QUEUE_ID, (byte) 0);
            seg.set(BYTE, h + DROP_REASON, (byte) intDropReason);
            seg.set(SHORT_BE, h + DROP_REASON + 1, (short) 0);
        } else {
            seg.set(INT_BE, h + QUEUE_ID, 0); // queue_id and the 24-bit occupancy: a host has no queue
            seg.set(INT_BE, h + EGRESS_TS, (int) obs.egressTimestampNs());
        }
        if (ingressView) {
            IngressViewFrame.write(obs, seg, start + headersSize);
        } else {
            obs.copyFrame(seg, start + headersSize);
        }
        return (int) total;
    }

    private MemorySegment viewOf(ByteBuffer out) {
        OutputView view = lastView;
        if (view == null || view.buffer() != out) {
            view = new OutputView(out, MemorySegment.ofBuffer(out.duplicate().clear()));
            lastView = view;
        }
        return view.segment();
    }
}
