// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-written collector pictures in the shapes of the collector's API (issue 15's
 * /api/v1/flows, drops and switches), for the page tests.
 */
final class Pictures {
    private Pictures() {
    }

    static Map<String, Object> empty(String listen) {
        return picture(listen, List.of(), List.of(), List.of(), List.of(), 0);
    }

    static Map<String, Object> picture(String listen, List<Map<String, Object>> flows, List<Map<String, Object>> drops,
                                       List<Map<String, Object>> streams, List<Map<String, Object>> links, long received) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("now", System.currentTimeMillis());
        p.put("listen", listen);
        p.put("reports_received", received);
        p.put("flows", Map.of("flows", flows));
        p.put("drops", Map.of("drops", drops));
        p.put("switches", Map.of("switches", streams, "links", links));
        return p;
    }

    static Map<String, Object> hop(String switchId, int in, int out, long p50, long p99, long reports) {
        return Map.of("switch_id", switchId, "ingress_port", in, "egress_port", out,
                "latency_ns", Map.of("p50", p50, "p99", p99), "reports", reports);
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
        f.put("last_seen", lastSeenMs);
        f.put("hops", new ArrayList<>(List.of(hops)));
        return f;
    }

    static Map<String, Object> drop(String switchId, int port, int reason, long count, List<Map<String, Object>> flows) {
        return Map.of("switch_id", switchId, "port", port, "reason", reason, "count", count, "flows", flows);
    }

    static Map<String, Object> stream(String switchId, int hwId, long received, long lost) {
        return Map.of("switch_id", switchId, "hw_id", hwId, "received", received, "lost", lost);
    }

    static Map<String, Object> link(String from, int fromPort, String to, int toPort) {
        return Map.of("from", Map.of("switch_id", from, "port", fromPort), "to", Map.of("switch_id", to, "port", toPort));
    }
}
