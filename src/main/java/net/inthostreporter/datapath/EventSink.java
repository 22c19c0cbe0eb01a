// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

/** Receives each event on the pump thread; the view is valid only during the call. */
@FunctionalInterface
public interface EventSink {
    void onEvent(EventView event);
}
