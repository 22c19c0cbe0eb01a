// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

/** Receives each event on the pump thread; the view is valid only during the call. */
@FunctionalInterface
public interface EventSink {
    void onEvent(EventView event);

    /**
     * True while the sink holds events it has not passed on (a batch being filled): the pump
     * then polls without waiting, so the batch leaves as soon as the ring buffer is empty.
     */
    default boolean hasPending() {
        return false;
    }

    /** Called after every poll of the ring buffer; {@code ringEmpty} when the poll found nothing. */
    default void afterPoll(boolean ringEmpty) {
    }
}
