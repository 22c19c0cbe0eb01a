// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

import net.inthostreporter.api.Json;

/**
 * The collector's hop-latency histogram (the one /metrics exposes) per switch, for the page's
 * latency view: bucket upper bounds in nanoseconds and the reports counted in each bucket since
 * the start (not cumulative over buckets). The page turns consecutive pictures into per-second
 * histograms, a heatmap over time that shows where latency grows now, not since the start.
 */
final class LatencyHistograms {
    static final String METRIC = "int_collector_hop_latency_seconds";

    private LatencyHistograms() {
    }

    /** {@code [{"switch_id", "upper_bounds_ns": [..., null for +Inf], "counts": [...]}]}. */
    static ArrayNode of(PrometheusRegistry registry) {
        ArrayNode histograms = Json.object().putArray("h");
        for (MetricSnapshot metric : registry.scrape(METRIC::equals)) {
            if (!(metric instanceof HistogramSnapshot histogram)) {
                continue;
            }
            for (HistogramDataPointSnapshot point : histogram.getDataPoints()) {
                ObjectNode o = histograms.addObject();
                o.put("switch_id", point.getLabels().get("switch_id"));
                ArrayNode bounds = o.putArray("upper_bounds_ns");
                ArrayNode counts = o.putArray("counts");
                ClassicHistogramBuckets buckets = point.getClassicBuckets();
                for (int i = 0; i < buckets.size(); i++) {
                    double bound = buckets.getUpperBound(i);
                    if (Double.isInfinite(bound)) {
                        bounds.addNull();
                    } else {
                        bounds.add(Math.round(bound * 1e9));
                    }
                    counts.add(buckets.getCount(i));
                }
            }
        }
        return histograms;
    }
}
