// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import net.inthostreporter.report.AddressText;
import net.inthostreporter.report.DecodedReport;
import net.inthostreporter.report.IngressTuple;
import net.inthostreporter.report.InnerPacket;
import net.inthostreporter.report.IntDropReason;
import net.inthostreporter.report.SwitchId;

/**
 * JSON Lines: one object per report with every header field in snake_case. Every line has the
 * same keys; a field the report does not carry (egress_timestamp and hop_latency_ns of a drop,
 * drop_reason of a flow, icmp_type of UDP, ...) is null rather than missing, so consumers can
 * rely on the shape.
 */
public final class JsonReportPrinter implements ReportPrinter {

    private final JsonFactory factory = new JsonFactory();
    private final PrintWriter out;

    public JsonReportPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void print(DecodedReport report) {
        out.println(format(report));
        out.flush();
    }

    /** The JSON object for one report, on one line. */
    public String format(DecodedReport r) {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator g = factory.createGenerator(text)) {
            g.writeStartObject();
            g.writeStringField("type", r.isDropReport() ? "drop" : "flow");
            g.writeNumberField("version", r.version());
            writeOptional(g, "n_proto", r.nProto()); // null for v2.0, which has no NProto
            g.writeBooleanField("dropped", r.dropped());
            g.writeBooleanField("congested", r.congested());
            g.writeBooleanField("tracked_flow", r.trackedFlow());
            g.writeNumberField("hw_id", r.hwId());
            g.writeNumberField("seq_no", r.seqNo());
            g.writeNumberField("ingress_timestamp", r.ingressTimestamp());
            writeOptional(g, "switch_id", r.switchId());
            g.writeStringField("switch_id_dotted", r.switchId() < 0 ? null : SwitchId.toDotted(r.switchId()));
            writeOptional(g, "ingress_port", r.ingressPort());
            writeOptional(g, "egress_port", r.egressPort());
            writeOptional(g, "queue_id", r.queueId());
            writeOptional(g, "queue_occupancy", r.queueOccupancy());
            writeOptional(g, "egress_timestamp", r.egressTimestamp());
            writeOptional(g, "hop_latency_ns", r.hopLatencyNs());
            writeOptional(g, "drop_reason", r.dropReason());
            g.writeStringField("drop_reason_name", r.dropReason() < 0 ? null : IntDropReason.name(r.dropReason()));
            g.writeNumberField("inner_frame_length", r.innerFrameLength());
            g.writeFieldName("inner");
            writeInner(g, r.inner());
            writeOptional(g, "flow_id", r.flowId());
            g.writeFieldName("ingress_tuple");
            writeIngressTuple(g, r.ingressTuple());
            g.writeNumberField("datagram_reports", r.datagramReports());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return text.toString();
    }

    private static void writeInner(JsonGenerator g, InnerPacket p) throws IOException {
        g.writeStartObject();
        writeOptional(g, "ethertype", p.etherType());
        g.writeArrayFieldStart("vlan_ids");
        for (int id : p.vlanIds()) {
            g.writeNumber(id);
        }
        g.writeEndArray();
        g.writeNumberField("ip_version", p.ipVersion());
        g.writeStringField("src", p.src() == null ? null : AddressText.of(p.src()));
        g.writeStringField("dst", p.dst() == null ? null : AddressText.of(p.dst()));
        writeOptional(g, "protocol", p.protocol());
        g.writeNumberField("src_port", p.srcPort());
        g.writeNumberField("dst_port", p.dstPort());
        writeOptional(g, "icmp_type", p.icmpType());
        writeOptional(g, "icmp_code", p.icmpCode());
        g.writeBooleanField("truncated", p.truncated());
        g.writeEndObject();
    }

    /** The v2.0 extension's pre-NAT 5-tuple, or null when the report does not carry it. */
    private static void writeIngressTuple(JsonGenerator g, IngressTuple t) throws IOException {
        if (t == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("src", AddressText.of(t.src()));
        g.writeStringField("dst", AddressText.of(t.dst()));
        g.writeNumberField("protocol", t.protocol());
        g.writeNumberField("src_port", t.srcPort());
        g.writeNumberField("dst_port", t.dstPort());
        g.writeEndObject();
    }

    /** Negative values mark fields the report does not carry; they are written as null. */
    private static void writeOptional(JsonGenerator g, String name, long value) throws IOException {
        if (value < 0) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }
}
