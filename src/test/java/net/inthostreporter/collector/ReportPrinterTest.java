// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import net.inthostreporter.report.DecodedReport;
import net.inthostreporter.report.GoldenReports;
import net.inthostreporter.report.Hex;
import net.inthostreporter.report.ReportDecoder;

class ReportPrinterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static DecodedReport decode(String hex) throws Exception {
        return new ReportDecoder().decodeSingle(Hex.bytes(hex));
    }

    @Test
    void textFlowLine() throws Exception {
        assertEquals("flow sw=10.0.0.1 hw=5 seq=12 in=9029 out=7 lat=23456ns UDP 10.244.1.11:40000 -> 10.244.1.12:5201 len=46",
                TextReportPrinter.format(decode(GoldenReports.FLOW_REPORT)));
    }

    @Test
    void textDropLineNamesTheReason() throws Exception {
        assertEquals("drop sw=10.0.0.1 hw=63 seq=4294967295 in=65535 out=0 reason=acl_deny(80) UDP 10.244.1.11:40000 -> 10.244.1.12:5201 len=46",
                TextReportPrinter.format(decode(GoldenReports.DROP_REPORT)));
    }

    @Test
    void textIcmpV6AndTruncated() throws Exception {
        String frame = "020000000002" + "020000000001" + "86dd" + "60000000" + "0008" + "3a" + "40"
                + "fd000000000000000000000000000001" + "fd000000000000000000000000000002"
                + "8000" + "0000" + "00010002";
        String header = "022000000000000100000000" + "0a000001" + "0001" + "0002" + "00000000" + "00000010";
        assertEquals("flow sw=10.0.0.1 hw=0 seq=1 in=1 out=2 lat=16ns ICMPv6 fd00::1 -> fd00::2 type=128 code=0 len=62",
                TextReportPrinter.format(decode(header + frame)));
        String cut = header + frame.substring(0, 40);
        assertTrue(TextReportPrinter.format(decode(cut)).endsWith(" ethertype=0x86dd truncated len=20"),
                TextReportPrinter.format(decode(cut)));
    }

    @Test
    void textIpv6PortsInBrackets() throws Exception {
        String frame = "020000000002" + "020000000001" + "86dd" + "60000000" + "0008" + "11" + "40"
                + "fd000000000000000000000000000001" + "fd000000000000000000000000000002"
                + "0035" + "1389" + "0008" + "0000";
        String header = "022000000000000100000000" + "0a000001" + "0001" + "0002" + "00000000" + "00000010";
        assertTrue(TextReportPrinter.format(decode(header + frame))
                .contains(" UDP [fd00::1]:53 -> [fd00::2]:5001 "));
    }

    @Test
    void jsonFlowHasEveryField() throws Exception {
        JsonNode n = JSON.readTree(new JsonReportPrinter(new PrintWriter(new StringWriter()))
                .format(decode(GoldenReports.FLOW_REPORT)));
        assertEquals("flow", n.get("type").asText());
        assertEquals(0, n.get("version").asInt());
        assertEquals(2, n.get("n_proto").asInt());
        assertFalse(n.get("dropped").asBoolean());
        assertFalse(n.get("congested").asBoolean());
        assertTrue(n.get("tracked_flow").asBoolean());
        assertEquals(5, n.get("hw_id").asInt());
        assertEquals(12, n.get("seq_no").asLong());
        assertEquals(0x55667788L, n.get("ingress_timestamp").asLong());
        assertEquals(0x0A000001L, n.get("switch_id").asLong());
        assertEquals("10.0.0.1", n.get("switch_id_dotted").asText());
        assertEquals(0x2345, n.get("ingress_port").asInt());
        assertEquals(7, n.get("egress_port").asInt());
        assertEquals(0, n.get("queue_id").asInt());
        assertEquals(0, n.get("queue_occupancy").asInt());
        assertEquals(0x5566D328L, n.get("egress_timestamp").asLong());
        assertEquals(23456, n.get("hop_latency_ns").asLong());
        assertTrue(n.get("drop_reason").isNull());
        assertTrue(n.get("drop_reason_name").isNull());
        assertEquals(46, n.get("inner_frame_length").asInt());
        JsonNode inner = n.get("inner");
        assertEquals(0x0800, inner.get("ethertype").asInt());
        assertEquals(0, inner.get("vlan_ids").size());
        assertEquals(4, inner.get("ip_version").asInt());
        assertEquals("10.244.1.11", inner.get("src").asText());
        assertEquals("10.244.1.12", inner.get("dst").asText());
        assertEquals(17, inner.get("protocol").asInt());
        assertEquals(40000, inner.get("src_port").asInt());
        assertEquals(5201, inner.get("dst_port").asInt());
        assertTrue(inner.get("icmp_type").isNull());
        assertTrue(inner.get("icmp_code").isNull());
        assertFalse(inner.get("truncated").asBoolean());
    }

    @Test
    void jsonDropAndFlowHaveTheSameKeys() throws Exception {
        var printer = new JsonReportPrinter(new PrintWriter(new StringWriter()));
        JsonNode drop = JSON.readTree(printer.format(decode(GoldenReports.DROP_REPORT)));
        JsonNode flow = JSON.readTree(printer.format(decode(GoldenReports.FLOW_REPORT)));
        assertEquals(fieldNames(flow), fieldNames(drop));
        assertEquals("drop", drop.get("type").asText());
        assertTrue(drop.get("dropped").asBoolean());
        assertEquals(80, drop.get("drop_reason").asInt());
        assertEquals("acl_deny", drop.get("drop_reason_name").asText());
        assertEquals(4294967295L, drop.get("seq_no").asLong());
        assertTrue(drop.get("hop_latency_ns").isNull());
        assertTrue(drop.get("egress_timestamp").isNull());
    }

    @Test
    void eachReportIsOneFlushedLine() throws Exception {
        StringWriter sink = new StringWriter();
        var flushes = new int[1];
        PrintWriter out = new PrintWriter(sink) {
            @Override
            public void flush() {
                flushes[0]++;
                super.flush();
            }
        };
        ReportPrinter json = ReportPrinter.create(true, out);
        json.print(decode(GoldenReports.FLOW_REPORT));
        json.print(decode(GoldenReports.DROP_REPORT));
        ReportPrinter.create(false, out).print(decode(GoldenReports.FLOW_REPORT));
        String[] lines = sink.toString().split(System.lineSeparator());
        assertEquals(3, lines.length);
        assertEquals("flow", JSON.readTree(lines[0]).get("type").asText());
        assertEquals("drop", JSON.readTree(lines[1]).get("type").asText());
        assertTrue(lines[2].startsWith("flow sw=10.0.0.1 "));
        assertEquals(3, flushes[0]);
    }

    private static java.util.List<String> fieldNames(JsonNode node) {
        var names = new java.util.ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        node.get("inner").fieldNames().forEachRemaining(f -> names.add("inner." + f));
        return names;
    }
}
