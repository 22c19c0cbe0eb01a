// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.inthostreporter.api.Json;
import net.inthostreporter.collector.http.ModelJson;
import net.inthostreporter.collector.model.ModelSnapshot;
import net.inthostreporter.collector.model.ModelTotals;

/**
 * One event of the live page: the collector's API documents (flows, drops, switches, written by
 * {@link ModelJson}, so the page reads exactly what the API serves) with the counters the page's
 * header shows, the UDP address reports are expected on (for the empty state) and the hop-latency
 * histograms per switch ({@link LatencyHistograms}).
 */
final class LivePicture {
    private LivePicture() {
    }

    static ObjectNode of(ModelSnapshot snapshot, String listen, ArrayNode latencyHistograms) {
        ModelTotals totals = snapshot.totals();
        ObjectNode picture = Json.object();
        picture.put("now", snapshot.takenMillis());
        picture.put("listen", listen);
        picture.put("reports_received", totals.reports());
        picture.put("reports_lost", totals.lost());
        picture.put("flows_total", totals.flows());
        picture.set("flows", ModelJson.flows(snapshot.flows()));
        picture.set("drops", ModelJson.drops(snapshot.drops()));
        picture.set("switches", ModelJson.switches(snapshot));
        picture.set("latency_histograms", latencyHistograms);
        return picture;
    }
}
