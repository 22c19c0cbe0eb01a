// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import net.inthostreporter.testkit.AgentProcess;
import net.inthostreporter.testkit.CollectorProcess;
import net.inthostreporter.testkit.ApiClient;
import net.inthostreporter.testkit.Traffic;
import net.inthostreporter.testkit.TwoNodeLab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.inthostreporter.testkit.PrometheusText;

/**
 * Issue 15 end to end: two nodes, each with its own agent and switch id, report to one collector;
 * the collector shows the flow pod(node 1) → pod(node 2) as two hops in network order with each
 * node's ports, plainly routed and through the VXLAN overlay, infers the link between the nodes'
 * data interfaces, and attributes a drop on node 2 (an nftables rule in its forward hook) to
 * node 2. Both nodes share one kernel clock here, which is why the order is also checked with
 * far-apart clocks in CollectorModelTest.
 */
class TwoNodeCollectorIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int ROUTED_PORT = 7001, OVERLAY_PORT = 7002, DROPPED_PORT = 7777;
    private static final int PACKETS = 5, DROPPED = 3;

    @Test
    void pathsAcrossTwoNodesAndADropOnTheSecond() throws Exception {
        try (TwoNodeLab lab = TwoNodeLab.create();
             CollectorProcess collector = CollectorProcess.startWithHttp(lab.fact("COLLECTOR_NS"), "0.0.0.0");
             AgentProcess agent1 = lab.startAgent(1, collector.port());
             AgentProcess agent2 = lab.startAgent(2, collector.port())) {
            Nftables.load(lab.fact("NODE2_NS"), "table inet ihrtest {\nchain filter_forward {\n"
                    + "type filter hook forward priority 0;\nudp dport " + DROPPED_PORT + " drop\n}\n}");
            String pod = lab.fact("N1_POD1_NS");
            InetSocketAddress routed = new InetSocketAddress(lab.fact("N2_POD1_IP"), ROUTED_PORT);
            InetSocketAddress overlay = new InetSocketAddress(lab.fact("N2_POD2_IP"), OVERLAY_PORT);
            try (var atRouted = Traffic.UdpReceiver.bind(lab.fact("N2_POD1_NS"), routed);
                 var atOverlay = Traffic.UdpReceiver.bind(lab.fact("N2_POD2_NS"), overlay)) {
                Traffic.sendUdp(pod, routed, PACKETS);
                Traffic.sendUdp(pod, overlay, PACKETS);
                Traffic.sendUdp(pod, new InetSocketAddress(lab.fact("N2_POD1_IP"), DROPPED_PORT), DROPPED);
                assertEquals(PACKETS, atRouted.count(PACKETS, Duration.ofSeconds(5)), "routed datagrams delivered");
                assertEquals(PACKETS, atOverlay.count(PACKETS, Duration.ofSeconds(5)), "overlay datagrams delivered");
            }
            ApiClient api = collector.api();
            long node1Data = lab.ifindex("N1_DATA_IFINDEX"), node2Data = lab.ifindex("N2_DATA_IFINDEX");

            JsonNode routedFlow = awaitFlow(api, ROUTED_PORT, f -> f.get("hops").size() == 2);
            assertHops(routedFlow, List.of(
                    hop("10.99.0.1", lab.ifindex("N1_CALI1_IFINDEX"), node1Data),
                    hop("10.99.0.2", node2Data, lab.ifindex("N2_CALI1_IFINDEX"))));
            JsonNode overlayFlow = awaitFlow(api, OVERLAY_PORT, f -> f.get("hops").size() == 2);
            assertHops(overlayFlow, List.of(
                    hop("10.99.0.1", lab.ifindex("N1_CALI1_IFINDEX"), node1Data),
                    hop("10.99.0.2", node2Data, lab.ifindex("N2_CALI2_IFINDEX"))));
            for (JsonNode f : List.of(routedFlow, overlayFlow)) {
                assertEquals(lab.fact("N1_POD1_IP"), f.get("src_ip").asText(), f::toString);
                assertEquals("UDP", f.get("protocol").asText());
                for (JsonNode h : f.get("hops")) {
                    assertTrue(h.get("latency_ns").get("p50").asLong() > 0, h::toString);
                    assertTrue(h.get("reports").asLong() >= 1, h::toString);
                }
            }
            // The dropped flow got as far as node 1.
            JsonNode droppedFlow = awaitFlow(api, DROPPED_PORT, f -> true);
            assertHops(droppedFlow, List.of(hop("10.99.0.1", lab.ifindex("N1_CALI1_IFINDEX"), node1Data)));

            JsonNode drop = awaitDrop(api);
            assertEquals("10.99.0.2", drop.get("switch_id").asText(), drop::toString);
            assertEquals(node2Data, drop.get("port").asLong(), drop::toString);
            assertEquals(80, drop.get("reason").asInt(), drop::toString);
            assertEquals(DROPPED, drop.get("count").asInt(), drop::toString);
            assertEquals(DROPPED_PORT, drop.get("flows").get(0).get("dst_port").asInt(), drop::toString);

            JsonNode switches = get(api, "/api/v1/switches");
            List<String> senders = new ArrayList<>();
            for (JsonNode s : switches.get("switches")) {
                senders.add(s.get("switch_id").asText());
                assertEquals(0, s.get("lost").asLong(), s::toString);
            }
            assertEquals(List.of("10.99.0.1", "10.99.0.2"), senders);
            assertTrue(hasLink(switches, "10.99.0.1", node1Data, "10.99.0.2", node2Data),
                    "link node1 eth1 -> node2 eth1 inferred: " + switches.get("links"));

            PrometheusText metrics = PrometheusText.parse(api.get("/metrics").body());
            assertEquals(DROPPED, metrics.value("int_collector_drops_total",
                    java.util.Map.of("switch_id", "10.99.0.2", "reason", "acl_deny")));
            stop(agent1);
            stop(agent2);
        }
    }

    private static void stop(AgentProcess agent) throws Exception {
        assertEquals(AgentProcess.EXIT_AFTER_SIGTERM, agent.stop(), "exit status after SIGTERM");
    }

    private record Hop(String switchId, long in, long out) {
    }

    private static Hop hop(String switchId, long in, long out) {
        return new Hop(switchId, in, out);
    }

    private static void assertHops(JsonNode flow, List<Hop> expected) {
        List<Hop> actual = new ArrayList<>();
        for (JsonNode h : flow.get("hops")) {
            actual.add(hop(h.get("switch_id").asText(), h.get("ingress_port").asLong(), h.get("egress_port").asLong()));
        }
        assertEquals(expected, actual, flow::toString);
    }

    private static boolean hasLink(JsonNode switches, String from, long egress, String to, long ingress) {
        for (JsonNode l : switches.get("links")) {
            if (l.get("from").get("switch_id").asText().equals(from) && l.get("from").get("egress_port").asLong() == egress
                    && l.get("to").get("switch_id").asText().equals(to) && l.get("to").get("ingress_port").asLong() == ingress) {
                return true;
            }
        }
        return false;
    }

    /** Polls /api/v1/flows until the flow to {@code dstPort} is there and satisfies {@code ready}. */
    private static JsonNode awaitFlow(ApiClient api, int dstPort, Predicate<JsonNode> ready) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(api, "/api/v1/flows");
            for (JsonNode f : last.get("flows")) {
                if (f.get("dst_port").asInt() == dstPort && ready.test(f)) {
                    return f;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no complete flow to port " + dstPort + " within " + WAIT + ": " + last);
    }

    private static JsonNode awaitDrop(ApiClient api) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(api, "/api/v1/drops");
            for (JsonNode d : last.get("drops")) {
                if (d.get("count").asInt() >= DROPPED) {
                    return d;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no drop entry with " + DROPPED + " drops within " + WAIT + ": " + last);
    }

    private static JsonNode get(ApiClient api, String path) throws Exception {
        ApiClient.Answer answer = api.get(path);
        assertEquals(200, answer.status(), path + ": " + answer.body());
        return JSON.readTree(answer.body());
    }
}
