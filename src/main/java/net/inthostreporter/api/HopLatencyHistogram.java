// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The hop-latency histogram: observed on the pump thread for every forwarded packet, so an
 * observation is one bucket search over a fixed array and two atomic adds, nothing allocated.
 * The client library's Histogram allocates per observation when the JIT cannot remove it (the
 * launcher runs C1 only, without escape analysis); here the library only builds the snapshot,
 * at scrape time.
 */
final class HopLatencyHistogram implements Collector, HopLatencyObserver {
    private static final double NANOS_PER_SECOND = 1e9;

    private final String name;
    private final String help;
    /** Upper bounds in seconds, ascending; +Inf last. */
    private final double[] upperBounds;
    /** The same in nanoseconds, without +Inf. */
    private final long[] upperBoundsNs;
    /** Per bucket (not cumulative), +Inf last. */
    private final AtomicLongArray counts;
    private final AtomicLong sumNs = new AtomicLong();

    HopLatencyHistogram(String name, String help, double[] upperBoundsSeconds) {
        this.name = name;
        this.help = help;
        this.upperBounds = new double[upperBoundsSeconds.length + 1];
        this.upperBoundsNs = new long[upperBoundsSeconds.length];
        for (int i = 0; i < upperBoundsSeconds.length; i++) {
            if (i > 0 && upperBoundsSeconds[i] <= upperBoundsSeconds[i - 1]) {
                throw new IllegalArgumentException("bucket bounds must ascend: " + java.util.Arrays.toString(upperBoundsSeconds));
            }
            upperBounds[i] = upperBoundsSeconds[i];
            upperBoundsNs[i] = Math.round(upperBoundsSeconds[i] * NANOS_PER_SECOND);
        }
        upperBounds[upperBoundsSeconds.length] = Double.POSITIVE_INFINITY;
        this.counts = new AtomicLongArray(upperBounds.length);
    }

    /** Buckets are (previous bound, bound], as Prometheus' le ("less or equal") says. */
    @Override
    public void observeNanos(long hopLatencyNs) {
        int bucket = 0;
        while (bucket < upperBoundsNs.length && hopLatencyNs > upperBoundsNs[bucket]) {
            bucket++;
        }
        counts.incrementAndGet(bucket);
        sumNs.addAndGet(hopLatencyNs);
    }

    @Override
    public MetricSnapshot collect() {
        long[] snapshot = new long[counts.length()];
        for (int i = 0; i < snapshot.length; i++) {
            snapshot[i] = counts.get(i);
        }
        return HistogramSnapshot.builder()
                .name(name)
                .help(help)
                .unit(Unit.SECONDS)
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(upperBounds.clone(), snapshot))
                        .sum(sumNs.get() / NANOS_PER_SECOND)
                        .build())
                .build();
    }
}
