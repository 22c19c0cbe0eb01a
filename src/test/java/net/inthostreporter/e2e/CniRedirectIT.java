// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.testkit.AgentFlags;
import net.inthostreporter.testkit.AgentProcess;
import net.inthostreporter.testkit.CollectorProcess;
import net.inthostreporter.testkit.Traffic;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import net.inthostreporter.testkit.TestNamespace;

/**
 * Dataplanes that forward with TC redirects (Cilium, Calico eBPF), played by the tests' CNI
 * stand-in attached after the agent's programs: every packet the stand-in redirects still
 * arrives (its verdict stands), is reported once with --report-every-packet with the port it
 * arrived on and the host-side port it left by, and its flow is reported in the default mode;
 * none is reported as a drop. Each path with Cilium's (lxc…) and Calico's (cali…) names.
 */
class CniRedirectIT {
    private static final int PACKETS = 20;
    private static final Duration QUIET = Duration.ofMillis(1500);

    /** The forwarding paths of issue 9, each set up on the lab's node. */
    enum Path {
        /** bpf_redirect_peer from pod1's veth ingress into pod2. */
        PEER_FROM_POD,
        /** bpf_redirect_peer from the data interface's ingress into pod1 (the remote node reaches pod2 over VXLAN). */
        PEER_FROM_DATA_INTERFACE,
        /** bpf_redirect from pod1's veth ingress to pod2's veth egress. */
        REDIRECT_TO_EGRESS,
        /** bpf_redirect(BPF_F_INGRESS) from pod1's veth to the data interface's ingress; the node routes it to pod2. */
        REDIRECT_TO_INGRESS,
        /** bpf_redirect_neigh from pod1's veth ingress out of the data interface to the remote node. */
        REDIRECT_NEIGH_OUT_OF_DATA_INTERFACE,
    }

    static Stream<Arguments> paths() {
        return Stream.of(Path.values()).flatMap(p -> Stream.of(Arguments.of(p, "cali"), Arguments.of(p, "lxc")));
    }

    @ParameterizedTest(name = "{0} with {1}… names")
    @MethodSource("paths")
    void everyRedirectedPacketIsReportedWithItsPorts(Path path, String vethPrefix) throws Exception {
        try (NodeLab lab = NodeLab.withPodVeths(vethPrefix); CniStandIn cni = CniStandIn.load()) {
            int veth1 = lab.ifindex("CALI1_IFINDEX");
            int veth2 = lab.ifindex("CALI2_IFINDEX");
            int eth1 = lab.ifindex("DATA_IFINDEX");
            String pod2 = lab.fact("POD2_IP");
            String senderNs = lab.pod1Ns();
            String receiverNs = lab.pod2Ns();
            String destination = pod2;
            int on = veth1;
            int in = veth1;
            int out = veth2;
            switch (path) {
                case PEER_FROM_POD -> cni.rule(lab.nodeNs(), veth1, pod2, CniStandIn.Redirect.PEER, veth2, lab.fact("POD2_MAC"), null);
                case PEER_FROM_DATA_INTERFACE -> {
                    destination = lab.fact("POD1_IP");
                    cni.rule(lab.nodeNs(), eth1, destination, CniStandIn.Redirect.PEER, veth1, lab.fact("POD1_MAC"), null);
                    senderNs = lab.remoteNs();
                    receiverNs = lab.pod1Ns();
                    on = eth1;
                    in = eth1;
                    out = veth1;
                }
                case REDIRECT_TO_EGRESS -> cni.rule(lab.nodeNs(), veth1, pod2, CniStandIn.Redirect.EGRESS, veth2,
                        lab.fact("POD2_MAC"), lab.fact("POD2_VETH_MAC"));
                case REDIRECT_TO_INGRESS -> cni.rule(lab.nodeNs(), veth1, pod2, CniStandIn.Redirect.INGRESS, eth1,
                        lab.fact("DATA_MAC"), null);
                case REDIRECT_NEIGH_OUT_OF_DATA_INTERFACE -> {
                    destination = lab.fact("REMOTE_IP");
                    cni.rule(lab.nodeNs(), veth1, destination, CniStandIn.Redirect.NEIGH, eth1, null, null);
                    receiverNs = lab.remoteNs();
                    out = eth1;
                }
            }
            String cniFlag = vethPrefix.equals("lxc") ? "cilium" : "calico-ebpf";
            ping(senderNs, destination); // resolves the neighbours, through the redirect too
            long redirectedBefore = cni.redirected(on);

            List<JsonNode> everyPacket = run(lab, cniFlag, senderNs, receiverNs, destination, 7600, "--report-every-packet");
            assertEquals(PACKETS, cni.redirected(on) - redirectedBefore, "packets the stand-in redirected");
            List<JsonNode> flows = udpTo(everyPacket, 7600);
            assertEquals(PACKETS, flows.size(), "one report per delivered packet: " + everyPacket);
            assertPorts(flows, in, out);

            List<JsonNode> onChange = run(lab, cniFlag, senderNs, receiverNs, destination, 7601);
            List<JsonNode> flow = udpTo(onChange, 7601);
            assertTrue(!flow.isEmpty() && flow.size() < PACKETS / 2, "default mode reports the flow on change: " + flow);
            assertPorts(flow, in, out);
        }
    }

    /** Starts an agent, sends PACKETS datagrams through the redirect, checks they all arrived; the reports. */
    private static List<JsonNode> run(NodeLab lab, String cni, String senderNs, String receiverNs, String destination,
                                      int port, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--collector", "", "--switch-id", lab.fact("NODE_IP"),
                "--cni", cni, "--data-interface", "eth1"));
        args.addAll(List.of(extra));
        InetSocketAddress to = new InetSocketAddress(destination, port);
        try (CollectorProcess collector = CollectorProcess.start(lab.nodeNs());
             var receiver = Traffic.UdpReceiver.bind(receiverNs, to)) {
            args.set(1, "127.0.0.1:" + collector.port());
            try (AgentProcess agent = AgentProcess.start(lab.nodeNs(), AgentFlags.empty().withRaw(args.toArray(String[]::new)),
                    AgentProcess.Launch.PLAIN)) {
                Traffic.sendUdp(senderNs, to, PACKETS);
                assertEquals(PACKETS, receiver.count(PACKETS, Duration.ofSeconds(3)), "delivered through the redirect");
                List<JsonNode> reports = collector.drain(QUIET);
                assertEquals(AgentProcess.EXIT_AFTER_SIGTERM, agent.stop(), "exit status after SIGTERM");
                assertEquals(List.of(), reports.stream().filter(r -> r.get("type").asText().equals("drop")).toList(),
                        "no drop reports");
                return reports;
            }
        }
    }

    private static List<JsonNode> udpTo(List<JsonNode> reports, int port) {
        return reports.stream().filter(r -> r.get("inner").get("protocol").asInt() == 17
                && r.get("inner").get("dst_port").asInt() == port).toList();
    }

    private static void assertPorts(List<JsonNode> reports, int in, int out) {
        assertAll(reports.stream().map(r -> () -> {
            assertEquals(in, r.get("ingress_port").asInt(), r::toString);
            assertEquals(out, r.get("egress_port").asInt(), r::toString);
            assertTrue(r.get("hop_latency_ns").asLong() > 0, r::toString);
        }));
    }

    private static void ping(String ns, String address) {
        TestNamespace.run(List.of("ip", "netns", "exec", ns, "ping", "-c", "2", "-i", "0.2", "-W", "2", address));
    }
}
