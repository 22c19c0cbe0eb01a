// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

/** Receives each event on the pump thread; the view is valid only during the call. */
@FunctionalInterface
public interface EventSink {
    void onEvent(EventView event);

    /**
     * How long the next poll may wait for events. A sink holding a batch (events it has not
     * passed on) answers with what is left of its delay, so the batch is not held longer.
     */
    /**
     * Asked after each event, inside the ring-buffer callback: false makes the pump stop draining
     * so that what must happen (a full batch sent) happens in {@link #afterPoll}, outside it.
     */
    default boolean keepConsuming() {
        return true;
    }

    default int pollTimeoutMs(int idleTimeoutMs) {
        return idleTimeoutMs;
    }

    /** Called after every poll of the ring buffer; {@code ringEmpty} when the poll found nothing (it timed out). */
    default void afterPoll(boolean ringEmpty) {
    }
}
