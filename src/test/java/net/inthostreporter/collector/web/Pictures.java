// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-written collector pictures in the shapes of the collector's API (/api/v1/flows, drops and
 * switches as ModelJson writes them: ISO-8601 times, switches with one stream per hw_id, links
 * from an egress port to an ingress port), for the page tests.
 */
final class Pictures {
    private Pictures() {
    }

    static Map<String, Object> empty(String listen) {
        return picture(listen, List.of(), List.of(), List.of(), List.of(), 0);
    }

    static Map<String, Object> picture(String listen, List<Map<String, Object>> flows, List<Map<String, Object>> drops,
                                       List<Map<String, Object>> switches, List<Map<String, Object>> links, long received) {
        long lost = 0;
        for (Map<String, Object> s : switches) {
            lost += ((Number) s.get("lost")).longValue();
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("now", System.currentTimeMillis());
        p.put("listen", listen);
        p.put("reports_received", received);
        p.put("reports_lost", lost);
        p.put("flows_total", flows.size());
        p.put("flows", Map.of("flows", flows));
        p.put("drops", Map.of("drops", drops));
        p.put("switches", Map.of("switches", switches, "links", links,
                "totals", Map.of("reports", received, "lost", lost, "flows", flows.size())));
        return p;
    }

    /**
     * Adds a switch's hop-latency histogram as the collector sends it: the bounds of the
     * collector's buckets (1 µs … 100 ms, +Inf) and the reports counted in each since its start.
     */
    static Map<String, Object> withHistogram(Map<String, Object> picture, String switchId, long[] counts) {
        List<Long> bounds = new ArrayList<>(List.of(1_000L, 2_500L, 5_000L, 10_000L, 25_000L, 50_000L, 100_000L, 250_000L,
                500_000L, 1_000_000L, 2_500_000L, 5_000_000L, 10_000_000L, 25_000_000L, 100_000_000L));
        bounds.add(null);
        Map<String, Object> histogram = new LinkedHashMap<>();
        histogram.put("switch_id", switchId);
        histogram.put("upper_bounds_ns", bounds);
        histogram.put("counts", java.util.Arrays.stream(counts).boxed().toList());
        picture.put("latency_histograms", List.of(histogram));
        return picture;
    }

    private static String instant(long millis) {
        return java.time.Instant.ofEpochMilli(millis).toString();
    }

    static Map<String, Object> hop(String switchId, int in, int out, long p50, long p99, long reports) {
        return Map.of("switch_id", switchId, "ingress_port", in, "egress_port", out,
                "latency_ns", Map.of("p50", p50, "p99", p99), "reports", reports, "ttl", 64);
    }

    @SafeVarargs
    static Map<String, Object> flow(String protocol, String src, int sport, String dst, int dport, long lastSeenMs,
                                    Map<String, Object>... hops) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("src_ip", src);
        f.put("dst_ip", dst);
        f.put("protocol", protocol);
        f.put("src_port", sport);
        f.put("dst_port", dport);
        f.put("flow_id", null);
        f.put("last_seen", instant(lastSeenMs));
        f.put("hops", new ArrayList<>(List.of(hops)));
        long p50 = 0;
        long p99 = 0;
        for (Map<String, Object> h : hops) {
            @SuppressWarnings("unchecked")
            Map<String, Object> latency = (Map<String, Object>) h.get("latency_ns");
            p50 += (Long) latency.get("p50");
            p99 += (Long) latency.get("p99");
        }
        f.put("path_latency_ns", Map.of("p50", p50, "p99", p99));
        return f;
    }

    /** A drop entry; its flows are tuples only (no path), as the API lists them. */
    static Map<String, Object> drop(String switchId, int port, int reason, String reasonName, long count,
                                    List<Map<String, Object>> flows) {
        List<Map<String, Object>> tuples = flows.stream().map(f -> Map.of("src_ip", f.get("src_ip"), "dst_ip", f.get("dst_ip"),
                "protocol", f.get("protocol"), "src_port", f.get("src_port"), "dst_port", f.get("dst_port"))).toList();
        return Map.of("switch_id", switchId, "port", port, "reason", reason, "reason_name", reasonName, "count", count,
                "last_seen", instant(System.currentTimeMillis()), "flows", tuples);
    }

    /** A sender with one report stream (hw_id 0). */
    static Map<String, Object> sender(String switchId, long received, long lost) {
        return Map.of("switch_id", switchId, "reports", received, "lost", lost, "last_seen", instant(System.currentTimeMillis()),
                "streams", List.of(Map.of("hw_id", 0, "received", received, "lost", lost, "duplicates", 0,
                        "reordered", 0, "restarts", 0)));
    }

    static Map<String, Object> link(String from, int egressPort, String to, int ingressPort) {
        return Map.of("from", Map.of("switch_id", from, "egress_port", egressPort),
                "to", Map.of("switch_id", to, "ingress_port", ingressPort), "packets", 20,
                "last_seen", instant(System.currentTimeMillis()));
    }
}
