// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.http;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.inthostreporter.api.Json;
import net.inthostreporter.collector.SequenceTracker.StreamStats;
import net.inthostreporter.collector.model.DropView;
import net.inthostreporter.collector.model.FlowView;
import net.inthostreporter.collector.model.HopView;
import net.inthostreporter.collector.model.LinkView;
import net.inthostreporter.collector.model.ModelSnapshot;
import net.inthostreporter.collector.model.ModelTotals;
import net.inthostreporter.collector.model.SwitchView;
import net.inthostreporter.collector.model.TupleKey;
import net.inthostreporter.report.IntDropReason;

/**
 * The JSON shapes of the collector's API, one method per resource, so the HTTP endpoints and an
 * event stream write the same objects. Switch ids are dotted quads (the form nodes are
 * configured with), times ISO-8601 instants of the collector's clock (when it received the
 * report: nodes' clocks are not comparable), latencies nanoseconds; values a report did not
 * carry are null.
 */
public final class ModelJson {
    private ModelJson() {
    }

    /** {@code {"flows": [...]}}, most recently seen first. */
    public static ObjectNode flows(List<FlowView> flows) {
        ObjectNode body = Json.object();
        ArrayNode array = body.putArray("flows");
        for (FlowView f : flows) {
            array.add(flow(f));
        }
        return body;
    }

    public static ObjectNode flow(FlowView f) {
        ObjectNode o = Json.object();
        tuple(o, f.tuple());
        optional(o, "flow_id", f.flowId());
        o.put("last_seen", instant(f.lastSeenMillis()));
        ArrayNode hops = o.putArray("hops");
        for (HopView h : f.hops()) {
            ObjectNode hop = hops.addObject();
            hop.put("switch_id", CollectorMetrics.switchLabel(h.hop().switchId()));
            hop.put("ingress_port", h.hop().ingressPort());
            hop.put("egress_port", h.hop().egressPort());
            ObjectNode latency = hop.putObject("latency_ns");
            optional(latency, "p50", h.latencyP50Ns());
            optional(latency, "p99", h.latencyP99Ns());
            hop.put("reports", h.reports());
            optional(hop, "ttl", h.ttl());
            hop.put("last_seen", instant(h.lastSeenMillis()));
        }
        ObjectNode path = o.putObject("path_latency_ns");
        optional(path, "p50", f.pathLatencyP50Ns());
        optional(path, "p99", f.pathLatencyP99Ns());
        return o;
    }

    /** {@code {"drops": [...]}}, most recently hit first. */
    public static ObjectNode drops(List<DropView> drops) {
        ObjectNode body = Json.object();
        ArrayNode array = body.putArray("drops");
        for (DropView d : drops) {
            ObjectNode o = array.addObject();
            o.put("switch_id", CollectorMetrics.switchLabel(d.key().switchId()));
            o.put("port", d.key().port());
            o.put("reason", d.key().reason());
            o.put("reason_name", IntDropReason.name(d.key().reason()));
            o.put("count", d.count());
            o.put("last_seen", instant(d.lastSeenMillis()));
            ArrayNode flows = o.putArray("flows");
            for (TupleKey t : d.flows()) {
                tuple(flows.addObject(), t);
            }
        }
        return body;
    }

    /** {@code {"switches": [...], "links": [...], "totals": {...}}}. */
    public static ObjectNode switches(ModelSnapshot snapshot) {
        ObjectNode body = Json.object();
        ArrayNode switches = body.putArray("switches");
        for (SwitchView s : snapshot.switches()) {
            ObjectNode o = switches.addObject();
            o.put("switch_id", CollectorMetrics.switchLabel(s.switchId()));
            o.put("reports", s.reports());
            o.put("lost", s.lost());
            o.put("last_seen", instant(s.lastSeenMillis()));
            ArrayNode streams = o.putArray("streams");
            for (StreamStats st : s.streams()) {
                streams.addObject()
                        .put("hw_id", st.hwId())
                        .put("received", st.received())
                        .put("lost", st.lost())
                        .put("duplicates", st.duplicates())
                        .put("reordered", st.reordered())
                        .put("restarts", st.restarts());
            }
        }
        ArrayNode links = body.putArray("links");
        for (LinkView l : snapshot.links()) {
            ObjectNode o = links.addObject();
            o.putObject("from")
                    .put("switch_id", CollectorMetrics.switchLabel(l.key().fromSwitch()))
                    .put("egress_port", l.key().egressPort());
            o.putObject("to")
                    .put("switch_id", CollectorMetrics.switchLabel(l.key().toSwitch()))
                    .put("ingress_port", l.key().ingressPort());
            o.put("packets", l.packets());
            o.put("last_seen", instant(l.lastSeenMillis()));
        }
        ModelTotals t = snapshot.totals();
        body.putObject("totals")
                .put("reports", t.reports())
                .put("drop_reports", t.dropReports())
                .put("lost", t.lost())
                .put("flows", t.flows())
                .put("flows_evicted", t.flowsEvicted())
                .put("reports_without_flow", t.withoutFlow())
                .put("reports_untracked_switch", t.untrackedSwitch())
                .put("reports_hop_limit", t.hopsRefused())
                .put("drop_entries_evicted", t.dropKeysEvicted())
                .put("links_evicted", t.linksEvicted());
        return body;
    }

    private static void tuple(ObjectNode o, TupleKey t) {
        o.put("src_ip", t.srcText());
        o.put("dst_ip", t.dstText());
        o.put("protocol", t.protocolName());
        o.put("src_port", t.srcPort());
        o.put("dst_port", t.dstPort());
    }

    private static void optional(ObjectNode o, String name, long value) {
        if (value < 0) {
            o.putNull(name);
        } else {
            o.put(name, value);
        }
    }

    private static String instant(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
