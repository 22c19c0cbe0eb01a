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
    public boolean hasPending() {
        return sender.hasPending();
    }

    @Override
    public void afterPoll(boolean ringEmpty) {
        sender.afterPoll(ringEmpty);
    }
}
