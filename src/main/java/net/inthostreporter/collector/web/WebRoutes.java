// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.web;

import java.time.Duration;

import net.inthostreporter.api.ApiRoutes;
import net.inthostreporter.collector.http.CollectorMetrics;
import net.inthostreporter.collector.model.CollectorModel;

/** The live page at {@code /} and its event stream at {@code /api/v1/events}. */
public final class WebRoutes {
    /** How often a browser gets a new picture: "live" to a person, cheap for the collector. */
    static final Duration INTERVAL = Duration.ofMillis(500);
    /**
     * Flows per picture, most recently seen first. A page cannot usefully show 100 000 rows, and
     * each picture is written anew every interval; the header still counts all flows.
     */
    static final int FLOWS_SHOWN = 1000;

    private WebRoutes() {
    }

    /** @param listen the collector's UDP address, as the page tells agents to use it */
    public static ApiRoutes of(CollectorModel model, CollectorMetrics metrics, String listen) {
        LiveSnapshots snapshots = new LiveSnapshots(() -> LivePicture.of(model.snapshot(FLOWS_SHOWN), listen,
                LatencyHistograms.of(metrics.registry())), INTERVAL.dividedBy(2));
        return ApiRoutes.builder()
                .handler("/", StaticAssets.load())
                .handler("/api/v1/events", new EventStream(snapshots, INTERVAL))
                .build();
    }
}
