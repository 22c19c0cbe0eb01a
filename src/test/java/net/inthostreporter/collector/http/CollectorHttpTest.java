// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.inthostreporter.api.ApiRoutes;
import net.inthostreporter.api.ApiServer;
import net.inthostreporter.collector.model.CollectorModel;
import net.inthostreporter.testkit.FrameBuilder;
import net.inthostreporter.report.DecodedReport;
import net.inthostreporter.report.InnerPacketParser;
import net.inthostreporter.report.IntDropReason;
import net.inthostreporter.report.SwitchId;
import net.inthostreporter.testkit.PrometheusText;

/** The collector's HTTP API over a real socket, fed with decoded reports. */
class CollectorHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final CollectorMetrics metrics = new CollectorMetrics();
    private final CollectorModel model = new CollectorModel(100, () -> 1_700_000_000_000L, metrics, metrics);
    private ApiServer server;

    @BeforeEach
    void start() throws Exception {
        metrics.bind(model);
        server = ApiServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Executors.newVirtualThreadPerTaskExecutor());
        server.start(ApiRoutes.builder()
                .add(CollectorRoutes.of(model, metrics))
                .handler("/", exchange -> { // what a page adds: a raw handler for every other path
                    byte[] body = ("page for " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                })
                .build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void flowsShowEachHopInPathOrder() throws Exception {
        long node1 = SwitchId.toUnsigned(SwitchId.parse("10.99.0.1"));
        long node2 = SwitchId.toUnsigned(SwitchId.parse("10.99.0.2"));
        model.accept(List.of(flow(node2, 3, 7, 62, 9_000)));
        model.accept(List.of(flow(node1, 5, 3, 63, 40_000)));

        JsonNode body = get("/api/v1/flows");
        JsonNode flows = body.get("flows");
        assertEquals(1, flows.size());
        JsonNode f = flows.get(0);
        assertEquals("10.244.1.11", f.get("src_ip").asText());
        assertEquals("10.244.2.12", f.get("dst_ip").asText());
        assertEquals("UDP", f.get("protocol").asText());
        assertEquals(40000, f.get("src_port").asInt());
        assertEquals(5201, f.get("dst_port").asInt());
        assertTrue(f.get("flow_id").isNull());
        assertEquals("2023-11-14T22:13:20Z", f.get("last_seen").asText());
        JsonNode hops = f.get("hops");
        assertEquals(2, hops.size());
        assertEquals("10.99.0.1", hops.get(0).get("switch_id").asText());
        assertEquals(5, hops.get(0).get("ingress_port").asInt());
        assertEquals(3, hops.get(0).get("egress_port").asInt());
        assertEquals(40_000, hops.get(0).get("latency_ns").get("p50").asLong(), 400);
        assertEquals(40_000, hops.get(0).get("latency_ns").get("p99").asLong(), 400);
        assertEquals(1, hops.get(0).get("reports").asInt());
        assertEquals("10.99.0.2", hops.get(1).get("switch_id").asText());
        assertEquals(3, hops.get(1).get("ingress_port").asInt());
    }

    @Test
    void dropsSwitchesAndMetrics() throws Exception {
        long node2 = SwitchId.toUnsigned(SwitchId.parse("10.99.0.2"));
        model.accept(List.of(flow(node2, 3, 7, 62, 9_000)));
        byte[] frame = frame(63);
        model.accept(List.of(new DecodedReport(0, 1, true, false, false, 0, 2, 1000, node2, 3, 0, 0, 0, -1,
                IntDropReason.ACL_DENY, -1, frame, InnerPacketParser.parse(frame))));

        JsonNode drop = get("/api/v1/drops").get("drops").get(0);
        assertEquals("10.99.0.2", drop.get("switch_id").asText());
        assertEquals(3, drop.get("port").asInt());
        assertEquals(80, drop.get("reason").asInt());
        assertEquals("acl_deny", drop.get("reason_name").asText());
        assertEquals(1, drop.get("count").asInt());
        assertEquals("10.244.1.11", drop.get("flows").get(0).get("src_ip").asText());

        JsonNode sw = get("/api/v1/switches").get("switches").get(0);
        assertEquals("10.99.0.2", sw.get("switch_id").asText());
        assertEquals(2, sw.get("streams").get(0).get("received").asInt());

        PrometheusText metricsText = PrometheusText.parse(text("/metrics"));
        assertEquals(2.0, metricsText.value("int_collector_reports_received_total"));
        assertEquals(1.0, metricsText.value("int_collector_flows"));
        assertEquals(1.0, metricsText.value("int_collector_drops_total", Map.of("reason", "acl_deny", "switch_id", "10.99.0.2")));
        assertEquals(0.0, metricsText.value("int_collector_reports_lost_total", Map.of("hw_id", "0", "switch_id", "10.99.0.2")));
        assertEquals(1.0, bucket(metricsText, 1e-5));
        assertEquals(0.0, bucket(metricsText, 5e-6));
    }

    @Test
    void rawHandlersAnswerThePathsNoEndpointHas() throws Exception {
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(uri("/index.html")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertEquals("page for /index.html", page.body());
        assertEquals(0, get("/api/v1/flows").get("flows").size());
    }

    /** Node 2's cumulative hop-latency bucket count at this upper bound. */
    private static double bucket(PrometheusText text, double upperBound) {
        return text.samples("int_collector_hop_latency_seconds_bucket").stream()
                .filter(s -> "10.99.0.2".equals(s.labels().get("switch_id"))
                        && Double.parseDouble(s.labels().get("le")) == upperBound)
                .findFirst().orElseThrow().value();
    }

    private static DecodedReport flow(long switchId, int in, int out, int ttl, long latencyNs) {
        byte[] frame = frame(ttl);
        return new DecodedReport(0, 2, false, false, true, 0, 1, 1000, switchId, in, out, 0, 0, 1000 + latencyNs, -1,
                latencyNs, frame, InnerPacketParser.parse(frame));
    }

    private static byte[] frame(int ttl) {
        byte[] frame = new FrameBuilder().ethernet(0x0800).ipv4(17, "10.244.1.11", "10.244.2.12").udp(40000, 5201)
                .payload(16).build();
        frame[14 + 8] = (byte) ttl;
        return frame;
    }

    private JsonNode get(String path) throws Exception {
        return JSON.readTree(text(path));
    }

    private String text(String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }
}
