// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Report on change, with the agent's defaults: a steady flow is reported when it starts, when
 * its latency rises to a higher bucket, and once per interval — not once per packet.
 */
class ReportOnChangeIT {
    private static final int PACKETS = 100_000;

    @Test
    void steadyFlowYieldsAtMostOneReportPerThousandPackets() throws Exception {
        try (NodeLab lab = NodeLab.create();
             CollectorProcess collector = CollectorProcess.start(lab.nodeNs());
             ChildProcess agent = ChildProcess.launch("agent", lab.nodeNs(), "--collector", "127.0.0.1:" + collector.port(),
                     "--switch-id", lab.fact("NODE_IP"), "--cni", "calico-iptables", "--data-interface", "eth1")) {
            agent.awaitStderr(l -> l.contains("reporting to"), Duration.ofSeconds(30));
            InetSocketAddress pod2 = new InetSocketAddress(lab.fact("POD2_IP"), 7200);
            try (var receiver = Traffic.UdpReceiver.bind(lab.pod2Ns(), pod2)) {
                long start = System.nanoTime();
                Traffic.floodUdp(lab.pod1Ns(), pod2, PACKETS);
                long seconds = Math.max(1, (System.nanoTime() - start) / 1_000_000_000L + 1);
                List<JsonNode> flow = collector.drain(Duration.ofMillis(1500)).stream()
                        .filter(r -> r.get("inner").get("dst_port").asInt() == 7200).toList();
                assertTrue(!flow.isEmpty(), "the flow's first packet must be reported");
                // First packet, once per 1 s interval, and a few latency-bucket rises.
                assertTrue(flow.size() <= PACKETS / 1000, flow.size() + " reports for " + PACKETS
                        + " packets sent in about " + seconds + " s");
            }
            agent.signal("TERM");
            agent.awaitExit(Duration.ofSeconds(15));
            assertTrue(agent.stderrText().contains("UNCHANGED="), agent.stderrText());
        }
    }
}
