// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.agent;

import net.inthostreporter.api.HopLatencyObserver;
import net.inthostreporter.datapath.DropReasonTable;
import net.inthostreporter.datapath.EventSink;
import net.inthostreporter.datapath.EventView;
import net.inthostreporter.export.ReportSender;

/**
 * The pump's one sink: classifies drop events (skipping frees the kernel does
 * not call drops), hands every event with its INT drop reason to the report sender, observes forwarded packets' hop
 * latency, and tells the sender when the ring was drained so that batches leave.
 */
final class ReportingSink implements EventSink {
    private final ReportSender sender;
    private final DropReasonTable dropReasons;
    private final HopLatencyObserver hopLatency;
    private Runnable onFirstEvent; // pump thread only; null once told

    ReportingSink(ReportSender sender, DropReasonTable dropReasons, HopLatencyObserver hopLatency, Runnable onFirstEvent) {
        this.sender = sender;
        this.dropReasons = dropReasons;
        this.hopLatency = hopLatency;
        this.onFirstEvent = onFirstEvent;
    }

    @Override
    public void onEvent(EventView event) {
        if (onFirstEvent != null) {
            Runnable told = onFirstEvent;
            onFirstEvent = null;
            told.run();
        }
        int intDropReason = 0;
        if (event.dropped()) {
            intDropReason = dropReasons.classify(event);
            if (intDropReason == DropReasonTable.NOT_A_DROP) {
                return;
            }
            dropReasons.count(event);
        } else {
            hopLatency.observeNanos(event.hopLatencyNs());
        }
        sender.send(event, intDropReason);
    }

    /** Stops the drain when the batch must go: it is then sent in afterPoll, outside the libbpf callback. */
    @Override
    public boolean keepConsuming() {
        return !sender.wantsToSend();
    }

    @Override
    public int pollTimeoutMs(int idleTimeoutMs) {
        long due = sender.nanosUntilDue();
        // Rounded up: a poll that waits until the delay is over, finding nothing, sends the batch.
        return due < 0 ? idleTimeoutMs : (int) Math.min(idleTimeoutMs, (due + 999_999) / 1_000_000);
    }

    @Override
    public void afterPoll(boolean ringEmpty) {
        sender.afterPoll(ringEmpty);
    }
}
