// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

import java.util.Locale;
import java.util.Map;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import net.inthostreporter.datapath.DatapathCounter;
import net.inthostreporter.datapath.DropCounter;

/**
 * The agent's Prometheus registry. Two kinds of metrics live here:
 * <ul>
 *   <li>updated as things happen: the hop-latency histogram (on the pump thread) and the
 *       watchlist reload counters (on the reloader's thread);</li>
 *   <li>read at scrape time from the agent ({@link #bind}): events, reports, hooked interfaces,
 *       and the kernel's per-CPU counters, so nothing polls the kernel between scrapes.</li>
 * </ul>
 * Created before the agent starts (the pump needs the histogram), bound to it once it runs
 * (the JVM's own metrics too).
 */
public final class AgentMetrics {
    static final String PREFIX = "int_host_reporter_";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final HopLatencyHistogram hopLatency = new HopLatencyHistogram(PREFIX + "hop_latency_seconds",
            "Time a forwarded packet spent in the host, from TC ingress to TC egress", LatencyBuckets.HOP_LATENCY_SECONDS);
    private boolean bound;

    public AgentMetrics() {
        registry.register(hopLatency);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Observes one hop latency; cheap and allocation-free, for the pump thread. */
    public HopLatencyObserver hopLatency() {
        return hopLatency;
    }

    /** Registers the metrics read from the running agent at scrape time. Once. */
    public synchronized void bind(AgentState agent) {
        if (bound) {
            throw new IllegalStateException("metrics are already bound to an agent");
        }
        bound = true;
        // Here rather than in the constructor: the JVM metrics load java.lang.management, which
        // took about a tenth of the start; bound after the agent runs, reports flow first.
        JvmMetrics.builder().register(registry);
        CounterWithCallback.builder()
                .name(PREFIX + "events_read_total")
                .help("Events read from the BPF ring buffer")
                .callback(cb -> cb.call(agent.eventsRead()))
                .register(registry);
        CounterWithCallback.builder()
                .name(PREFIX + "reports_sent_total")
                .help("INT reports handed to the socket toward the collector")
                .callback(cb -> cb.call(agent.reportsSent()))
                .register(registry);
        CounterWithCallback.builder()
                .name(PREFIX + "report_send_errors_total")
                .help("INT reports the socket refused (the collector sees them as sequence gaps)")
                .callback(cb -> cb.call(agent.reportSendErrors()))
                .register(registry);
        CounterWithCallback.builder()
                .name(PREFIX + "ringbuf_lost_events_total")
                .help("Events lost because the BPF ring buffer was full, summed over every stage that writes to it "
                        + "(forwarded-packet events and drop events; kernel per-CPU counters)")
                .callback(cb -> cb.call(agent.datapathCounters().getOrDefault(DatapathCounter.RINGBUF_FULL, 0L)
                        + agent.dropPathCounters().getOrDefault(DropCounter.RINGBUF_FULL, 0L)))
                .register(registry);
        CounterWithCallback.builder()
                .name(PREFIX + "drop_path_total")
                .help("The drop path's per-CPU counters (kfree_skb/consume_skb programs) summed over CPUs, by outcome "
                        + "(one per DropCounter)")
                .labelNames("outcome")
                .callback(cb -> agent.dropPathCounters().forEach((c, v) -> cb.call(v, c.name().toLowerCase(Locale.ROOT))))
                .register(registry);
        CounterWithCallback.builder()
                .name(PREFIX + "export_total")
                .help("The export stages' counters, by counter (one per ExportCounter): where each report ended, "
                        + "datagrams, sendmmsg calls, GSO fallbacks")
                .labelNames("counter")
                .callback(cb -> agent.exportCounters().forEach((c, v) -> cb.call(v, c.metricName())))
                .register(registry);
        CounterWithCallback.builder()
                .name(PREFIX + "event_pump_failures_total")
                .help("Ring-buffer callbacks that failed in the agent (the event was lost there)")
                .callback(cb -> cb.call(agent.pumpFailures()))
                .register(registry);
        CounterWithCallback.builder()
                .name(PREFIX + "datapath_packets_total")
                .help("The datapath's per-CPU counters summed over CPUs, by outcome (one per DatapathCounter)")
                .labelNames("outcome")
                .callback(cb -> {
                    for (Map.Entry<DatapathCounter, Long> e : agent.datapathCounters().entrySet()) {
                        cb.call(e.getValue(), e.getKey().metricName());
                    }
                })
                .register(registry);
        CounterWithCallback.builder()
                .name(PREFIX + "watchlist_reloads_total")
                .help("Watchlist reloads, by result: success (the new rules are active) or failure (the previous rules stay)")
                .labelNames("result")
                .callback(cb -> {
                    cb.call(agent.watchlistReloads(), "success");
                    cb.call(agent.watchlistReloadFailures(), "failure");
                })
                .register(registry);
        CounterWithCallback.builder()
                .name(PREFIX + "drops_total")
                .help("Drop reports, by the kernel's drop reason (enum skb_drop_reason name)")
                .labelNames("reason")
                .callback(cb -> agent.dropsByReason().forEach((reason, count) -> cb.call(count, reason)))
                .register(registry);
        GaugeWithCallback.builder()
                .name(PREFIX + "hooked_interfaces")
                .help("Interfaces that carry our programs now")
                .callback(cb -> cb.call(agent.hookedInterfaces().size()))
                .register(registry);
    }
}
