// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.contrib;

import static net.inthostreporter.contrib.Tshark.all;
import static net.inthostreporter.contrib.Tshark.text;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import net.inthostreporter.report.GoldenReports;
import net.inthostreporter.report.GoldenV2Reports;
import net.inthostreporter.report.Hex;

/**
 * contrib/wireshark/int_report.lua run by tshark on the project's hand-written golden reports
 * (GoldenReports, GoldenV2Reports): every field as the format text defines it, v2.0 never
 * read as v0.5, the port preference, and expert info on malformed lengths.
 */
class WiresharkDissectorTest {
    private static final int PORT = 32766;
    private static final String SWITCH_ID = Integer.toUnsignedString(GoldenReports.SWITCH_ID);

    @TempDir
    Path dir;

    private JsonNode decode(String hex) throws Exception {
        Path pcap = dir.resolve("golden.pcap");
        PcapWriter.write(pcap, PORT, List.of(Hex.bytes(hex)));
        List<List<JsonNode>> frames = Tshark.in(dir).reportLayers(pcap);
        assertEquals(1, frames.size());
        assertEquals(1, frames.get(0).size(), "one datagram decoded as int_report");
        return frames.get(0).get(0);
    }

    @Test
    void v05FlowReport() throws Exception {
        JsonNode layer = decode(GoldenReports.FLOW_REPORT);
        JsonNode fixed = layer.get("int_report.fixed_header");
        JsonNode local = layer.get("int_report.switch_local");
        assertAll(
                () -> assertEquals("0", text(fixed, "int_report.version")),
                () -> assertEquals("2", text(fixed, "int_report.nproto")),
                () -> assertEquals("1", text(fixed.get("int_report.flags_tree"), "int_report.tracked_flow")),
                () -> assertEquals("0", text(fixed.get("int_report.flags_tree"), "int_report.dropped")),
                () -> assertEquals("5", text(fixed, "int_report.hw_id")),
                () -> assertEquals("12", text(fixed, "int_report.seq")),
                () -> assertEquals(Long.toString(GoldenReports.FLOW_INGRESS_TS & 0xFFFF_FFFFL), text(fixed, "int_report.ingress_ts")),
                () -> assertEquals(SWITCH_ID, text(local, "int_report.switch_id")),
                () -> assertEquals(Integer.toString(GoldenReports.FLOW_INGRESS_IFINDEX & 0xFFFF), text(local, "int_report.ingress_port")),
                () -> assertEquals("7", text(local, "int_report.egress_port")),
                () -> assertEquals(Long.toString(GoldenReports.FLOW_EGRESS_TS & 0xFFFF_FFFFL), text(local, "int_report.egress_ts")),
                () -> assertEquals("23456", text(local, "int_report.hop_latency")),
                () -> assertInnerUdp(layer, "10.244.1.11", "10.244.1.12"),
                () -> assertTrue(layer.path("int_report.group").isMissingNode(), "v0.5 read as v2.0"));
    }

    @Test
    void v05DropReport() throws Exception {
        JsonNode layer = decode(GoldenReports.DROP_REPORT);
        JsonNode fixed = layer.get("int_report.fixed_header");
        JsonNode drop = layer.get("int_report.drop");
        assertAll(
                () -> assertEquals("1", text(fixed, "int_report.nproto")),
                () -> assertEquals("1", text(fixed.get("int_report.flags_tree"), "int_report.dropped")),
                () -> assertEquals("63", text(fixed, "int_report.hw_id")),
                () -> assertEquals("4294967295", text(fixed, "int_report.seq")),
                () -> assertEquals(SWITCH_ID, text(drop, "int_report.switch_id")),
                () -> assertEquals("65535", text(drop, "int_report.ingress_port")),
                () -> assertEquals("0", text(drop, "int_report.egress_port")),
                () -> assertEquals("80", text(drop, "int_report.drop_reason")),
                () -> assertFalse(layer.toString().contains("int_report.hop_latency"), "a drop report has no hop latency"),
                () -> assertInnerUdp(layer, "10.244.1.11", "10.244.1.12"));
    }

    @Test
    void v2FlowReportWithOurExtension() throws Exception {
        JsonNode layer = decode(GoldenV2Reports.FLOW_DATAGRAM);
        JsonNode group = layer.get("int_report.group");
        List<JsonNode> reports = all(layer, "int_report.report");
        assertEquals(1, reports.size(), layer::toString);
        JsonNode report = reports.get(0);
        JsonNode md = report.get("int_report.metadata");
        JsonNode tuple = md.get("int_report.ingress");
        assertAll(
                () -> assertTrue(layer.path("int_report.fixed_header").isMissingNode(), "v2.0 read as v0.5"),
                () -> assertEquals("2", text(group, "int_report.version")),
                () -> assertEquals("5", text(group, "int_report.hw_id")),
                () -> assertEquals("12", text(group, "int_report.seq")),
                () -> assertEquals(SWITCH_ID, text(group, "int_report.switch_id")),
                () -> assertEquals("1", text(group, "int_report.reports")),
                () -> assertEquals("12", text(report, "int_report.report_seq")),
                () -> assertEquals("1", text(report, "int_report.rep_type")),
                () -> assertEquals("3", text(report, "int_report.in_type")),
                () -> assertEquals("25", text(report, "int_report.report_length")),
                () -> assertEquals("11", text(report, "int_report.md_length")),
                () -> assertEquals("1", text(report.get("int_report.flags_tree"), "int_report.tracked_flow")),
                () -> assertEquals("0x6c00", text(report, "int_report.rep_md_bits")),
                () -> assertEquals("0x4948", text(report, "int_report.ds_id")),
                () -> assertEquals("0xc000", text(report, "int_report.ds_md_bits")),
                () -> assertEquals(Integer.toString(GoldenReports.FLOW_INGRESS_IFINDEX & 0xFFFF), text(md, "int_report.ingress_port")),
                () -> assertEquals("7", text(md, "int_report.egress_port")),
                () -> assertEquals("23456", text(md, "int_report.hop_latency")),
                () -> assertEquals(Long.toUnsignedString(GoldenReports.FLOW_INGRESS_TS), text(md, "int_report.ingress_ts")),
                () -> assertEquals(Long.toUnsignedString(GoldenReports.FLOW_EGRESS_TS), text(md, "int_report.egress_ts")),
                () -> assertEquals("0x" + Integer.toHexString(GoldenV2Reports.FLOW_FLOW_ID), text(md, "int_report.flow_id")),
                () -> assertEquals("10.244.1.11", text(tuple, "int_report.ingress.src")),
                () -> assertEquals("10.96.0.10", text(tuple, "int_report.ingress.dst")),
                () -> assertEquals("40000", text(tuple, "int_report.ingress.src_port")),
                () -> assertEquals("5201", text(tuple, "int_report.ingress.dst_port")),
                () -> assertEquals("17", text(tuple, "int_report.ingress.protocol")),
                () -> assertInnerUdp(report, "10.244.1.11", "10.244.1.12"));
    }

    @Test
    void v2DropReportWithIpv6IngressTuple() throws Exception {
        JsonNode layer = decode(GoldenV2Reports.DROP_DATAGRAM);
        JsonNode group = layer.get("int_report.group");
        JsonNode report = all(layer, "int_report.report").get(0);
        JsonNode md = report.get("int_report.metadata");
        JsonNode tuple = md.get("int_report.ingress");
        assertAll(
                () -> assertEquals("63", text(group, "int_report.hw_id")),
                () -> assertEquals("4194303", text(group, "int_report.seq")),
                () -> assertEquals("4194303", text(report, "int_report.report_seq")),
                () -> assertEquals("1", text(report.get("int_report.flags_tree"), "int_report.dropped")),
                () -> assertEquals("65535", text(md, "int_report.ingress_port")),
                () -> assertEquals("0", text(md, "int_report.egress_port")),
                () -> assertEquals("3735928559", text(md, "int_report.ingress_ts")),
                () -> assertEquals(Long.toString(0xDEAD_BEEFL + 1000), text(md, "int_report.egress_ts")),
                () -> assertEquals("80", text(md, "int_report.drop_reason")),
                () -> assertFalse(md.has("int_report.flow_id"), "no flow id selected"),
                () -> assertFalse(md.has("int_report.hop_latency"), "no hop latency selected"),
                () -> assertEquals("fd00::1", text(tuple, "int_report.ingress.src6")),
                () -> assertEquals("fd00::2", text(tuple, "int_report.ingress.dst6")),
                () -> assertEquals("1234", text(tuple, "int_report.ingress.src_port")),
                () -> assertEquals("80", text(tuple, "int_report.ingress.dst_port")),
                () -> assertEquals("6", text(tuple, "int_report.ingress.protocol")),
                () -> assertInnerUdp(report, "10.244.1.11", "10.244.1.12"));
    }

    @Test
    void v2DatagramWithThreeReports() throws Exception {
        JsonNode layer = decode(GoldenV2Reports.THREE_REPORT_DATAGRAM);
        List<JsonNode> reports = all(layer, "int_report.report");
        assertEquals(3, reports.size(), layer::toString);
        assertEquals("3", text(layer.get("int_report.group"), "int_report.reports"));
        List<String> ingress = List.of("9029", "65535", "1");
        List<String> egress = List.of("7", "0", "2");
        for (int i = 0; i < 3; i++) {
            JsonNode report = reports.get(i);
            JsonNode md = report.get("int_report.metadata");
            assertEquals(Integer.toString(100 + i), text(report, "int_report.report_seq"));
            assertEquals(ingress.get(i), text(md, "int_report.ingress_port"));
            assertEquals(egress.get(i), text(md, "int_report.egress_port"));
            assertEquals("0x0000", text(report, "int_report.ds_id"));
        }
        assertEquals("23456", text(reports.get(0).get("int_report.metadata"), "int_report.hop_latency"));
        assertEquals("80", text(reports.get(1).get("int_report.metadata"), "int_report.drop_reason"));
        assertEquals("100", text(reports.get(2).get("int_report.metadata"), "int_report.hop_latency"));
        assertEquals("101", text(reports.get(2).get("int_report.metadata"), "int_report.egress_ts"));
        assertInnerUdp(reports.get(0), "10.244.1.11", "10.244.1.12");
        assertInnerUdp(reports.get(1), "10.244.1.11", "10.244.1.12");
        assertFalse(reports.get(2).has("eth"), "InType 0 has no inner frame");
    }

    @Test
    void goldenReportsRaiseNoExpertInfoAndSummariseInTheColumns() throws Exception {
        Path pcap = dir.resolve("goldens.pcap");
        PcapWriter.write(pcap, PORT, List.of(Hex.bytes(GoldenReports.FLOW_REPORT), Hex.bytes(GoldenReports.DROP_REPORT),
                Hex.bytes(GoldenV2Reports.FLOW_DATAGRAM), Hex.bytes(GoldenV2Reports.DROP_DATAGRAM),
                Hex.bytes(GoldenV2Reports.THREE_REPORT_DATAGRAM)));
        // Column fields are _ws.col.Protocol/_ws.col.Info in tshark 4.0 (Debian 12); 4.2 renamed them to lower case.
        List<List<List<String>>> rows = Tshark.in(dir).fields(pcap, List.of(), "frame.protocols", "_ws.expert.message",
                "_ws.col.Protocol", "_ws.col.Info");
        List<String> info = List.of(
                "v0.5 flow sw=10.0.0.1 seq=12 in=9029 out=7 lat=23456ns",
                "v0.5 drop sw=10.0.0.1 seq=4294967295 in=65535 out=0 reason=80",
                "v2.0 sw=10.0.0.1 flow seq=12 in=9029 out=7 lat=23456ns flow=0xcafebabe",
                "v2.0 sw=10.0.0.1 drop seq=4194303 in=65535 out=0 reason=80",
                "v2.0 sw=10.0.0.1 3 reports seq=100..102");
        assertEquals(5, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            List<List<String>> row = rows.get(i);
            assertTrue(row.get(0).get(0).contains("udp:int_report:eth"), row.toString());
            assertEquals(List.of(), row.get(1), "expert info on a golden report: " + row);
            assertEquals(List.of("INT"), row.get(2), "protocol column");
            assertEquals(List.of(info.get(i)), row.get(3), "info column");
        }
    }

    /** The golden inner frames come from UDP port 40000: after the move they must not be read as reports too. */
    @Test
    void portPreferenceMovesTheDissector() throws Exception {
        Path onOtherPort = dir.resolve("other.pcap");
        PcapWriter.write(onOtherPort, 40000, List.of(Hex.bytes(GoldenV2Reports.FLOW_DATAGRAM)));
        Path onDefault = dir.resolve("default.pcap");
        PcapWriter.write(onDefault, PORT, List.of(Hex.bytes(GoldenV2Reports.FLOW_DATAGRAM)));
        Tshark tshark = Tshark.in(dir);
        assertEquals(List.of(), tshark.reportLayers(onOtherPort).get(0), "port 40000 decoded without the preference");
        String moved = "int_report.udp_port:40000";
        List<JsonNode> moved40000 = tshark.reportLayers(onOtherPort, "-o", moved).get(0);
        assertEquals(1, moved40000.size(), "one int_report layer (the inner frame from port 40000 is not a report): " + moved40000);
        assertEquals("12", text(moved40000.get(0).get("int_report.group"), "int_report.seq"));
        assertEquals(List.of(), tshark.reportLayers(onDefault, "-o", moved).get(0), "32766 still decoded after the move");
    }

    /**
     * A sender's capture of a UDP GSO send shows one UDP payload holding several datagrams: the
     * dissector splits it where the next header continues the stream (next sequence number).
     * Here two v0.5 reports (seq 12, 13) and two v2.0 datagrams (seq 12, then 13), glued.
     */
    @Test
    void gsoPacketsAreSplitIntoTheirDatagrams() throws Exception {
        String v05Next = GoldenReports.FLOW_REPORT.replaceFirst("0000000c", "0000000d"); // seq 13
        String v2Next = GoldenV2Reports.FLOW_DATAGRAM.replaceFirst("^2140000c", "2140000d"); // seq 13
        assertTrue(v05Next.startsWith("022000050000000d") && v2Next.startsWith("2140000d"), "hand-made seq 13 variants");
        Path pcap = dir.resolve("gso.pcap");
        PcapWriter.write(pcap, PORT, List.of(Hex.bytes(GoldenReports.FLOW_REPORT + v05Next),
                Hex.bytes(GoldenV2Reports.FLOW_DATAGRAM + v2Next)));
        List<List<JsonNode>> frames = Tshark.in(dir).reportLayers(pcap);
        List<JsonNode> v05 = frames.get(0);
        assertEquals(2, v05.size(), "v0.5 datagrams in the GSO packet");
        for (int i = 0; i < 2; i++) {
            assertEquals(Integer.toString(12 + i), text(v05.get(i).get("int_report.fixed_header"), "int_report.seq"));
            assertEquals("23456", text(v05.get(i).get("int_report.switch_local"), "int_report.hop_latency"));
            assertInnerUdp(v05.get(i), "10.244.1.11", "10.244.1.12");
        }
        List<JsonNode> v2 = frames.get(1);
        assertEquals(2, v2.size(), "v2.0 datagrams in the GSO packet");
        for (int i = 0; i < 2; i++) {
            assertEquals(Integer.toString(12 + i), text(v2.get(i).get("int_report.report"), "int_report.report_seq"));
            assertEquals("0xcafebabe", text(v2.get(i).get("int_report.report").get("int_report.metadata"), "int_report.flow_id"));
        }
        assertTrue(v2.get(0).toString().contains("UDP GSO packet seen before segmentation: 2 datagrams"), v2.get(0)::toString);
        assertEquals(1, Tshark.in(dir).reportLayers(pcap, "-o", "int_report.split_gso:FALSE").get(1).size(),
                "not split with the preference off");
    }

    /** Each line: the datagram (hex), the expert field it must raise, a fragment of the message. */
    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = ';', value = {
        "0001; int_report.malformed; v0.5 fixed header needs 12 bytes, the datagram has 2",
        "02200005 0000000c 55667788 0a000001 23450007; int_report.malformed; Switch Local Report header needs 16 bytes, only 8 follow",
        "2140000c 0a000001 13190b20 6c004948 c0000000; int_report.malformed;"
            + " Report 1: Report Length 25 words (104 bytes) exceeds the 12 bytes left in the datagram",
        "2000000c 0a000001 10040520 6c000000 00000000 00000000 00000000; int_report.malformed;"
            + " MD Length 5 words exceeds the 2 words Report Length leaves after the main contents",
        "2000000c 0a000001 10090720 6c000000 00000000 00010002 00000064 00000000 00000001 00000000 00000065 00000000;"
            + " int_report.md_length_mismatch; MD Length is 28 bytes, the bitmaps select 24",
        "2000000c 0a000001 10070520 6c000000 00000000 00010002 00000064 00000000 00000001 00000000;"
            + " int_report.md_length_mismatch; Egress timestamp (8 bytes) selected by RepMdBits does not fit in MD Length",
        "2000000c 0a000001 10080620 6c004948 c0000000 00010002 00000064 00000000 00000001 00000000 00000065;"
            + " int_report.md_length_mismatch; Flow ID (4 bytes) selected by DSMdBits does not fit in MD Length",
        "2000000c 0a000001; int_report.malformed; group header without any individual report",
        "2000000c 0a000001 10080620 6c000000 00000000 00010002 00000064 00000000 00000001 00000000 00000065 0000;"
            + " int_report.malformed; 2 bytes after the last report, fewer than an individual report header",
        "30000000 0a000001; int_report.unknown_version; Version 3 is not decoded",
    })
    void malformedLengthsRaiseExpertInfo(String hex, String expert, String message) throws Exception {
        Path pcap = dir.resolve("bad.pcap");
        PcapWriter.write(pcap, PORT, List.of(Hex.bytes(hex)));
        List<List<List<String>>> rows = Tshark.in(dir).fields(pcap, List.of("-Y", expert), "_ws.expert.message");
        assertEquals(1, rows.size(), "display filter " + expert + " must match");
        assertTrue(rows.get(0).get(0).stream().anyMatch(m -> m.contains(message.strip())), rows.get(0).toString());
    }

    private static void assertInnerUdp(JsonNode parent, String src, String dst) {
        JsonNode ip = parent.get("ip");
        JsonNode udp = parent.get("udp");
        assertEquals(src, text(ip, "ip.src"), parent::toString);
        assertEquals(dst, text(ip, "ip.dst"));
        assertEquals("17", text(ip, "ip.proto"));
        assertEquals("40000", text(udp, "udp.srcport"));
        assertEquals("5201", text(udp, "udp.dstport"));
    }
}
