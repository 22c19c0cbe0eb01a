// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.http;

import net.inthostreporter.api.ApiRoutes;
import net.inthostreporter.api.HealthEndpoints;
import net.inthostreporter.api.Json;
import net.inthostreporter.api.MetricsEndpoint;
import net.inthostreporter.collector.model.CollectorModel;

/**
 * The collector's HTTP resources, served by the agent's {@link net.inthostreporter.api.ApiServer}.
 * Others (a page, an event stream) add theirs with {@link ApiRoutes#builder()}{@code .add(...)}.
 */
public final class CollectorRoutes {
    private CollectorRoutes() {
    }

    public static ApiRoutes of(CollectorModel model, CollectorMetrics metrics) {
        return ApiRoutes.builder()
                .get("/api/v1/flows", headers -> Json.response(200, ModelJson.flows(model.snapshot().flows())))
                .get("/api/v1/drops", headers -> Json.response(200, ModelJson.drops(model.snapshot(0).drops())))
                .get("/api/v1/switches", headers -> Json.response(200, ModelJson.switches(model.snapshot(0))))
                .get("/metrics", new MetricsEndpoint(metrics.registry()))
                .get("/healthz", HealthEndpoints.alive())
                .build();
    }
}
