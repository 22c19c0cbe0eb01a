// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.export;

import java.net.InetSocketAddress;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.time.Duration;

import net.inthostreporter.report.PacketObservation;
import net.inthostreporter.report.ReportV05Encoder;

/**
 * Telemetry Report v0.5: one report per datagram (the format has no grouping), numbered per
 * (switch_id, hw_id) from 1, wrapping at 2^32. Datagrams are still batched per system call, and
 * reports of equal size — every report whose frame reached the snap length — leave as one
 * segmented (GSO) message.
 */
final class V05ReportSender extends BatchingSender {

    private final ReportV05Encoder encoder;
    private final ByteBuffer view;
    private int seqNo;

    V05ReportSender(UdpSocket socket, InetSocketAddress collector, Duration maxDelay, DatagramBatch batch,
                    ExportCounters counters, ReportV05Encoder encoder) {
        super(socket, collector, maxDelay, batch, counters);
        this.encoder = encoder;
        this.view = batch.byteBuffer();
    }

    @Override
    public void send(PacketObservation observation, int intDropReason) {
        sendFirstIfFull();
        int offset = (int) batch.nextOffset();
        view.limit(offset + batch.maxDatagram()).position(offset);
        int length;
        try {
            length = encoder.encode(observation, intDropReason, ++seqNo, view);
        } catch (BufferOverflowException e) {
            counters.add(ExportCounter.REPORTS_LOST_TOO_LARGE, 1);
            return;
        } catch (RuntimeException e) {
            counters.add(ExportCounter.REPORTS_LOST_ENCODE_ERROR, 1);
            return;
        }
        batch.commit(length, 1);
        markPending();
    }

    @Override
    protected boolean hasRoom() {
        return !batch.isFull();
    }
}
