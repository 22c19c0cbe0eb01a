// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import net.inthostreporter.testkit.AgentFlags;
import net.inthostreporter.testkit.AgentProcess;

import net.inthostreporter.testkit.CollectorProcess;
import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.testkit.Traffic;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import net.inthostreporter.testkit.TestNamespace;

/**
 * Drop reports from the kernel's own reasons, Service DNAT seen in both views, IPv6 and ICMP, on
 * the namespaced Calico-like node of scripts/lab.sh with the real agent and collector. Drops are
 * forced with nftables in the node (and TTL 1 with nftables in the pod); the INT codes asserted
 * are those of docs/int-report-formats.md.
 */
class DropNatEndToEndIT {
    private static final Duration QUIET = Duration.ofMillis(1500);
    private static final int FORCED_SPORT_BASE = 30000;

    @Test
    void forcedDropsCarryTheMappedReason() throws Exception {
        try (NodeLab lab = NodeLab.create()) {
            nft(lab.nodeNs(), "table inet ihrtest { chain filter_forward { type filter hook forward priority 0; "
                    + "udp dport 7777 drop; }\n}");
            nft(lab.pod1Ns(), "table ip ihrtest { chain out { type filter hook output priority 0; "
                    + "udp dport 7010 ip ttl set 1; }\n}");
            int cali1 = lab.ifindex("CALI1_IFINDEX");
            try (CollectorProcess collector = CollectorProcess.start(lab.nodeNs());
                 AgentProcess agent = startAgent(lab, collector.port())) {
                Traffic.sendUdp(lab.pod1Ns(), new InetSocketAddress(lab.fact("POD2_IP"), 7777), 3);
                Traffic.sendUdp(lab.pod1Ns(), new InetSocketAddress("10.77.0.1", 7000), 2);
                Traffic.sendUdp(lab.pod1Ns(), new InetSocketAddress(lab.fact("POD2_IP"), 7010), 2);
                Traffic.sendUdp(lab.pod1Ns(), new InetSocketAddress("fd00:77::1", 7006), 2);
                List<JsonNode> reports = collector.drain(QUIET);
                assertAll(
                        () -> assertDrops(reports, udpTo(7777), 3, 80, cali1),
                        () -> assertDrops(reports, udpTo(7000), 2, 29, cali1),
                        () -> assertDrops(reports, udpTo(7010), 2, 26, cali1),
                        () -> assertDrops(reports, udpTo(7006), 2, 29, cali1),
                        () -> assertEquals(9, reports.stream().filter(DropNatEndToEndIT::isDrop).count(),
                                "no other drop reports: " + reports));
                stop(agent);
            }
        }
    }

    @Test
    void everyForcedDropExactlyOnceAndNoneForDeliveredPackets() throws Exception {
        try (NodeLab lab = NodeLab.create()) {
            nft(lab.nodeNs(), "table inet ihrtest { chain filter_forward { type filter hook forward priority 0; "
                    + "udp sport " + FORCED_SPORT_BASE + "-" + (FORCED_SPORT_BASE + 99) + " drop; }\n}");
            InetSocketAddress pod2 = new InetSocketAddress(lab.fact("POD2_IP"), 7020);
            InetSocketAddress node = new InetSocketAddress(lab.fact("NODE_IP"), 7021);
            try (CollectorProcess collector = CollectorProcess.start(lab.nodeNs());
                 AgentProcess agent = startAgent(lab, collector.port());
                 java.net.DatagramSocket pod2Socket = NodeLab.in(lab.pod2Ns(), () -> new java.net.DatagramSocket(pod2));
                 var toNode = Traffic.UdpReceiver.bind(lab.nodeNs(), node)) {
                // A blocking receiver on its own thread, so its socket buffer never overflows.
                pod2Socket.setSoTimeout(3000);
                var delivered = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    java.net.DatagramPacket packet = new java.net.DatagramPacket(new byte[2048], 2048);
                    int n = 0;
                    try {
                        while (n < 9_900) {
                            pod2Socket.receive(packet);
                            n++;
                        }
                    } catch (java.io.IOException timeout) {
                        // fewer arrived; the assertion says how many
                    }
                    return n;
                });
                // Resolve the gateway first: pods queue only a few packets while proxy ARP answers (up to 0.8 s).
                ping(lab.pod1Ns(), lab.fact("POD2_IP"));
                sendWithForcedDrops(lab.pod1Ns(), pod2, 10_000);
                Traffic.sendUdp(lab.pod1Ns(), node, 200);
                int deliveredToPod2 = delivered.get();
                int deliveredToNode = toNode.count(200, Duration.ofSeconds(5));
                List<JsonNode> reports = collector.drain(QUIET);
                List<String> otherDrops = reports.stream().filter(DropNatEndToEndIT::isDrop)
                        .filter(r -> r.get("inner").get("src_port").asInt() < FORCED_SPORT_BASE
                                || r.get("inner").get("src_port").asInt() >= FORCED_SPORT_BASE + 100)
                        .map(JsonNode::toString).limit(5).toList();
                assertEquals(List.of(), otherDrops, "drop reports of packets not forced to drop");
                // The node forwards all 9 900 (their flow reports are counted below); the receiving
                // pod's socket may still overflow on a busy machine, which is no concern of the node's.
                assertTrue(deliveredToPod2 > 0 && deliveredToPod2 <= 9_900, "delivered to pod2: " + deliveredToPod2);
                assertEquals(200, deliveredToNode, "delivered to the node itself");
                Map<Integer, Integer> dropsBySourcePort = new TreeMap<>();
                for (JsonNode r : reports) {
                    if (isDrop(r)) {
                        assertEquals(80, r.get("drop_reason").asInt(), r::toString);
                        assertEquals(7020, r.get("inner").get("dst_port").asInt(), r::toString);
                        dropsBySourcePort.merge(r.get("inner").get("src_port").asInt(), 1, Integer::sum);
                    }
                }
                Map<Integer, Integer> expected = new TreeMap<>();
                for (int i = 0; i < 100; i++) {
                    expected.put(FORCED_SPORT_BASE + i, 1);
                }
                assertEquals(expected, dropsBySourcePort, "each forced drop reported exactly once, nothing else");
                assertEquals(9_900, reports.stream().filter(udpTo(7020)).filter(r -> !isDrop(r)).count(),
                        "flow reports of the delivered packets");
                stop(agent);
            }
        }
    }

    @Test
    void serviceDnatShownInEgressAndIngressView() throws Exception {
        try (NodeLab lab = NodeLab.create()) {
            InetSocketAddress vip = new InetSocketAddress("10.96.0.10", 80);
            InetSocketAddress backend = new InetSocketAddress(lab.fact("POD2_IP"), 8080);
            playKubeProxy(lab, vip, backend);
            String pod1 = lab.fact("POD1_IP");
            for (String view : List.of("egress", "ingress")) {
                try (CollectorProcess collector = CollectorProcess.start(lab.nodeNs());
                     AgentProcess agent = startAgent(lab, collector.port(), "--nat-view", view)) {
                    int clientPort = tcpThroughService(lab, vip, backend, 2000);
                    List<JsonNode> reports = collector.drain(QUIET);
                    String server = view.equals("egress") ? "10.244.1.12" : "10.96.0.10";
                    int serverPort = view.equals("egress") ? 8080 : 80;
                    String replyFrom = view.equals("egress") ? "10.96.0.10" : "10.244.1.12";
                    int replyPort = view.equals("egress") ? 80 : 8080;
                    long requests = reports.stream().filter(tcp(pod1, clientPort, server, serverPort)).count();
                    long replies = reports.stream().filter(tcp(replyFrom, replyPort, pod1, clientPort)).count();
                    assertTrue(requests >= 3, view + " view: client→service reports " + requests + " in " + reports);
                    assertTrue(replies >= 3, view + " view: service→client reports " + replies + " in " + reports);
                    assertEquals(requests + replies, reports.size(), view + " view: nothing else: " + reports);
                    stop(agent);
                }
            }
        }
    }

    /**
     * v2.0 carries what v0.5 cannot: every client→service report of a connection, whose inner
     * frame shows the backend pod (egress view), has the same flow id and the VIP in its
     * ingress-view tuple; the replies, un-NATed on the way back, form their own flow.
     */
    @Test
    void v2ReportsTieTheServiceFlowToThePodFlow() throws Exception {
        try (NodeLab lab = NodeLab.create()) {
            InetSocketAddress vip = new InetSocketAddress("10.96.0.10", 80);
            InetSocketAddress backend = new InetSocketAddress(lab.fact("POD2_IP"), 8080);
            playKubeProxy(lab, vip, backend);
            String pod1 = lab.fact("POD1_IP");
            try (CollectorProcess collector = CollectorProcess.start(lab.nodeNs());
                 AgentProcess agent = startAgent(lab, collector.port(), "--report-format", "v2")) {
                int clientPort = tcpThroughService(lab, vip, backend, 2000);
                List<JsonNode> reports = collector.drain(QUIET);
                List<JsonNode> requests = reports.stream().filter(tcp(pod1, clientPort, lab.fact("POD2_IP"), 8080)).toList();
                List<JsonNode> replies = reports.stream().filter(tcp("10.96.0.10", 80, pod1, clientPort)).toList();
                assertTrue(requests.size() >= 3, "client→service reports: " + reports);
                assertTrue(replies.size() >= 3, "service→client reports: " + reports);
                for (JsonNode r : requests) {
                    JsonNode ingress = r.get("ingress_tuple");
                    assertEquals(pod1, ingress.get("src").asText(), r::toString);
                    assertEquals("10.96.0.10", ingress.get("dst").asText(), r::toString);
                    assertEquals(80, ingress.get("dst_port").asInt(), r::toString);
                    assertEquals(clientPort, ingress.get("src_port").asInt(), r::toString);
                }
                assertEquals(1, requests.stream().map(r -> r.get("flow_id").asLong()).distinct().count(),
                        "one flow id for every packet of the client→service flow: " + requests);
                assertEquals(1, replies.stream().map(r -> r.get("flow_id").asLong()).distinct().count(),
                        "one flow id for the replies: " + replies);
                assertNotEquals(requests.getFirst().get("flow_id").asLong(), replies.getFirst().get("flow_id").asLong(),
                        "the two directions are two flows");
                stop(agent);
            }
        }
    }

    @Test
    void ipv6AndIcmpAreReported() throws Exception {
        try (NodeLab lab = NodeLab.create()) {
            int cali1 = lab.ifindex("CALI1_IFINDEX");
            int cali2 = lab.ifindex("CALI2_IFINDEX");
            int eth1 = lab.ifindex("DATA_IFINDEX");
            InetSocketAddress pod2 = new InetSocketAddress(lab.fact("POD2_IP6"), 7031);
            InetSocketAddress remote = new InetSocketAddress(lab.fact("REMOTE_IP6"), 7032);
            try (CollectorProcess collector = CollectorProcess.start(lab.nodeNs());
                 AgentProcess agent = startAgent(lab, collector.port());
                 var toPod2 = Traffic.UdpReceiver.bind(lab.pod2Ns(), pod2);
                 var toRemote = Traffic.UdpReceiver.bind(lab.remoteNs(), remote)) {
                Traffic.sendUdp(lab.pod1Ns(), pod2, 5);
                Traffic.sendUdp(lab.pod1Ns(), remote, 5);
                assertEquals(5, toPod2.count(5, Duration.ofSeconds(3)));
                assertEquals(5, toRemote.count(5, Duration.ofSeconds(3)));
                ping(lab.pod1Ns(), lab.fact("POD2_IP"));
                ping(lab.pod1Ns(), lab.fact("POD2_IP6"));
                List<JsonNode> reports = collector.drain(QUIET);
                assertAll(
                        () -> assertFlows(reports, udpTo(7031), 5, cali1, cali2, "fd00:244:1::11", "fd00:244:1::12"),
                        () -> assertFlows(reports, udpTo(7032), 5, cali1, eth1, "fd00:244:1::11", "fd00:99::2"),
                        () -> assertFlows(reports, icmp(1, 8), 2, cali1, cali2, "10.244.1.11", "10.244.1.12"),
                        () -> assertFlows(reports, icmp(1, 0), 2, cali2, cali1, "10.244.1.12", "10.244.1.11"),
                        () -> assertFlows(reports, icmp(58, 128), 2, cali1, cali2, "fd00:244:1::11", "fd00:244:1::12"),
                        () -> assertFlows(reports, icmp(58, 129), 2, cali2, cali1, "fd00:244:1::12", "fd00:244:1::11"),
                        () -> assertFalse(reports.stream().anyMatch(DropNatEndToEndIT::isDrop), "no drops: " + reports));
                stop(agent);
            }
        }
    }

    /**
     * A full queue behind our egress hook: a token bucket with a tiny limit on cali2 drops most
     * of a burst after our egress program ran. Each dropped packet is reported once, as a drop
     * with the queue reason (QDISC_DROP → 71) and cali2 as egress port; each packet was also
     * reported by the egress hook it passed, as every packet is with --report-every-packet.
     */
    @Test
    void queueDropsBehindTheEgressHookAreReportedOnceWithTheirPort() throws Exception {
        final int sent = 200;
        try (NodeLab lab = NodeLab.create()) {
            int cali1 = lab.ifindex("CALI1_IFINDEX");
            int cali2 = lab.ifindex("CALI2_IFINDEX");
            InetSocketAddress pod2 = new InetSocketAddress(lab.fact("POD2_IP"), 7030);
            try (CollectorProcess collector = CollectorProcess.start(lab.nodeNs());
                 AgentProcess agent = startAgent(lab, collector.port());
                 var atPod2 = Traffic.UdpReceiver.bind(lab.pod2Ns(), pod2)) {
                ping(lab.pod1Ns(), lab.fact("POD2_IP")); // neighbours resolved before the queue is small
                lab.nodeTc("qdisc", "replace", "dev", "cali2", "root", "tbf", "rate", "1mbit", "burst", "3000",
                        "limit", "3000");
                // One socket (one source port) per datagram, so each report names its packet.
                List<DatagramChannel> channels = NodeLab.in(lab.pod1Ns(), () -> {
                    List<DatagramChannel> opened = new ArrayList<>();
                    for (int i = 0; i < sent; i++) {
                        opened.add(DatagramChannel.open());
                    }
                    return opened;
                });
                try {
                    for (DatagramChannel channel : channels) {
                        channel.send(ByteBuffer.allocate(1000), pod2);
                    }
                } finally {
                    for (DatagramChannel channel : channels) {
                        channel.close();
                    }
                }
                int delivered = atPod2.count(sent, Duration.ofSeconds(3));
                long kernelDrops = qdiscDrops(lab.nodeTc("-s", "qdisc", "show", "dev", "cali2"));
                List<JsonNode> reports = collector.drain(QUIET);
                List<JsonNode> drops = reports.stream().filter(DropNatEndToEndIT::isDrop).filter(udpTo(7030)).toList();
                assertTrue(kernelDrops > 0 && delivered > 0, "delivered " + delivered + ", queue drops " + kernelDrops);
                assertEquals(sent, delivered + kernelDrops, "every datagram delivered or dropped by the queue");
                assertEquals(kernelDrops, drops.size(), "one drop report per packet the queue dropped");
                assertEquals(drops.size(), drops.stream().map(r -> r.get("inner").get("src_port").asInt()).distinct().count(),
                        "no packet reported as dropped twice");
                for (JsonNode r : drops) {
                    assertEquals(71, r.get("drop_reason").asInt(), r::toString);
                    assertEquals(cali1, r.get("ingress_port").asInt(), r::toString);
                    assertEquals(cali2, r.get("egress_port").asInt(), r::toString);
                }
                assertEquals(sent, reports.stream().filter(udpTo(7030)).filter(r -> !isDrop(r)).count(),
                        "flow reports: every packet passed the egress hook");
                assertEquals(drops.size(), reports.stream().filter(DropNatEndToEndIT::isDrop).count(), "no other drops");
                stop(agent);
            }
        }
    }

    /**
     * Drops after VXLAN decapsulation (the inner packet, forwarded from vxlan.calico, dropped by
     * the forward filter) and after encapsulation (the outer packet dropped in the node's output
     * filter) are reported with the kernel's reason and the interface the packet arrived on,
     * though both change the packet's arrival interface in the kernel.
     */
    @Test
    void dropsAfterVxlanDecapsulationAndEncapsulationAreReported() throws Exception {
        try (NodeLab lab = NodeLab.create()) {
            int cali1 = lab.ifindex("CALI1_IFINDEX");
            int eth1 = lab.ifindex("DATA_IFINDEX");
            // Outer packets longer than 400 bytes only: ARP over the overlay still passes.
            nft(lab.nodeNs(), "table ip ihrtest {\n chain fwd_filter { type filter hook forward priority 0; "
                    + "udp dport 7041 drop; }\n chain out_filter { type filter hook output priority 0; "
                    + "udp dport 4789 ip length > 400 drop; }\n}");
            try (CollectorProcess collector = CollectorProcess.start(lab.nodeNs());
                 AgentProcess agent = startAgent(lab, collector.port())) {
                // Warm-up (ARP over the overlay) with short datagrams, which both filters let pass.
                Traffic.sendUdp(lab.pod1Ns(), new InetSocketAddress(lab.fact("REMOTE_VXLAN_IP"), 7399), 3);
                Traffic.sendUdp(lab.remoteNs(), new InetSocketAddress(lab.fact("POD2_IP"), 7399), 3);
                Thread.sleep(300);
                Traffic.sendUdp(lab.remoteNs(), new InetSocketAddress(lab.fact("POD2_IP"), 7041), 5);
                try (DatagramChannel channel = NodeLab.in(lab.pod1Ns(), DatagramChannel::open)) {
                    for (int i = 0; i < 4; i++) {
                        channel.send(ByteBuffer.allocate(500), new InetSocketAddress(lab.fact("REMOTE_VXLAN_IP"), 7042));
                        Thread.sleep(2);
                    }
                }
                List<JsonNode> reports = collector.drain(QUIET);
                assertAll(
                        () -> assertDrops(reports, udpTo(7041), 5, 80, eth1),
                        () -> assertDrops(reports, udpTo(7042), 4, 80, cali1),
                        () -> assertEquals(9, reports.stream().filter(DropNatEndToEndIT::isDrop).count(),
                                "no other drop reports: " + reports));
                stop(agent);
            }
        }
    }

    /** The "dropped" count of the first qdisc in {@code tc -s qdisc show} output. */
    private static long qdiscDrops(String tcOutput) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("dropped (\\d+)").matcher(tcOutput);
        assertTrue(m.find(), tcOutput);
        return Long.parseLong(m.group(1));
    }

    private static AgentProcess startAgent(NodeLab lab, int collectorPort, String... extra) throws Exception {
        return AgentProcess.start(lab, AgentFlags.forLab(lab, "127.0.0.1:" + collectorPort).reportEveryPacket().withRaw(extra));
    }

    private static void stop(AgentProcess agent) throws Exception {
        assertEquals(AgentProcess.EXIT_AFTER_SIGTERM, agent.stop(), "exit status after SIGTERM");
    }

    private static void nft(String ns, String rules) throws Exception {
        Nftables.load(ns, rules);
    }

    private static void ping(String ns, String address) {
        TestNamespace.run(List.of("ip", "netns", "exec", ns, "ping", "-c", "2", "-i", "0.2", "-W", "2", address));
    }

    /**
     * Sends {@code count} datagrams; every 100th comes from one of 100 sockets bound to source
     * ports the node's nftables rule drops, the rest from one socket with an ephemeral port.
     */
    private static void sendWithForcedDrops(String ns, InetSocketAddress to, int count) throws Exception {
        NodeLab.in(ns, () -> {
            List<DatagramChannel> forced = new ArrayList<>();
            try (DatagramChannel normal = DatagramChannel.open(StandardProtocolFamily.INET)) {
                for (int i = 0; i < 100; i++) {
                    forced.add(DatagramChannel.open(StandardProtocolFamily.INET)
                            .bind(new InetSocketAddress(FORCED_SPORT_BASE + i)));
                }
                ByteBuffer payload = ByteBuffer.allocate(32);
                for (int i = 0; i < count; i++) {
                    payload.clear().putInt(0, i);
                    (i % 100 == 50 ? forced.get(i / 100) : normal).send(payload, to);
                    if (i % 5 == 4) {
                        Thread.sleep(1); // about 4 000 packets/s: no socket buffer on the way overflows
                    }
                }
            } finally {
                for (DatagramChannel c : forced) {
                    c.close();
                }
            }
            return null;
        });
    }

    /** One TCP connection to the Service address, answered by the backend pod; returns the client's port. */
    /** An nftables DNAT in the node, as kube-proxy programs one for a ClusterIP Service. */
    private static void playKubeProxy(NodeLab lab, InetSocketAddress vip, InetSocketAddress backend) throws Exception {
        nft(lab.nodeNs(), "table ip ihrnat { chain pre { type nat hook prerouting priority -100; ip daddr "
                + vip.getAddress().getHostAddress() + " tcp dport " + vip.getPort() + " dnat to "
                + backend.getAddress().getHostAddress() + ":" + backend.getPort() + "; }\n}");
    }

    private static int tcpThroughService(NodeLab lab, InetSocketAddress vip, InetSocketAddress backend, int bytes) throws Exception {
        try (ServerSocketChannel listener = NodeLab.in(lab.pod2Ns(), () -> ServerSocketChannel.open().bind(backend))) {
            Thread echo = Thread.ofPlatform().start(() -> {
                try (SocketChannel peer = listener.accept()) {
                    ByteBuffer buffer = ByteBuffer.allocate(bytes);
                    while (buffer.hasRemaining() && peer.read(buffer) >= 0) {
                        // fill
                    }
                    peer.write(buffer.flip());
                } catch (Exception ignored) {
                    // the client side fails the test
                }
            });
            int clientPort;
            try (SocketChannel client = NodeLab.in(lab.pod1Ns(), SocketChannel::open)) {
                client.connect(vip);
                clientPort = ((InetSocketAddress) client.getLocalAddress()).getPort();
                ByteBuffer out = ByteBuffer.allocate(bytes);
                while (out.hasRemaining()) {
                    client.write(out);
                }
                ByteBuffer in = ByteBuffer.allocate(bytes);
                while (in.hasRemaining() && client.read(in) >= 0) {
                    // fill
                }
                assertEquals(bytes, in.position(), "echoed through the Service");
            }
            echo.join(5000);
            return clientPort;
        }
    }

    private static boolean isDrop(JsonNode r) {
        return r.get("type").asText().equals("drop");
    }

    private static Predicate<JsonNode> udpTo(int port) {
        return r -> r.get("inner").get("protocol").asInt() == 17 && r.get("inner").get("dst_port").asInt() == port;
    }

    private static Predicate<JsonNode> icmp(int protocol, int type) {
        return r -> r.get("inner").get("protocol").asInt() == protocol && r.get("inner").get("icmp_type").asInt() == type;
    }

    private static Predicate<JsonNode> tcp(String src, int srcPort, String dst, int dstPort) {
        return r -> {
            JsonNode in = r.get("inner");
            return in.get("protocol").asInt() == 6 && src.equals(in.get("src").asText()) && dst.equals(in.get("dst").asText())
                    && in.get("src_port").asInt() == srcPort && in.get("dst_port").asInt() == dstPort;
        };
    }

    private static void assertDrops(List<JsonNode> reports, Predicate<JsonNode> which, int expected, int reason, int ingress) {
        List<JsonNode> matching = reports.stream().filter(which).toList();
        assertEquals(expected, matching.size(), "reports of the flow: " + matching);
        for (JsonNode r : matching) {
            assertEquals("drop", r.get("type").asText(), r::toString);
            assertEquals(1, r.get("n_proto").asInt());
            assertTrue(r.get("dropped").asBoolean());
            assertEquals(reason, r.get("drop_reason").asInt(), r::toString);
            assertEquals(ingress, r.get("ingress_port").asInt(), r::toString);
            assertEquals(0, r.get("egress_port").asInt(), r::toString);
        }
    }

    private static void assertFlows(List<JsonNode> reports, Predicate<JsonNode> which, int expected,
                                    int ingress, int egress, String src, String dst) {
        List<JsonNode> matching = reports.stream().filter(which).toList();
        assertEquals(expected, matching.size(), "reports of the flow: " + reports);
        for (JsonNode r : matching) {
            assertEquals("flow", r.get("type").asText(), r::toString);
            assertEquals(ingress, r.get("ingress_port").asInt(), r::toString);
            assertEquals(egress, r.get("egress_port").asInt(), r::toString);
            assertEquals(src, r.get("inner").get("src").asText());
            assertEquals(dst, r.get("inner").get("dst").asText());
        }
    }
}
