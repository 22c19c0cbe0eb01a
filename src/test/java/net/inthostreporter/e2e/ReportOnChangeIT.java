// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import net.inthostreporter.testkit.AgentFlags;
import net.inthostreporter.testkit.AgentProcess;
import net.inthostreporter.testkit.UdpFlood;

import net.inthostreporter.testkit.CollectorProcess;
import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.testkit.Traffic;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Report on change, with the agent's defaults: a steady flow is reported when it starts, when
 * its latency rises to a higher bucket, and once per interval — not once per packet.
 */
class ReportOnChangeIT {
    /**
     * A latency step between the hooks: pod1 → the remote node's overlay address leaves through
     * vxlan.calico, and a token bucket (tbf; this kernel has no netem) on that device makes
     * packets beyond its burst wait. The first packet that waits is reported at once; the
     * packets before it, and most after it, are not.
     */
    @Test
    void latencyStepIsReportedByTheFirstPacketAfterIt() throws Exception {
        try (NodeLab lab = NodeLab.create();
             CollectorProcess collector = CollectorProcess.start(lab.nodeNs());
             AgentProcess agent = AgentProcess.start(lab, AgentFlags.forLab(lab, collector.address())
                     .with("--report-interval", "60s"))) {
            InetSocketAddress overlay = new InetSocketAddress(lab.fact("REMOTE_VXLAN_IP"), 7400);
            // A listener at the far end, so no ICMP "port unreachable" comes back to the sender.
            try (var receiver = Traffic.UdpReceiver.bind(lab.remoteNs(), overlay);
                 DatagramChannel sender = NodeLab.in(lab.pod1Ns(), DatagramChannel::open)) {
                sender.connect(overlay); // one flow: one source port throughout
                sendSpaced(sender, 50); // warms ARP up, then a steady flow at low latency
                List<JsonNode> before = flowReports(collector.drain(Duration.ofMillis(800)), 7400);
                assertTrue(!before.isEmpty() && before.size() < 10, "before the step: " + before.size() + " reports");
                lab.nodeTc("qdisc", "add", "dev", "vxlan.calico", "root", "tbf", "rate", "64kbit", "burst", "1600",
                        "latency", "5s");
                for (int i = 0; i < 40; i++) {
                    sender.write(ByteBuffer.allocate(64)); // a burst: beyond the bucket, each waits ~13 ms more
                }
                List<JsonNode> all = flowReports(collector.drain(Duration.ofSeconds(3)), 7400);
                List<JsonNode> after = all.subList(before.size(), all.size());
                assertFalse(after.isEmpty(), "the latency step was not reported");
                long firstLatency = after.get(0).get("hop_latency_ns").asLong();
                long maxBefore = before.stream().mapToLong(r -> r.get("hop_latency_ns").asLong()).max().orElseThrow();
                // A packet that waited in the token bucket (milliseconds), not one of the burst's first
                // packets that passed on tokens (microseconds, as before the step).
                assertTrue(firstLatency >= 1_000_000L && firstLatency > 10 * maxBefore,
                        "first report after the step: " + firstLatency + " ns; before it at most " + maxBefore + " ns");
                assertTrue(after.size() <= 12, after.size() + " reports for 40 packets after the step");
            }
        }
    }

    private static void sendSpaced(DatagramChannel channel, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            channel.write(ByteBuffer.allocate(64));
            Thread.sleep(5);
        }
    }

    private static List<JsonNode> flowReports(List<JsonNode> reports, int dstPort) {
        return reports.stream().filter(r -> r.get("inner").get("dst_port").asInt() == dstPort).toList();
    }

    private static final int PACKETS = 100_000;

    @Test
    void steadyFlowYieldsAtMostOneReportPerThousandPackets() throws Exception {
        try (NodeLab lab = NodeLab.create();
             CollectorProcess collector = CollectorProcess.start(lab.nodeNs());
             AgentProcess agent = AgentProcess.start(lab, AgentFlags.forLab(lab, collector.address()))) {
            InetSocketAddress pod2 = new InetSocketAddress(lab.fact("POD2_IP"), 7200);
            try (var receiver = Traffic.UdpReceiver.bind(lab.pod2Ns(), pod2)) {
                long start = System.nanoTime();
                UdpFlood.send(lab.pod1Ns(), pod2, PACKETS);
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
