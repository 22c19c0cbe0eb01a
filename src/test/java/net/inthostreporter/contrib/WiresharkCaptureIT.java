// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.contrib;

import static net.inthostreporter.contrib.Tshark.all;
import static net.inthostreporter.contrib.Tshark.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import net.inthostreporter.testkit.AgentFlags;
import net.inthostreporter.testkit.AgentProcess;
import net.inthostreporter.testkit.CollectorProcess;
import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.testkit.Traffic;

/**
 * The real agent on the namespaced node, its report datagrams captured with dumpcap on the
 * node's loopback (where they travel to the collector), decoded by tshark with
 * contrib/wireshark/int_report.lua, for v0.5 and v2: UDP pod→pod over IPv4 and IPv6, pod→remote
 * node, and a routing miss the node drops. Expected values come from the lab's facts
 * (switch id, ifindexes) and from the traffic the test sends (fixed source ports), and the v2
 * flow id from the README's definition (CRC-32C of the ingress tuple), never from the
 * project's own decoder.
 */
class WiresharkCaptureIT {
    private static final int PACKETS = 20;
    private static final int POD_SRC_PORT = 41001;
    private static final int POD_DST_PORT = 7001;
    private static final int REMOTE_SRC_PORT = 41003;
    private static final int REMOTE_DST_PORT = 7003;
    private static final int POD6_SRC_PORT = 41006;
    private static final int POD6_DST_PORT = 7006;
    private static final int NO_ROUTE_SRC_PORT = 41009;
    /** Nothing routes this address in the lab: the node drops what pod1 sends there (INT code 29, routing miss). */
    private static final InetSocketAddress NO_ROUTE = new InetSocketAddress("10.77.0.1", 7009);
    private static final int ROUTING_MISS = 29;

    /**
     * Our expert infos that a well-formed report never raises (int_report.gso, a note, is expected:
     * the agent sends equal-size datagrams with UDP GSO, and the capture sees them unsegmented).
     */
    private static final List<String> OUR_PROBLEMS = List.of("int_report.malformed", "int_report.md_length_mismatch",
            "int_report.unknown_version", "int_report.undecoded", "int_report.inner_error");

    @TempDir
    Path dir;

    /** One report as tshark decoded it: where its fields and its inner frame sit in the JSON tree. */
    private record Decoded(JsonNode header, JsonNode metadata, JsonNode inner, long seq) {
    }

    /** A flow the test sent: its UDP tuple, the ports the node must report, and the drop reason (null: forwarded). */
    private record Sent(String src, int srcPort, String dst, int dstPort, int ingress, int egress, Integer dropReason) {
        boolean ipv6() {
            return src.contains(":");
        }
    }

    @ParameterizedTest(name = "--report-format {0}")
    @ValueSource(strings = {"v0.5", "v2"})
    void tsharkDecodesEveryCapturedReport(String format) throws Exception {
        Tshark tshark = Tshark.in(dir);
        boolean v2 = format.equals("v2");
        try (NodeLab lab = NodeLab.create();
             CollectorProcess collector = CollectorProcess.start(lab.nodeNs())) {
            long switchId = ipv4(lab.fact("NODE_IP"));
            int cali1 = lab.ifindex("CALI1_IFINDEX");
            int cali2 = lab.ifindex("CALI2_IFINDEX");
            int eth1 = lab.ifindex("DATA_IFINDEX");
            InetSocketAddress pod2 = new InetSocketAddress(lab.fact("POD2_IP"), POD_DST_PORT);
            InetSocketAddress remote = new InetSocketAddress(lab.fact("REMOTE_IP"), REMOTE_DST_PORT);
            InetSocketAddress pod2v6 = new InetSocketAddress(lab.fact("POD2_IP6"), POD6_DST_PORT);
            List<Sent> sent = List.of(
                    new Sent(lab.fact("POD1_IP"), POD_SRC_PORT, lab.fact("POD2_IP"), POD_DST_PORT, cali1, cali2, null),
                    new Sent(lab.fact("POD1_IP"), REMOTE_SRC_PORT, lab.fact("REMOTE_IP"), REMOTE_DST_PORT, cali1, eth1, null),
                    new Sent(lab.fact("POD1_IP6"), POD6_SRC_PORT, lab.fact("POD2_IP6"), POD6_DST_PORT, cali1, cali2, null),
                    new Sent(lab.fact("POD1_IP"), NO_ROUTE_SRC_PORT, NO_ROUTE.getHostString(), NO_ROUTE.getPort(), cali1, 0,
                            ROUTING_MISS));
            Path file;
            try (Capture capture = Capture.start(lab.nodeNs(), "lo", collector.port(), dir.resolve(format + ".pcapng"));
                 AgentProcess agent = AgentProcess.start(lab, AgentFlags.forLab(lab, collector.address())
                         .reportFormat(format).with("--report-max-delay", "500ms").reportEveryPacket())) {
                try (var toPod2 = Traffic.UdpReceiver.bind(lab.pod2Ns(), pod2);
                     var toRemote = Traffic.UdpReceiver.bind(lab.remoteNs(), remote);
                     var toPod2v6 = Traffic.UdpReceiver.bind(lab.pod2Ns(), pod2v6)) {
                    for (Sent flow : sent) {
                        send(lab.pod1Ns(), new InetSocketAddress(flow.src(), flow.srcPort()),
                                new InetSocketAddress(flow.dst(), flow.dstPort()));
                    }
                    assertEquals(PACKETS, toPod2.count(PACKETS, Duration.ofSeconds(3)), "pod→pod UDP must be delivered");
                    assertEquals(PACKETS, toRemote.count(PACKETS, Duration.ofSeconds(3)), "pod→remote UDP must be delivered");
                    assertEquals(PACKETS, toPod2v6.count(PACKETS, Duration.ofSeconds(3)), "pod→pod UDP over IPv6 must be delivered");
                }
                // The collector printing the reports proves they went past the capture point.
                long received = collector.drain(Duration.ofMillis(1500)).stream()
                        .filter(r -> sent.stream().anyMatch(f -> f.srcPort() == r.path("inner").path("src_port").asInt())).count();
                assertEquals(sent.size() * (long) PACKETS, received, "reports of our flows at the collector");
                file = capture.stop();
                assertEquals(AgentProcess.EXIT_AFTER_SIGTERM, agent.stop(), "exit status after SIGTERM");
            }

            List<List<JsonNode>> frames = tshark.reportLayers(file, "-o", "int_report.udp_port:" + collector.port());
            assertFalse(frames.isEmpty(), "nothing captured");
            assertTrue(frames.stream().noneMatch(List::isEmpty), "a captured packet was not decoded as INT reports");
            List<Decoded> reports = new ArrayList<>();
            int largestGroup = 0;
            for (JsonNode layer : frames.stream().flatMap(List::stream).toList()) {
                for (String problem : OUR_PROBLEMS) {
                    assertFalse(layer.toString().contains(problem), problem + " on a real report: " + layer);
                }
                if (v2) {
                    JsonNode group = layer.get("int_report.group");
                    assertEquals("2", text(group, "int_report.version"));
                    assertEquals(Long.toString(switchId), text(group, "int_report.switch_id"));
                    assertTrue(layer.path("int_report.fixed_header").isMissingNode(), "v2.0 read as v0.5");
                    List<JsonNode> groupReports = all(layer, "int_report.report");
                    largestGroup = Math.max(largestGroup, groupReports.size());
                    for (JsonNode report : groupReports) {
                        reports.add(new Decoded(report, report.get("int_report.metadata"), report,
                                Long.parseLong(text(report, "int_report.report_seq"))));
                    }
                } else {
                    JsonNode fixed = layer.get("int_report.fixed_header");
                    assertEquals("0", text(fixed, "int_report.version"));
                    JsonNode local = layer.path("int_report.switch_local");
                    JsonNode header = local.isMissingNode() ? layer.get("int_report.drop") : local;
                    assertEquals(Long.toString(switchId), text(header, "int_report.switch_id"), layer::toString);
                    reports.add(new Decoded(fixed, header, layer, Long.parseLong(text(fixed, "int_report.seq"))));
                }
            }
            for (int i = 0; i < reports.size(); i++) {
                assertEquals(i + 1L, reports.get(i).seq(), "sequence number of report " + i + " in capture order");
            }
            for (Sent flow : sent) {
                assertReports(reports, flow, v2);
            }
            if (v2) {
                assertTrue(largestGroup > 1, "tshark must show several reports in one datagram; largest " + largestGroup);
            }
        }
    }

    /** Every packet we sent of one flow has exactly one report, each fully decoded. */
    private static void assertReports(List<Decoded> reports, Sent sent, boolean v2) throws Exception {
        List<Decoded> flow = reports.stream().filter(r -> r.inner().has("udp")
                && text(r.inner().get("udp"), "udp.srcport").equals(Integer.toString(sent.srcPort()))).toList();
        assertEquals(PACKETS, flow.size(), "reports of " + sent);
        String ip = sent.ipv6() ? "ipv6" : "ip";
        for (Decoded r : flow) {
            // These snapshots are whole packets (at most 126 bytes < snap length 128): nothing to complain about.
            assertFalse(r.inner().get(ip).toString().contains("_ws.expert"), r.inner()::toString);
            assertEquals(sent.src(), text(r.inner().get(ip), ip + ".src"));
            assertEquals(sent.dst(), text(r.inner().get(ip), ip + ".dst"));
            assertEquals("17", text(r.inner().get(ip), sent.ipv6() ? "ipv6.nxt" : "ip.proto"));
            assertEquals(Integer.toString(sent.dstPort()), text(r.inner().get("udp"), "udp.dstport"));
            assertEquals(Integer.toString(sent.ingress()), text(r.metadata(), "int_report.ingress_port"));
            assertEquals(Integer.toString(sent.egress()), text(r.metadata(), "int_report.egress_port"));
            JsonNode flags = r.header().get("int_report.flags_tree");
            if (sent.dropReason() == null) {
                assertEquals("1", text(flags, "int_report.tracked_flow"));
                assertEquals("0", text(flags, "int_report.dropped"));
                long latency = Long.parseLong(text(r.metadata(), "int_report.hop_latency"));
                assertTrue(latency > 0 && latency < 1_000_000_000L, "hop latency " + latency);
            } else {
                assertEquals("1", text(flags, "int_report.dropped"));
                assertEquals(Integer.toString(sent.dropReason()), text(r.metadata(), "int_report.drop_reason"));
                assertFalse(r.metadata().has("int_report.hop_latency"), "a drop has no hop latency: " + r.metadata());
            }
            if (v2) {
                assertEquals(flowId(sent), Long.decode(text(r.metadata(), "int_report.flow_id")), "flow id of " + r.metadata());
                JsonNode tuple = r.metadata().get("int_report.ingress");
                String suffix = sent.ipv6() ? "6" : "";
                assertEquals(sent.src(), text(tuple, "int_report.ingress.src" + suffix));
                assertEquals(sent.dst(), text(tuple, "int_report.ingress.dst" + suffix));
                assertEquals(Integer.toString(sent.srcPort()), text(tuple, "int_report.ingress.src_port"));
                assertEquals(Integer.toString(sent.dstPort()), text(tuple, "int_report.ingress.dst_port"));
                assertEquals("17", text(tuple, "int_report.ingress.protocol"));
            } else {
                assertEquals(sent.dropReason() == null ? "2" : "1", text(r.header(), "int_report.nproto"));
            }
        }
    }

    /** The README's flow id: CRC-32C of IP version, protocol (UDP here), addresses (16 bytes each), ports. */
    private static long flowId(Sent sent) throws Exception {
        ByteBuffer key = ByteBuffer.allocate(38);
        key.put((byte) (sent.ipv6() ? 6 : 4)).put((byte) 17);
        key.put(InetAddress.getByName(sent.src()).getAddress()).position(2 + 16);
        key.put(InetAddress.getByName(sent.dst()).getAddress()).position(2 + 32);
        key.putShort((short) sent.srcPort()).putShort((short) sent.dstPort());
        CRC32C crc = new CRC32C();
        crc.update(key.array());
        return crc.getValue();
    }

    private static long ipv4(String address) throws Exception {
        byte[] b = ((Inet4Address) InetAddress.getByName(address)).getAddress();
        return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    /** {@code PACKETS} 64-byte datagrams from a fixed source address and port, 2 ms apart. */
    private static void send(String ns, InetSocketAddress from, InetSocketAddress to) throws Exception {
        try (DatagramChannel channel = NodeLab.in(ns, () -> DatagramChannel.open().bind(from))) {
            for (int i = 0; i < PACKETS; i++) {
                channel.send(ByteBuffer.allocate(64).putInt(0, i), to);
                Thread.sleep(2);
            }
        }
    }
}
