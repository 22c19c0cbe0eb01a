// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

/** Histogram buckets shared by the agent's and the collector's hop-latency metrics, so both can be compared. */
public final class LatencyBuckets {
    /**
     * Hop latency through a host, in seconds: from 1 µs (veth to veth on an idle node) to
     * 100 ms (a packet held in a qdisc); anything slower lands in +Inf.
     */
    public static final double[] HOP_LATENCY_SECONDS = {
        1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 2.5e-2, 1e-1};

    private LatencyBuckets() {
    }
}
