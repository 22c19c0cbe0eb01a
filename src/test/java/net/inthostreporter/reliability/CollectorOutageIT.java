// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.reliability;

import net.inthostreporter.testkit.AgentFlags;
import net.inthostreporter.testkit.AgentProcess;
import net.inthostreporter.testkit.PrometheusText;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import net.inthostreporter.testkit.CollectorProcess;
import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.testkit.Traffic;
import net.inthostreporter.testkit.TestNamespace;

/**
 * The collector (on the remote node, 10.99.0.2:32766) is down, then back. First nothing listens
 * there (the remote answers ICMP port unreachable, which an unconnected UDP socket never sees);
 * then the node loses its route to it (every send fails with "Network is unreachable"); then
 * the route and a collector on the same port come back. Throughout, the agent keeps running and
 * pod traffic is delivered; the failed sends are logged and counted in the stop line; reports
 * of traffic after the outage reach the new collector.
 */
class CollectorOutageIT {
    private static final int COLLECTOR_PORT = 32766;
    private static final int DATAGRAMS = 20;

    @Test
    void agentSurvivesCollectorOutageAndResumes() throws Exception {
        try (NodeLab lab = NodeLab.create()) {
            String collector = lab.fact("REMOTE_IP") + ":" + COLLECTOR_PORT;
            try (AgentProcess agent = AgentProcess.start(lab, AgentFlags.forLab(lab, collector).reportEveryPacket())) {
                deliver(lab, 7030); // nothing listens on the collector port
                awaitMetric(agent, "int_host_reporter_reports_sent_total", DATAGRAMS);

                TestNamespace.run(List.of("ip", "-n", lab.nodeNs(), "route", "del", "10.99.0.0/24", "dev", "eth1"));
                deliver(lab, 7031); // no route to the collector
                agent.process().awaitStderr(l -> l.contains("cannot send reports"), Duration.ofSeconds(5));
                // The pump drains the ring every few milliseconds: until every report of this
                // period has met the missing route, restoring it would let the last ones through.
                awaitMetric(agent, "int_host_reporter_report_send_errors_total", DATAGRAMS);
                assertTrue(agent.isAlive());

                TestNamespace.run(List.of("ip", "-n", lab.nodeNs(), "route", "add", "10.99.0.0/24", "dev", "eth1",
                        "src", lab.fact("NODE_IP")));
                try (CollectorProcess back = CollectorProcess.start(lab.remoteNs(), lab.fact("REMOTE_IP"), COLLECTOR_PORT)) {
                    deliver(lab, 7032);
                    List<JsonNode> reports = back.drain(Duration.ofMillis(1500));
                    List<JsonNode> after = reports.stream().filter(r -> r.get("inner").get("dst_port").asInt() == 7032).toList();
                    assertEquals(DATAGRAMS, after.size(), "reports of the traffic after the outage");
                    assertTrue(after.getFirst().get("seq_no").asLong() > 2L * DATAGRAMS,
                            "the reports lost during the outage still took sequence numbers: " + after.getFirst());
                }
                agent.process().awaitStderr(l -> l.contains("works again"), Duration.ofSeconds(5));
                PrometheusText last = agent.stopCleanly();
                assertTrue(last.value("int_host_reporter_export_total", java.util.Map.of("counter", "reports_lost_send_error")) >= DATAGRAMS,
                        "reports lost to send errors");
            }
        }
    }

    /** Waits until the agent's counter {@code name} reaches {@code atLeast}. */
    private static void awaitMetric(AgentProcess agent, String name, long atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long value;
        do {
            value = agent.metric(name);
            if (value >= atLeast) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(name + " stayed at " + value + ", expected at least " + atLeast);
    }

    /** pod1 → pod2 UDP to this port: every datagram must arrive, collector or not. */
    private static void deliver(NodeLab lab, int port) throws Exception {
        InetSocketAddress to = new InetSocketAddress(lab.fact("POD2_IP"), port);
        try (Traffic.UdpReceiver receiver = Traffic.UdpReceiver.bind(lab.pod2Ns(), to)) {
            Traffic.sendUdp(lab.pod1Ns(), to, DATAGRAMS);
            assertEquals(DATAGRAMS, receiver.count(DATAGRAMS, Duration.ofSeconds(5)), "pod→pod datagrams to " + port);
        }
    }
}
