// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

/**
 * Passes flow events through and drop events only when their kernel reason is a drop, with the
 * INT drop-reason code set on the view (see {@link DropReasonTable#classify}).
 */
public final class DropReportingSink implements EventSink {
    private final DropReasonTable reasons;
    private final EventSink next;

    public DropReportingSink(DropReasonTable reasons, EventSink next) {
        this.reasons = reasons;
        this.next = next;
    }

    @Override
    public void onEvent(EventView event) {
        if (event.dropped() && !reasons.classify(event)) {
            return;
        }
        next.onEvent(event);
    }
}
