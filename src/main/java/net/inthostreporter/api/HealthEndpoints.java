// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Kubernetes probes: liveness (the process answers) and readiness (the agent does its job). */
public final class HealthEndpoints {
    private HealthEndpoints() {
    }

    /** {@code /healthz}: 200 as long as the process can answer at all. */
    public static Endpoint alive() {
        return headers -> Json.response(200, Json.object().put("status", "alive"));
    }

    /**
     * {@code /readyz}: 200 when our programs are on every selected interface and the ring-buffer
     * consumer runs; 503 with the reasons otherwise.
     */
    static Endpoint ready(AgentState agent) {
        return headers -> {
            Readiness readiness = agent.readiness();
            if (readiness.isReady()) {
                return Json.response(200, Json.object().put("status", "ready"));
            }
            ObjectNode body = Json.object().put("status", "not ready")
                    .put("reason", String.join("; ", readiness.problems()));
            body.set("problems", Json.tree(readiness.problems()));
            return Json.response(503, body);
        };
    }
}
