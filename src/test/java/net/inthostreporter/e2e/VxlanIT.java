// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import net.inthostreporter.testkit.AgentFlags;
import net.inthostreporter.testkit.AgentProcess;

import net.inthostreporter.testkit.CollectorProcess;
import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.testkit.Traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Calico's VXLAN mode: pod traffic to another node leaves the data interface encapsulated, and
 * traffic from it arrives encapsulated. Both directions are paired (VXLAN clears or changes the
 * skb's ingress ifindex, so pairing must not depend on it) and reported with the inner frame,
 * the outer 50 bytes stripped.
 */
class VxlanIT {
    private static final int PACKETS = 10;

    @Test
    void encapsulatedAndDecapsulatedTrafficIsReportedWithTheInnerFrame() throws Exception {
        try (NodeLab lab = NodeLab.create();
             CollectorProcess collector = CollectorProcess.start(lab.nodeNs());
             AgentProcess agent = AgentProcess.start(lab, AgentFlags.forLab(lab, collector.address()).reportEveryPacket())) {
            InetSocketAddress remoteOverlay = new InetSocketAddress(lab.fact("REMOTE_VXLAN_IP"), 7300);
            InetSocketAddress pod2 = new InetSocketAddress(lab.fact("POD2_IP"), 7301);
            try (var atRemote = Traffic.UdpReceiver.bind(lab.remoteNs(), remoteOverlay);
                 var atPod2 = Traffic.UdpReceiver.bind(lab.pod2Ns(), pod2)) {
                // The first datagrams wait for ARP over the overlay; only what follows is counted.
                Traffic.sendUdp(lab.pod1Ns(), new InetSocketAddress(lab.fact("REMOTE_VXLAN_IP"), 7399), 3);
                Traffic.sendUdp(lab.remoteNs(), new InetSocketAddress(lab.fact("POD2_IP"), 7399), 3);
                Thread.sleep(300);
                Traffic.sendUdp(lab.pod1Ns(), remoteOverlay, PACKETS);
                Traffic.sendUdp(lab.remoteNs(), pod2, PACKETS);
                assertEquals(PACKETS, atRemote.count(PACKETS, Duration.ofSeconds(3)), "pod1 -> remote over VXLAN delivered");
                assertEquals(PACKETS, atPod2.count(PACKETS, Duration.ofSeconds(3)), "remote -> pod2 over VXLAN delivered");
            }
            List<JsonNode> reports = collector.drain(Duration.ofMillis(1500));
            int cali1 = lab.ifindex("CALI1_IFINDEX");
            int cali2 = lab.ifindex("CALI2_IFINDEX");
            int eth1 = lab.ifindex("DATA_IFINDEX");
            assertInner(reports, 7300, PACKETS, cali1, eth1, lab.fact("POD1_IP"), lab.fact("REMOTE_VXLAN_IP"));
            assertInner(reports, 7301, PACKETS, eth1, cali2, lab.fact("REMOTE_VXLAN_IP"), lab.fact("POD2_IP"));
        }
    }

    private static void assertInner(List<JsonNode> reports, int dstPort, int expected, int in, int out, String src, String dst) {
        List<JsonNode> flow = reports.stream().filter(r -> r.get("inner").get("dst_port").asInt() == dstPort).toList();
        assertEquals(expected, flow.size(), "reports to port " + dstPort + " among " + reports.size());
        for (JsonNode r : flow) {
            JsonNode inner = r.get("inner");
            assertEquals(in, r.get("ingress_port").asInt(), r::toString);
            assertEquals(out, r.get("egress_port").asInt(), r::toString);
            assertEquals(src, inner.get("src").asText(), r::toString);
            assertEquals(dst, inner.get("dst").asText(), r::toString);
            assertEquals(17, inner.get("protocol").asInt());
        }
    }
}
