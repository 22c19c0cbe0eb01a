// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

import org.HdrHistogram.PackedHistogram;

/**
 * What one hop of one flow reported: count, hop-latency distribution, the IP TTL its last
 * snapshot showed, the v2.0 flow id and ingress tuple. The latency histogram is HdrHistogram's
 * packed (sparse) variant: its size follows the number of distinct latency buckets seen, not the
 * range, and the range is capped, so a hop stays small whatever it is fed.
 * Only touched under the model's lock.
 */
final class HopStats {
    /** Latencies above this (a packet held for seconds) are counted at this value. */
    static final long MAX_LATENCY_NS = 10_000_000_000L;
    /** Two significant digits: quantiles within 1 %. */
    private static final int SIGNIFICANT_DIGITS = 2;

    final HopKey key;
    /** Order of first appearance in the flow: the last tie-breaker of the path order. */
    final long firstSeen;
    private final PackedHistogram latency = new PackedHistogram(1, MAX_LATENCY_NS, SIGNIFICANT_DIGITS);
    long reports;
    int ttl = -1;
    long flowId = -1;
    TupleKey ingressTuple;
    TupleKey innerTuple;
    long lastSeenMillis;

    HopStats(HopKey key, long firstSeen) {
        this.key = key;
        this.firstSeen = firstSeen;
    }

    void recordLatency(long ns) {
        if (ns >= 0) {
            latency.recordValue(Math.clamp(ns, 1, MAX_LATENCY_NS));
        }
    }

    /** -1 when no report of this hop carried a hop latency. */
    long latencyAtPercentile(double percentile) {
        // The middle of the bucket holding the percentile, not its upper edge.
        return latency.getTotalCount() == 0 ? -1 : latency.medianEquivalentValue(latency.getValueAtPercentile(percentile));
    }

    /** The tuple the flow had when it entered this hop: the ingress tuple where carried, else the snapshot's. */
    TupleKey enteringTuple() {
        return ingressTuple != null ? ingressTuple : innerTuple;
    }
}
