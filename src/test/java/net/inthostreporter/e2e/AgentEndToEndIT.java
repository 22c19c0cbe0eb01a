// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import net.inthostreporter.testkit.AgentFlags;
import net.inthostreporter.testkit.AgentProcess;

import net.inthostreporter.testkit.ApiClient;
import net.inthostreporter.testkit.ChildProcess;
import net.inthostreporter.testkit.CollectorProcess;
import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.testkit.ProjectPaths;
import net.inthostreporter.testkit.TestNamespace;
import net.inthostreporter.testkit.Traffic;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.inthostreporter.libbpf.TcxLink;
import net.inthostreporter.testkit.PrometheusText;

/**
 * The real agent and the embedded collector on a Calico-like node built from namespaces:
 * traffic pod→pod and pod→remote node comes out as decoded v0.5 flow reports with the right
 * ports, switch id, hop latency and consecutive sequence numbers; a CNI-like foreign filter on
 * the same interface keeps working; SIGTERM leaves exactly the foreign filter.
 */
class AgentEndToEndIT {
    private static final long SWITCH_ID = (10L << 24) | (99 << 16) | 1; // 10.99.0.1
    private static final Duration QUIET = Duration.ofMillis(1500);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FOREIGN_OBJECT = ProjectPaths.root().resolve("target/test-classes/bpf/foreign_filter.bpf.o").toString();
    /** The foreign filter drops UDP to this port: proof that it still runs after ours. */
    private static final int FOREIGN_DROP_PORT = 9999;

    @ParameterizedTest(name = "attach mode {0}")
    @ValueSource(strings = {"tcx", "tc"})
    void reportsForwardedTrafficAndLeavesOnlyForeignFilters(String mode) throws Exception {
        try (NodeLab lab = NodeLab.create()) {
            addForeignFilter(lab, "cali1");
            int cali1 = lab.ifindex("CALI1_IFINDEX");
            int cali2 = lab.ifindex("CALI2_IFINDEX");
            int eth1 = lab.ifindex("DATA_IFINDEX");
            try (CollectorProcess collector = CollectorProcess.start(lab.nodeNs());
                 AgentProcess agent = startAgent(lab, collector.port(), mode)) {
                ApiClient api = agent.api();
                if (mode.equals("tcx")) {
                    assertFalse(tcxPrograms(lab, cali1).isEmpty(), "TCX mode but no TCX program on cali1");
                }
                assertTopology(api, cali1, cali2, eth1);
                ApiClient.Answer ready = api.get("/readyz");
                assertEquals(200, ready.status(), ready::body);
                PrometheusText before = scrape(api);
                InetSocketAddress pod2Udp = new InetSocketAddress(lab.fact("POD2_IP"), 7001);
                InetSocketAddress pod2Dropped = new InetSocketAddress(lab.fact("POD2_IP"), FOREIGN_DROP_PORT);
                InetSocketAddress remoteUdp = new InetSocketAddress(lab.fact("REMOTE_IP"), 7003);
                InetSocketAddress remoteTcp = new InetSocketAddress(lab.fact("REMOTE_IP"), 7002);
                try (var toPod2 = Traffic.UdpReceiver.bind(lab.pod2Ns(), pod2Udp);
                     var toPod2Dropped = Traffic.UdpReceiver.bind(lab.pod2Ns(), pod2Dropped);
                     var toRemote = Traffic.UdpReceiver.bind(lab.remoteNs(), remoteUdp)) {
                    Traffic.sendUdp(lab.pod1Ns(), pod2Udp, 20);
                    Traffic.sendUdp(lab.pod1Ns(), pod2Dropped, 5);
                    Traffic.sendUdp(lab.pod1Ns(), remoteUdp, 10);
                    assertEquals(1000, Traffic.tcpExchange(lab.pod1Ns(), lab.remoteNs(), remoteTcp, 1000));
                    assertEquals(20, toPod2.count(20, Duration.ofSeconds(3)), "pod→pod UDP must be delivered");
                    assertEquals(10, toRemote.count(10, Duration.ofSeconds(3)), "pod→remote UDP must be delivered");
                    assertEquals(0, toPod2Dropped.count(1, Duration.ofMillis(300)), "the foreign filter must still drop");
                }

                List<JsonNode> reports = collector.drain(QUIET);
                assertSequenceConsecutive(reports);
                // Flow reports only: drop reports of the node's own chatter may predate the first scrape.
                assertMetricsMoved(before, scrape(api), (int) reports.stream().filter(r -> r.get("type").asText().equals("flow")).count());
                assertAll(
                        () -> assertFlows(reports, udpTo(7001), 20, cali1, cali2, "10.244.1.11", "10.244.1.12"),
                        () -> assertFlows(reports, udpTo(7003), 10, cali1, eth1, "10.244.1.11", "10.99.0.2"),
                        () -> assertFlows(reports, udpTo(FOREIGN_DROP_PORT).and(r -> !r.get("dropped").asBoolean()), 0,
                                cali1, cali2, "", ""),
                        // the foreign TC program's verdict is a TC_INGRESS drop: an ACL deny (80)
                        () -> assertEquals(5, reports.stream().filter(udpTo(FOREIGN_DROP_PORT))
                                .filter(r -> r.get("drop_reason").asInt() == 80).count(), "drop reports"),
                        () -> assertFlowsAtLeast(reports, tcp("10.244.1.11", "10.99.0.2", 7002, true), 4, cali1, eth1),
                        () -> assertFlowsAtLeast(reports, tcp("10.99.0.2", "10.244.1.11", 7002, false), 4, eth1, cali1));

                if (mode.equals("tc")) {
                    restoresRemovedFilter(lab, agent);
                }
                hooksNewInterface(lab, agent);

                assertEquals(AgentProcess.EXIT_AFTER_SIGTERM, agent.stop(), "exit status after SIGTERM");
                assertTrue(agent.stderrText().contains("detached from"), agent.stderrText());
            }
            assertOnlyForeignFiltersLeft(lab, cali1, cali2, eth1);
        }
    }

    @org.junit.jupiter.api.Test
    void restartAfterSigkillLeavesOneSetOfFilters() throws Exception {
        try (NodeLab lab = NodeLab.create();
             CollectorProcess collector = CollectorProcess.start(lab.nodeNs())) {
            addForeignFilter(lab, "cali1");
            try (AgentProcess killed = startAgent(lab, collector.port(), "tc")) {
                killed.signal("KILL");
                killed.awaitExit(Duration.ofSeconds(10));
            }
            assertEquals(1, countOurs(lab.nodeTc("filter", "show", "dev", "cali1", "ingress")),
                    "a SIGKILLed agent in tc mode leaves its filter (that is what the restart must handle)");
            try (AgentProcess agent = startAgent(lab, collector.port(), "tc")) {
                for (String dev : List.of("cali1", "cali2", "eth1")) {
                    for (String direction : List.of("ingress", "egress")) {
                        assertEquals(1, countOurs(lab.nodeTc("filter", "show", "dev", dev, direction)),
                                dev + " " + direction + " after restart");
                    }
                }
                agent.signal("TERM");
                agent.awaitExit(Duration.ofSeconds(15));
            }
            assertOnlyForeignFiltersLeft(lab, lab.ifindex("CALI1_IFINDEX"), lab.ifindex("CALI2_IFINDEX"),
                    lab.ifindex("DATA_IFINDEX"));
        }
    }

    @org.junit.jupiter.api.Test
    void busyOrBadApiAddressFailsBeforeAnythingIsAttached() throws Exception {
        try (NodeLab lab = NodeLab.create();
             java.net.ServerSocket busy = NodeLab.in(lab.nodeNs(),
                     () -> new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))) {
            String[] common = {"--collector", "127.0.0.1:9", "--switch-id", lab.fact("NODE_IP"), "--cni", "calico-iptables",
                "--data-interface", "eth1", "--attach-mode", "tc", "--api-address"};
            try (ChildProcess agent = ChildProcess.launch("agent", lab.nodeNs(), append(common, "127.0.0.1:" + busy.getLocalPort()))) {
                assertEquals(1, agent.awaitExit(Duration.ofSeconds(30)), agent::stderrText);
                assertTrue(agent.stderrText().contains("cannot listen on --api-address 127.0.0.1:" + busy.getLocalPort()),
                        agent.stderrText());
            }
            try (ChildProcess agent = ChildProcess.launch("agent", lab.nodeNs(), append(common, "127.0.0.1:http"))) {
                assertEquals(2, agent.awaitExit(Duration.ofSeconds(30)), agent::stderrText);
                assertTrue(agent.stderrText().contains("--api-address"), agent.stderrText());
            }
            for (String dev : List.of("cali1", "cali2", "eth1")) {
                assertEquals(0, countOurs(lab.nodeTc("filter", "show", "dev", dev, "ingress")), dev + ": nothing attached");
            }
        }
    }

    private static String[] append(String[] head, String last) {
        String[] all = java.util.Arrays.copyOf(head, head.length + 1);
        all[head.length] = last;
        return all;
    }

    private static AgentProcess startAgent(NodeLab lab, int collectorPort, String mode) throws Exception {
        return AgentProcess.start(lab, AgentFlags.forLab(lab, "127.0.0.1:" + collectorPort).attachMode(mode).reportEveryPacket());
    }

    /**
     * The previous tool's shape plus switch-id and routed-addresses; link-local addresses (cali1/cali2's
     * fe80::1) and routes (fe80::/64, Calico's 169.254.1.1 via eth1) are left out.
     */
    private static void assertTopology(ApiClient api, int cali1, int cali2, int eth1) throws Exception {
        ApiClient.Answer answer = api.get("/api/v1/topology");
        assertEquals(200, answer.status(), answer::body);
        JsonNode expected = JSON.readTree("""
                {"links": [
                  {"id": %d, "name": "cali1", "ip-addresses": [], "is-node-iface": false,
                   "routed-addresses": ["10.244.1.11/32", "fd00:244:1::11/128"]},
                  {"id": %d, "name": "cali2", "ip-addresses": [], "is-node-iface": false,
                   "routed-addresses": ["10.244.1.12/32", "fd00:244:1::12/128"]},
                  {"id": %d, "name": "eth1", "ip-addresses": ["10.99.0.1", "fd00:99::1"], "is-node-iface": true,
                   "routed-addresses": ["10.99.0.0/24", "fd00:99::/64"]}
                ]}""".formatted(cali1, cali2, eth1));
        JsonNode actual = JSON.readTree(answer.body());
        assertEquals(174260225L, actual.get("switch-id").asLong(), "10.99.0.1 as the unsigned switch id");
        java.util.List<JsonNode> links = new ArrayList<>();
        actual.get("links").forEach(links::add);
        links.sort(java.util.Comparator.comparingInt(l -> l.get("id").asInt()));
        java.util.List<JsonNode> expectedLinks = new ArrayList<>();
        expected.get("links").forEach(expectedLinks::add);
        expectedLinks.sort(java.util.Comparator.comparingInt(l -> l.get("id").asInt()));
        assertEquals(expectedLinks, links, answer.body());
    }

    private static PrometheusText scrape(ApiClient api) throws Exception {
        ApiClient.Answer answer = api.get("/metrics");
        assertEquals(200, answer.status(), answer::body);
        return PrometheusText.parse(answer.body());
    }

    /** Every flow report the collector got was an event read, a report sent and a latency observed. */
    private static void assertMetricsMoved(PrometheusText before, PrometheusText after, int reports) {
        assertTrue(reports >= 30, "at least the 30 UDP reports");
        assertAll(
                () -> assertTrue(delta(before, after, "int_host_reporter_events_read_total", Map.of()) >= reports, "events read"),
                () -> assertTrue(delta(before, after, "int_host_reporter_reports_sent_total", Map.of()) >= reports, "reports sent"),
                () -> assertEquals(0, after.value("int_host_reporter_report_send_errors_total"), "send errors"),
                () -> assertEquals(0, after.value("int_host_reporter_ringbuf_lost_events_total"), "ring buffer full"),
                () -> assertTrue(delta(before, after, "int_host_reporter_datapath_packets_total",
                        Map.of("outcome", "events_submitted")) >= reports, "events submitted by the kernel"),
                () -> assertTrue(delta(before, after, "int_host_reporter_datapath_packets_total",
                        Map.of("outcome", "ingress_packets")) >= reports, "ingress packets seen by the kernel"),
                () -> assertTrue(delta(before, after, "int_host_reporter_hop_latency_seconds_count", Map.of()) >= reports,
                        "hop latencies observed"),
                () -> assertTrue(after.value("int_host_reporter_hop_latency_seconds_sum") > 0, "hop latency sum"),
                () -> assertEquals(3, after.value("int_host_reporter_hooked_interfaces"), "cali1, cali2, eth1"),
                () -> assertFalse(after.samples("jvm_threads_current").isEmpty(), "JVM metrics"));
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static void addForeignFilter(NodeLab lab, String dev) {
        lab.nodeTc("qdisc", "add", "dev", dev, "clsact");
        lab.nodeTc("filter", "add", "dev", dev, "ingress", "pref", "49152", "bpf", "da", "obj", FOREIGN_OBJECT, "sec", "tc");
    }

    /** Someone deletes our filter on cali2: the agent puts it back. */
    private static void restoresRemovedFilter(NodeLab lab, AgentProcess agent) throws Exception {
        // The agent hears of it through netlink and may restore it before a "show" could see the gap.
        lab.nodeTc("filter", "del", "dev", "cali2", "ingress", "pref", "1", "handle", "0x696872", "bpf");
        agent.process().awaitStderr(l -> l.contains("cali2") && l.contains("removed by someone else"), Duration.ofSeconds(5));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (countOurs(lab.nodeTc("filter", "show", "dev", "cali2", "ingress")) != 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, countOurs(lab.nodeTc("filter", "show", "dev", "cali2", "ingress")), "filter restored on cali2");
    }

    /** A pod interface created while the agent runs is hooked; a non-pod one is not. */
    private static void hooksNewInterface(NodeLab lab, AgentProcess agent) throws Exception {
        lab.nodeTc("qdisc", "show"); // the namespace exists and answers
        net.inthostreporter.testkit.TestNamespace.run(List.of("ip", "-n", lab.nodeNs(), "link", "add", "cali9", "type",
                "veth", "peer", "name", "other9"));
        agent.process().awaitStderr(l -> l.contains("hooked cali9"), Duration.ofSeconds(2));
        Thread.sleep(200);
        assertFalse(agent.stderrText().contains("hooked other9"), "other9 is not a pod interface");
    }

    private static void assertOnlyForeignFiltersLeft(NodeLab lab, int... ifindexes) throws Exception {
        for (String dev : List.of("cali1", "cali2", "eth1")) {
            for (String direction : List.of("ingress", "egress")) {
                String shown = lab.nodeTc("filter", "show", "dev", dev, direction);
                assertEquals(0, countOurs(shown), "our filter left on " + dev + " " + direction + ":\n" + shown);
            }
        }
        String cali1 = lab.nodeTc("filter", "show", "dev", "cali1", "ingress");
        assertTrue(cali1.contains("foreign_filter"), "the foreign filter must survive:\n" + cali1);
        for (int ifindex : ifindexes) {
            assertTrue(tcxPrograms(lab, ifindex).isEmpty(), "TCX programs left on ifindex " + ifindex);
        }
    }

    private static List<Integer> tcxPrograms(NodeLab lab, int ifindex) throws Exception {
        List<Integer> ids = new ArrayList<>();
        ids.addAll(NodeLab.in(lab.nodeNs(), () -> TcxLink.programIds(ifindex, TcxLink.Direction.INGRESS)));
        ids.addAll(NodeLab.in(lab.nodeNs(), () -> TcxLink.programIds(ifindex, TcxLink.Direction.EGRESS)));
        return ids;
    }

    private static long countOurs(String tcFilterShow) {
        return tcFilterShow.lines().filter(l -> l.contains("ihr_tc_")).count();
    }

    private static void assertSequenceConsecutive(List<JsonNode> reports) {
        assertFalse(reports.isEmpty(), "no reports at all");
        for (int i = 0; i < reports.size(); i++) {
            assertEquals(i + 1L, reports.get(i).get("seq_no").asLong(), "seq_no of report " + i);
        }
    }

    private static Predicate<JsonNode> udpTo(int port) {
        return r -> r.get("inner").get("protocol").asInt() == 17 && r.get("inner").get("dst_port").asInt() == port;
    }

    private static Predicate<JsonNode> tcp(String src, String dst, int serverPort, boolean toServer) {
        return r -> {
            JsonNode in = r.get("inner");
            return in.get("protocol").asInt() == 6 && src.equals(in.get("src").asText()) && dst.equals(in.get("dst").asText())
                    && (toServer ? in.get("dst_port") : in.get("src_port")).asInt() == serverPort;
        };
    }

    private static void assertFlows(List<JsonNode> reports, Predicate<JsonNode> which, int expected,
                                    int ingress, int egress, String src, String dst) {
        List<JsonNode> matching = reports.stream().filter(which).toList();
        assertEquals(expected, matching.size(), "reports of the flow");
        for (JsonNode r : matching) {
            assertReport(r, ingress, egress);
            assertEquals(src, r.get("inner").get("src").asText());
            assertEquals(dst, r.get("inner").get("dst").asText());
        }
    }

    private static void assertFlowsAtLeast(List<JsonNode> reports, Predicate<JsonNode> which, int atLeast,
                                           int ingress, int egress) {
        List<JsonNode> matching = reports.stream().filter(which).toList();
        assertTrue(matching.size() >= atLeast, "expected at least " + atLeast + " reports, got " + matching.size());
        matching.forEach(r -> assertReport(r, ingress, egress));
    }

    private static void assertReport(JsonNode r, int ingress, int egress) {
        assertEquals("flow", r.get("type").asText(), r::toString);
        assertEquals(0, r.get("version").asInt());
        assertEquals(2, r.get("n_proto").asInt());
        assertTrue(r.get("tracked_flow").asBoolean());
        assertFalse(r.get("dropped").asBoolean());
        assertEquals(SWITCH_ID, r.get("switch_id").asLong());
        assertEquals("10.99.0.1", r.get("switch_id_dotted").asText());
        assertEquals(ingress, r.get("ingress_port").asInt(), r::toString);
        assertEquals(egress, r.get("egress_port").asInt(), r::toString);
        long latency = r.get("hop_latency_ns").asLong();
        assertTrue(latency > 0 && latency < 1_000_000_000L, "hop latency " + latency);
    }
}
