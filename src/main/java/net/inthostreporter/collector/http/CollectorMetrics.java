// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.http;

import java.util.HashMap;
import java.util.Map;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import net.inthostreporter.api.LatencyBuckets;
import net.inthostreporter.collector.SequenceTracker.StreamStats;
import net.inthostreporter.collector.model.CollectorModel;
import net.inthostreporter.report.IntDropReason;
import net.inthostreporter.report.SwitchId;

/**
 * The collector's Prometheus registry. Cardinality is bounded by design: switch ids are at most
 * {@link CollectorModel#MAX_SWITCHES} (the model keeps nothing of further ones), hw_id is 6 bits,
 * the INT drop reason 8 bits; no label carries a flow or an address of a packet.
 *
 * <p>The hop-latency histogram and the drop counter are updated as reports are accepted (the
 * data point of each label set is looked up once and kept: no allocation per report); the
 * counters the model keeps anyway are read at scrape time.
 */
public final class CollectorMetrics implements CollectorModel.LatencyObserver, CollectorModel.DropObserver {
    static final String PREFIX = "int_collector_";
    private static final double NANOS_PER_SECOND = 1e9;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram hopLatency;
    private final Counter drops;
    // Only the receiving thread touches these caches.
    private final Map<Long, DistributionDataPoint> latencyBySwitch = new HashMap<>();
    private final Map<Long, CounterDataPoint> dropsBySwitchReason = new HashMap<>();

    public CollectorMetrics() {
        hopLatency = Histogram.builder()
                .name(PREFIX + "hop_latency_seconds")
                .help("Hop latency reported by each switch (node), from its reports' ingress and egress timestamps")
                .unit(Unit.SECONDS)
                .labelNames("switch_id")
                .classicOnly()
                .classicUpperBounds(LatencyBuckets.HOP_LATENCY_SECONDS)
                .withoutExemplars()
                .register(registry);
        drops = Counter.builder()
                .name(PREFIX + "drops_total")
                .help("Drop reports, by switch id and INT drop reason")
                .labelNames("switch_id", "reason")
                .withoutExemplars()
                .register(registry);
    }

    /** Registers the counters read from the model at scrape time. Once. */
    public CollectorMetrics bind(CollectorModel model) {
        CounterWithCallback.builder()
                .name(PREFIX + "reports_received_total")
                .help("Telemetry reports received and decoded (flow and drop reports)")
                .callback(cb -> cb.call(model.totals().reports()))
                .register(registry);
        CounterWithCallback.builder()
                .name(PREFIX + "reports_lost_total")
                .help("Reports lost on the way, from gaps in each stream's sequence numbers")
                .labelNames("switch_id", "hw_id")
                .callback(cb -> {
                    for (StreamStats s : model.streams()) {
                        cb.call(s.lost(), switchLabel(s.switchId()), Integer.toString(s.hwId()));
                    }
                })
                .register(registry);
        CounterWithCallback.builder()
                .name(PREFIX + "flows_evicted_total")
                .help("Flows removed to stay within --max-flows, least recently seen first")
                .callback(cb -> cb.call(model.totals().flowsEvicted()))
                .register(registry);
        GaugeWithCallback.builder()
                .name(PREFIX + "flows")
                .help("Flows held now")
                .callback(cb -> cb.call(model.totals().flows()))
                .register(registry);
        return this;
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void observe(long switchId, long latencyNs) {
        DistributionDataPoint point = latencyBySwitch.get(switchId);
        if (point == null) {
            point = hopLatency.labelValues(switchLabel(switchId));
            latencyBySwitch.put(switchId, point);
        }
        point.observe(latencyNs / NANOS_PER_SECOND);
    }

    @Override
    public void observe(long switchId, int reason) {
        long key = switchId << 8 | (reason & 0xFF);
        CounterDataPoint point = dropsBySwitchReason.get(key);
        if (point == null) {
            point = drops.labelValues(switchLabel(switchId), IntDropReason.name(reason));
            dropsBySwitchReason.put(key, point);
        }
        point.inc();
    }

    static String switchLabel(long switchId) {
        return switchId < 0 ? "none" : SwitchId.toDotted(switchId);
    }
}
