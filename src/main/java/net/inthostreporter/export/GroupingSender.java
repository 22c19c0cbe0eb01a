// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.export;

import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.time.Duration;

import net.inthostreporter.report.PacketObservation;
import net.inthostreporter.report.ReportEncoder;

/**
 * Fills datagrams with reports of either version through its {@link ReportEncoder}: a datagram
 * starts with the encoder's group header (none for v0.5) and takes reports until the next one
 * would take it past the payload limit (from the path MTU) or it holds the encoder's maximum
 * (one for v0.5, whose datagrams are single reports); then it is closed and the next one opened.
 *
 * <p>Sequence numbers count reports, not datagrams: the first report sent is 1, and they wrap
 * at the encoder's mask (2^32 for v0.5, 2^22 for v2.0, whose group header carries the number of
 * its first report and whose reports count on from it). A report that is lost still takes its
 * number, so a collector counts lost reports from the gaps.
 */
final class GroupingSender extends BatchingSender {
    private final ReportEncoder encoder;
    private final MemorySegment buffer;
    private final int maxPayload;
    private final int headerSize;
    private final int maxReports;
    private final int sequenceMask;
    private int seqNo = 1;
    private boolean open;
    private long openAt;
    private int openLength;
    private int openReports;

    GroupingSender(UdpSocket socket, InetSocketAddress collector, Duration maxDelay, DatagramBatch batch,
                   ExportCounters counters, ReportEncoder encoder) {
        super(socket, collector, maxDelay, batch, counters);
        this.encoder = encoder;
        this.buffer = batch.buffer();
        this.maxPayload = batch.maxDatagram();
        this.headerSize = encoder.groupHeaderSize();
        this.maxReports = encoder.maxReportsPerDatagram();
        this.sequenceMask = encoder.sequenceMask();
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
        if (headerSize + size > maxPayload) {
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
            encoder.encodeReport(observation, intDropReason, seqNo, buffer, openAt + openLength);
        } catch (RuntimeException e) {
            lose(ExportCounter.REPORTS_LOST_ENCODE_ERROR);
            return;
        }
        openLength += size;
        openReports++;
        seqNo = (seqNo + 1) & sequenceMask;
        markPending();
        if (openReports == maxReports) {
            closeOpenDatagram(); // complete: committed now, so the batch's room counts it
        }
    }

    private void openDatagram() {
        openAt = batch.nextOffset();
        encoder.encodeGroupHeader(seqNo, buffer, openAt);
        openLength = headerSize;
        openReports = 0;
        open = true;
    }

    /**
     * A lost report still takes its sequence number, so the collector sees the gap. Reports of
     * the open datagram are numbered from its header on, so it is closed first (or dropped
     * when still empty, its header rewritten with the next number later).
     */
    private void lose(ExportCounter why) {
        counters.add(why, 1);
        closeOpenDatagram();
        seqNo = (seqNo + 1) & sequenceMask;
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
