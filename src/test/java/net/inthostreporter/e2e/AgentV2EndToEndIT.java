// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import net.inthostreporter.testkit.AgentFlags;
import net.inthostreporter.testkit.AgentProcess;

import net.inthostreporter.testkit.CollectorProcess;
import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.testkit.Traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The real agent with {@code --report-format v2} on the namespaced node: forwarded UDP comes out
 * as Telemetry Report v2.0 reports, several per datagram (a long grouping delay lets a burst
 * share datagrams), each with our extension's ingress tuple, numbered per report from 1.
 */
class AgentV2EndToEndIT {
    private static final long SWITCH_ID = (10L << 24) | (99 << 16) | 1; // 10.99.0.1
    private static final int PACKETS = 40;

    @Test
    void reportsForwardedTrafficInGroupedV2Datagrams() throws Exception {
        try (NodeLab lab = NodeLab.create();
             CollectorProcess collector = CollectorProcess.start(lab.nodeNs())) {
            int cali1 = lab.ifindex("CALI1_IFINDEX");
            int cali2 = lab.ifindex("CALI2_IFINDEX");
            try (AgentProcess agent = AgentProcess.start(lab, AgentFlags.forLab(lab, collector.address())
                    .reportFormat("v2").with("--report-max-delay", "500ms").reportEveryPacket())) {
                InetSocketAddress pod2 = new InetSocketAddress(lab.fact("POD2_IP"), 7001);
                try (var receiver = Traffic.UdpReceiver.bind(lab.pod2Ns(), pod2)) {
                    Traffic.sendUdp(lab.pod1Ns(), pod2, PACKETS);
                    assertEquals(PACKETS, receiver.count(PACKETS, Duration.ofSeconds(3)), "pod→pod UDP must be delivered");
                }
                List<JsonNode> reports = collector.drain(Duration.ofMillis(1500));
                agent.signal("TERM");
                assertEquals(143, agent.awaitExit(Duration.ofSeconds(15)), "exit status after SIGTERM");

                assertFalse(reports.isEmpty(), "no reports at all");
                for (int i = 0; i < reports.size(); i++) {
                    assertEquals(i + 1L, reports.get(i).get("seq_no").asLong(), "seq_no of report " + i);
                }
                List<JsonNode> udp = reports.stream().filter(r -> r.get("inner").get("protocol").asInt() == 17
                        && r.get("inner").get("dst_port").asInt() == 7001).toList();
                assertEquals(PACKETS, udp.size(), "reports of the UDP flow");
                for (JsonNode r : udp) {
                    assertEquals(2, r.get("version").asInt(), r::toString);
                    assertTrue(r.get("n_proto").isNull());
                    assertTrue(r.get("tracked_flow").asBoolean());
                    assertEquals(SWITCH_ID, r.get("switch_id").asLong());
                    assertEquals(cali1, r.get("ingress_port").asInt());
                    assertEquals(cali2, r.get("egress_port").asInt());
                    long latency = r.get("hop_latency_ns").asLong();
                    assertTrue(latency > 0 && latency < 1_000_000_000L, "hop latency " + latency);
                    assertEquals(latency, r.get("egress_timestamp").asLong() - r.get("ingress_timestamp").asLong());
                    JsonNode tuple = r.get("ingress_tuple");
                    assertEquals("10.244.1.11", tuple.get("src").asText(), r::toString);
                    assertEquals("10.244.1.12", tuple.get("dst").asText());
                    assertEquals(17, tuple.get("protocol").asInt());
                    assertEquals(7001, tuple.get("dst_port").asInt());
                }
                int largest = udp.stream().mapToInt(r -> r.get("datagram_reports").asInt()).max().orElse(0);
                assertTrue(largest > 1, "the collector must decode several reports per datagram; largest group " + largest);
            }
        }
    }
}
