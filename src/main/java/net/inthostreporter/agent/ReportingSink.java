// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.agent;

import net.inthostreporter.datapath.EventSink;
import net.inthostreporter.datapath.EventView;
import net.inthostreporter.export.ReportSender;

/** Hands ring-buffer events to the report sender, and tells it when the ring was drained so batches leave. */
final class ReportingSink implements EventSink {
    private final ReportSender sender;

    ReportingSink(ReportSender sender) {
        this.sender = sender;
    }

    @Override
    public void onEvent(EventView event) {
        sender.send(event);
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
