// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

/**
 * Told the hop latency of each forwarded packet, on the event-pump thread: implementations
 * must be cheap and must not allocate.
 */
@FunctionalInterface
public interface HopLatencyObserver {
    void observeNanos(long hopLatencyNs);
}
