// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.export;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

/**
 * What both report formats share: the socket, the batch of datagrams, the counters, and when
 * to send — on a full batch, when a poll of the event source found nothing while waiting for
 * the rest of the delay, or when the oldest report has waited the configured delay. The
 * subclass only fills datagrams.
 */
abstract class BatchingSender implements ReportSender {
    protected final DatagramBatch batch;
    protected final ExportCounters counters;
    private final UdpSocket socket;
    private final InetSocketAddress collector;
    private final long maxDelayNs;
    private static final int CLOCK_EVERY = 16;
    private long pendingSinceNs;
    private boolean pending;
    private int clockCalls;

    BatchingSender(UdpSocket socket, InetSocketAddress collector, Duration maxDelay, DatagramBatch batch,
                   ExportCounters counters) {
        this.socket = socket;
        this.collector = collector;
        this.maxDelayNs = maxDelay.toNanos();
        this.batch = batch;
        this.counters = counters;
    }

    /** Called when a report is added: starts the delay clock if nothing was waiting. */
    protected final void markPending() {
        if (!pending) {
            pending = true;
            pendingSinceNs = System.nanoTime();
        }
    }

    /** Whether the oldest waiting report has waited the configured delay (a clock read). */
    private boolean overdue() {
        return pending && System.nanoTime() - pendingSinceNs >= maxDelayNs;
    }

    /** Whether the batch can take one more report of any size without sending first. */
    protected abstract boolean hasRoom();

    /** The safety net of {@link ReportSender#send}: a full batch goes before the report is added. */
    protected final void sendFirstIfFull() {
        if (!hasRoom()) {
            flush();
        }
    }

    @Override
    public final boolean wantsToSend() {
        // The clock is read once per CLOCK_EVERY calls: per event it would cost more than the rest.
        return !hasRoom() || (pending && (++clockCalls & (CLOCK_EVERY - 1)) == 0 && overdue());
    }

    /** Closes the datagram being filled, if the format keeps one open. */
    protected void closeOpenDatagram() {
    }

    @Override
    public final boolean hasPending() {
        return pending;
    }

    @Override
    public final long nanosUntilDue() {
        return pending ? Math.max(0, maxDelayNs - (System.nanoTime() - pendingSinceNs)) : -1;
    }

    @Override
    public final void afterPoll(boolean sourceEmpty) {
        if (pending && (sourceEmpty || !hasRoom() || overdue())) {
            flush();
        }
    }

    @Override
    public final void flush() {
        closeOpenDatagram();
        sendBatch();
    }

    /** Sends the committed datagrams (an open one stays open). */
    protected final void sendBatch() {
        if (!batch.isEmpty()) {
            batch.send();
        }
        pending = false;
    }

    @Override
    public final InetSocketAddress collector() {
        return collector;
    }

    @Override
    public final long counter(ExportCounter counter) {
        return counters.get(counter);
    }

    @Override
    public final Map<ExportCounter, Long> counters() {
        return counters.snapshot();
    }

    /** Whether UDP segmentation offload is still in use (it is dropped after the kernel refuses it once). */
    public final boolean usesGso() {
        return batch.usesGso();
    }

    @Override
    public final void close() {
        try {
            flush();
        } finally {
            batch.close();
            socket.close();
        }
    }
}
