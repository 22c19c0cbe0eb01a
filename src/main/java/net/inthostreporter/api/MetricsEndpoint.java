// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

import java.io.ByteArrayOutputStream;

import com.sun.net.httpserver.Headers;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code GET /metrics}: the registry in the Prometheus text format (0.0.4), or OpenMetrics text
 * when the scraper asks for it in its Accept header. Callback metrics read the agent and the
 * kernel's counters now, during the scrape.
 */
public final class MetricsEndpoint implements Endpoint {
    private final PrometheusRegistry registry;
    private final ExpositionFormatWriter prometheus = PrometheusTextFormatWriter.create();
    private final ExpositionFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();

    public MetricsEndpoint(PrometheusRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Response get(Headers requestHeaders) throws Exception {
        String accept = requestHeaders.getFirst("Accept");
        ExpositionFormatWriter writer = openMetrics.accepts(accept) ? openMetrics : prometheus;
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        writer.write(out, registry.scrape());
        return new Response(200, writer.getContentType(), out.toByteArray());
    }
}
