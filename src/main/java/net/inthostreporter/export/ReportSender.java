// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.export;

import java.net.InetSocketAddress;
import java.util.Map;

import net.inthostreporter.report.PacketObservation;

/**
 * Turns observations into report datagrams toward one collector, batching them so a datagram
 * and a system call are shared by many reports. Used from one thread (the event pump), except
 * {@link #counters} and {@link #counter}, which any thread may read. A collector that is down
 * never stops it: failures are counted and logged at a limited rate, and sequence numbers
 * still advance so the collector sees the loss as a gap.
 */
public interface ReportSender extends AutoCloseable {

    /**
     * Encodes one report into the current batch; {@code intDropReason} is the INT code of a drop
     * (ignored for a forwarded packet). Never sends while the caller keeps to
     * {@link #wantsToSend()} (the event pump does: it stops draining the ring); a caller that
     * does not gets the batch sent first when it is full.
     */
    void send(PacketObservation observation, int intDropReason);

    /** As {@link #send(PacketObservation, int)} for an observation that carries its own drop reason. */
    default void send(PacketObservation observation) {
        send(observation, observation.intDropReason());
    }

    /**
     * True when the batch should go before another report is added: it has no room for one
     * more, or its oldest report has waited the configured delay. The pump then stops draining
     * the ring so that {@link #afterPoll} sends outside the ring-buffer callback.
     */
    boolean wantsToSend();

    /** True while reports wait in the batch. */
    boolean hasPending();

    /** Nanoseconds until the waiting reports are due to leave (0 when overdue), or -1 when none wait. */
    long nanosUntilDue();

    /**
     * Tells the sender that its event source was just polled; the one place where a batch is
     * sent while the agent runs: when the poll found nothing (it waited until
     * {@link #nanosUntilDue()}), when the batch has no room for another report, or when its
     * oldest report has waited the configured delay.
     */
    void afterPoll(boolean sourceEmpty);

    /** Sends whatever waits. */
    void flush();

    InetSocketAddress collector();

    long counter(ExportCounter counter);

    Map<ExportCounter, Long> counters();

    /** Sends what waits, then closes the socket. */
    @Override
    void close();
}
