// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.export;

import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.time.Duration;

import net.inthostreporter.report.PacketObservation;
import net.inthostreporter.report.ReportV2Encoder;

/**
 * Telemetry Report v2.0 with grouping: individual reports are appended to the open datagram
 * until the next one would take it past the payload limit (from the path MTU); then the
 * datagram is closed and the next one opened with its own group header.
 *
 * <p>Sequence numbers count reports, not datagrams: the group header carries the number of
 * its first report, the reports after it count on (mod 2^22), and the first report sent is 1.
 * A collector thus counts lost reports from the gaps.
 */
final class V2ReportSender extends BatchingSender {
    private final ReportV2Encoder encoder;
    private final MemorySegment buffer;
    private final int maxPayload;
    private int seqNo = 1;
    private boolean open;
    private long openAt;
    private int openLength;
    private int openReports;

    V2ReportSender(UdpSocket socket, InetSocketAddress collector, Duration maxDelay, DatagramBatch batch,
                   ExportCounters counters, ReportV2Encoder encoder, int maxPayload) {
        super(socket, collector, maxDelay, batch, counters);
        this.encoder = encoder;
        this.buffer = batch.buffer();
        this.maxPayload = Math.min(maxPayload, batch.maxDatagram());
    }

    @Override
    public void send(PacketObservation observation, int intDropReason) {
        sendFirstIfFull();
        int size;
        try {
            size = encoder.reportSize(observation);
        } catch (RuntimeException e) {
            lose(ExportCounter.REPORTS_LOST_ENCODE_ERROR);
            return;
        }
        if (ReportV2Encoder.GROUP_HEADER_SIZE + size > maxPayload) {
            lose(ExportCounter.REPORTS_LOST_TOO_LARGE);
            return;
        }
        if (open && openLength + size > maxPayload) {
            closeOpenDatagram();
        }
        if (!open) {
            openDatagram();
        }
        try {
            encoder.encodeReport(observation, intDropReason, buffer, openAt + openLength);
        } catch (RuntimeException e) {
            lose(ExportCounter.REPORTS_LOST_ENCODE_ERROR);
            return;
        }
        openLength += size;
        openReports++;
        seqNo = (seqNo + 1) & ReportV2Encoder.SEQUENCE_MASK;
    }

    private void openDatagram() {
        openAt = batch.nextOffset();
        encoder.encodeGroupHeader(seqNo, buffer, openAt);
        openLength = ReportV2Encoder.GROUP_HEADER_SIZE;
        openReports = 0;
        open = true;
        markPending();
    }

    /**
     * A lost report still takes its sequence number, so the collector sees the gap. Reports of
     * the open datagram are numbered from its header on, so it is closed first (or dropped
     * when still empty, its header rewritten with the next number later).
     */
    private void lose(ExportCounter why) {
        counters.add(why, 1);
        closeOpenDatagram();
        seqNo = (seqNo + 1) & ReportV2Encoder.SEQUENCE_MASK;
    }

    @Override
    protected void closeOpenDatagram() {
        if (!open) {
            return;
        }
        open = false;
        if (openReports == 0) {
            return;
        }
        batch.commit(openLength, openReports);
    }

    /** Room for any report: a slot for the open datagram and one for the datagram it may need to start. */
    @Override
    protected boolean hasRoom() {
        return batch.freeSlots() >= (open ? 2 : 1);
    }
}
