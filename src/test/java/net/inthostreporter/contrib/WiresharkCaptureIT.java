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

import net.inthostreporter.e2e.ChildProcess;
import net.inthostreporter.e2e.CollectorProcess;
import net.inthostreporter.e2e.NodeLab;
import net.inthostreporter.e2e.Traffic;

/**
 * The real agent on the namespaced node, its report datagrams captured with dumpcap on the
 * node's loopback (where they travel to the collector), decoded by tshark with
 * contrib/wireshark/int_report.lua, for v0.5 and v2. Expected values come from the lab's facts
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
            Path file;
            try (Capture capture = Capture.start(lab.nodeNs(), "lo", collector.port(), dir.resolve(format + ".pcapng"));
                 ChildProcess agent = ChildProcess.launch("agent", lab.nodeNs(), "--collector", "127.0.0.1:" + collector.port(),
                         "--switch-id", lab.fact("NODE_IP"), "--cni", "calico-iptables", "--data-interface", "eth1",
                         "--report-format", format, "--report-max-delay", "500ms", "--report-every-packet")) {
                agent.awaitStderr(l -> l.contains("reporting to"), Duration.ofSeconds(30));
                try (var toPod2 = Traffic.UdpReceiver.bind(lab.pod2Ns(), pod2);
                     var toRemote = Traffic.UdpReceiver.bind(lab.remoteNs(), remote)) {
                    send(lab.pod1Ns(), new InetSocketAddress(lab.fact("POD1_IP"), POD_SRC_PORT), pod2);
                    send(lab.pod1Ns(), new InetSocketAddress(lab.fact("POD1_IP"), REMOTE_SRC_PORT), remote);
                    assertEquals(PACKETS, toPod2.count(PACKETS, Duration.ofSeconds(3)), "pod→pod UDP must be delivered");
                    assertEquals(PACKETS, toRemote.count(PACKETS, Duration.ofSeconds(3)), "pod→remote UDP must be delivered");
                }
                // The collector printing the reports proves they went past the capture point.
                long received = collector.drain(Duration.ofMillis(1500)).stream()
                        .filter(r -> r.path("inner").path("src_port").asInt() == POD_SRC_PORT
                                || r.path("inner").path("src_port").asInt() == REMOTE_SRC_PORT).count();
                assertEquals(2L * PACKETS, received, "reports of our two flows at the collector");
                file = capture.stop();
                agent.signal("TERM");
                assertEquals(143, agent.awaitExit(Duration.ofSeconds(15)), "exit status after SIGTERM");
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
            assertFlow(reports, lab.fact("POD1_IP"), POD_SRC_PORT, lab.fact("POD2_IP"), POD_DST_PORT, cali1, cali2, v2);
            assertFlow(reports, lab.fact("POD1_IP"), REMOTE_SRC_PORT, lab.fact("REMOTE_IP"), REMOTE_DST_PORT, cali1, eth1, v2);
            if (v2) {
                assertTrue(largestGroup > 1, "tshark must show several reports in one datagram; largest " + largestGroup);
            }
        }
    }

    /** Every packet we sent of one flow has exactly one report, each fully decoded. */
    private static void assertFlow(List<Decoded> reports, String src, int srcPort, String dst, int dstPort,
                                   int ingress, int egress, boolean v2) throws Exception {
        List<Decoded> flow = reports.stream().filter(r -> r.inner().has("udp")
                && text(r.inner().get("udp"), "udp.srcport").equals(Integer.toString(srcPort))).toList();
        assertEquals(PACKETS, flow.size(), "reports of " + src + ":" + srcPort + " → " + dst + ":" + dstPort);
        for (Decoded r : flow) {
            // These snapshots are whole packets (106 bytes < snap length 128): nothing to complain about.
            assertFalse(r.inner().get("ip").toString().contains("_ws.expert"), r.inner()::toString);
            JsonNode ip = r.inner().get("ip");
            assertEquals(src, text(ip, "ip.src"));
            assertEquals(dst, text(ip, "ip.dst"));
            assertEquals("17", text(ip, "ip.proto"));
            assertEquals(Integer.toString(dstPort), text(r.inner().get("udp"), "udp.dstport"));
            assertEquals(Integer.toString(ingress), text(r.metadata(), "int_report.ingress_port"));
            assertEquals(Integer.toString(egress), text(r.metadata(), "int_report.egress_port"));
            long latency = Long.parseLong(text(r.metadata(), "int_report.hop_latency"));
            assertTrue(latency > 0 && latency < 1_000_000_000L, "hop latency " + latency);
            if (v2) {
                assertEquals("1", text(r.header().get("int_report.flags_tree"), "int_report.tracked_flow"));
                assertEquals(flowId(src, dst, srcPort, dstPort), Long.decode(text(r.metadata(), "int_report.flow_id")),
                        "flow id of " + r.metadata());
                JsonNode tuple = r.metadata().get("int_report.ingress");
                assertEquals(src, text(tuple, "int_report.ingress.src"));
                assertEquals(dst, text(tuple, "int_report.ingress.dst"));
                assertEquals(Integer.toString(srcPort), text(tuple, "int_report.ingress.src_port"));
                assertEquals(Integer.toString(dstPort), text(tuple, "int_report.ingress.dst_port"));
                assertEquals("17", text(tuple, "int_report.ingress.protocol"));
            } else {
                assertEquals("2", text(r.header(), "int_report.nproto"));
            }
        }
    }

    /** The README's flow id: CRC-32C of version, protocol, addresses (16 bytes each), ports. UDP over IPv4 here. */
    private static long flowId(String src, String dst, int srcPort, int dstPort) throws Exception {
        ByteBuffer key = ByteBuffer.allocate(38);
        key.put((byte) 4).put((byte) 17);
        key.put(InetAddress.getByName(src).getAddress()).position(2 + 16);
        key.put(InetAddress.getByName(dst).getAddress()).position(2 + 32);
        key.putShort((short) srcPort).putShort((short) dstPort);
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
