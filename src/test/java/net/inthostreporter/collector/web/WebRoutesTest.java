// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.inthostreporter.api.ApiRoutes;
import net.inthostreporter.api.ApiServer;
import net.inthostreporter.collector.http.CollectorMetrics;
import net.inthostreporter.collector.http.CollectorRoutes;
import net.inthostreporter.collector.model.CollectorModel;
import net.inthostreporter.testkit.FrameBuilder;
import net.inthostreporter.report.DecodedReport;
import net.inthostreporter.report.InnerPacketParser;
import net.inthostreporter.report.SwitchId;

/** The page's files and its event stream on the collector's server, over a real socket, fed a real model. */
class WebRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private CollectorModel model;
    private ApiServer server;

    /** The collector's routes as CollectorCommand puts them together, on its kind of server. */
    @BeforeEach
    void start() throws Exception {
        CollectorMetrics metrics = new CollectorMetrics();
        model = new CollectorModel(100, System::currentTimeMillis, metrics, metrics);
        metrics.bind(model);
        ApiRoutes routes = ApiRoutes.builder().add(CollectorRoutes.of(model, metrics))
                .add(WebRoutes.of(model, metrics, "127.0.0.1:32766")).build();
        server = ApiServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Executors.newVirtualThreadPerTaskExecutor());
        server.start(routes);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void streamsTheModelAsReportsArrive() throws Exception {
        HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(uri("/api/v1/events")).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        try (Stream<String> lines = response.body()) {
            Iterator<String> events = lines.iterator();
            assertEquals("retry: 1000", events.next());
            assertEquals("", events.next());
            JsonNode first = nextSnapshot(events);
            assertEquals("127.0.0.1:32766", first.get("listen").asText());
            assertEquals(0, first.get("reports_received").asInt());
            assertEquals(0, first.get("flows").get("flows").size());

            long node = SwitchId.toUnsigned(SwitchId.parse("10.99.0.7"));
            model.accept(List.of(flowReport(node, 4, 9, 25_000)));
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            JsonNode picture = nextSnapshot(events);
            while (picture.get("reports_received").asInt() == 0 && System.nanoTime() < deadline) {
                picture = nextSnapshot(events);
            }
            assertEquals(1, picture.get("reports_received").asInt(), "a snapshot with the report within 2 s");
            assertEquals(1, picture.get("flows_total").asInt());
            JsonNode flow = picture.get("flows").get("flows").get(0);
            assertEquals("10.244.3.31", flow.get("src_ip").asText());
            assertEquals(7443, flow.get("dst_port").asInt());
            assertEquals("10.99.0.7", flow.get("hops").get(0).get("switch_id").asText());
            assertEquals(4, flow.get("hops").get(0).get("ingress_port").asInt());
            assertEquals("10.99.0.7", picture.get("switches").get("switches").get(0).get("switch_id").asText());
            assertEquals(0, picture.get("drops").get("drops").size());
            JsonNode histogram = picture.get("latency_histograms").get(0);
            assertEquals("10.99.0.7", histogram.get("switch_id").asText());
            assertEquals(25_000, histogram.get("upper_bounds_ns").get(4).asLong(), "the 25 µs bucket");
            assertTrue(histogram.get("upper_bounds_ns").get(histogram.get("upper_bounds_ns").size() - 1).isNull(), "+Inf");
            for (int i = 0; i < histogram.get("counts").size(); i++) {
                assertEquals(i == 4 ? 1 : 0, histogram.get("counts").get(i).asInt(), "25 µs is counted in bucket 4 only, not " + i);
            }
        }
    }

    @Test
    void servesThePageFromTheJarAndJsonErrorsElsewhere() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(page.body().contains("<script src=\"app.js\" defer></script>"), page.body());
        assertEquals(page.body(), get("/index.html").body());
        assertEquals("text/javascript; charset=utf-8", get("/app.js").headers().firstValue("Content-Type").orElseThrow());
        assertEquals("text/css; charset=utf-8", get("/app.css").headers().firstValue("Content-Type").orElseThrow());
        assertEquals("image/svg+xml", get("/favicon.svg").headers().firstValue("Content-Type").orElseThrow());

        HttpResponse<String> missing = get("/api/v1/nothing");
        assertEquals(404, missing.statusCode());
        assertEquals("no such path: /api/v1/nothing", JSON.readTree(missing.body()).get("error").asText());
        assertEquals(404, get("/bpf/ihr.bpf.o").statusCode(), "nothing else of the jar");
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri("/")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
        assertEquals(0, JSON.readTree(get("/api/v1/flows").body()).get("flows").size(), "the API's own paths stay its own");
    }

    @Test
    void refusesBrowsersBeyondTheLimitUntilOneLeaves() throws Exception {
        List<java.io.InputStream> streams = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < EventStream.MAX_CLIENTS; i++) {
                HttpResponse<java.io.InputStream> open = client.send(HttpRequest.newBuilder(uri("/api/v1/events")).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, open.statusCode(), "stream " + i);
                streams.add(open.body());
            }
            assertEquals(503, client.send(HttpRequest.newBuilder(uri("/api/v1/events")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            assertEquals(200, get("/api/v1/flows").statusCode(), "the API still answers");
            streams.removeFirst().close();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int status = 503;
            while (status == 503 && System.nanoTime() < deadline) { // the server notices at its next write
                Thread.sleep(100);
                HttpResponse<java.io.InputStream> again = client.send(HttpRequest.newBuilder(uri("/api/v1/events")).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                status = again.statusCode();
                if (status == 200) {
                    streams.add(again.body());
                }
            }
            assertEquals(200, status, "a place is free again once a browser left");
        } finally {
            for (java.io.InputStream stream : streams) {
                stream.close();
            }
        }
    }

    @Test
    void anEventIsOneDataLine() {
        byte[] event = EventStream.event("snapshot", "{\"a\":\"x\\ny\"}".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("event: snapshot\ndata: {\"a\":\"x\\ny\"}\n\n".getBytes(StandardCharsets.UTF_8), event);
    }

    private static JsonNode nextSnapshot(Iterator<String> lines) throws Exception {
        assertEquals("event: snapshot", lines.next());
        String data = lines.next();
        assertTrue(data.startsWith("data: "), data);
        assertEquals("", lines.next());
        return JSON.readTree(data.substring("data: ".length()));
    }

    /** A v0.5 flow report as decoded: TCP 10.244.3.31:51000 → 10.244.3.32:7443 through one node. */
    private static DecodedReport flowReport(long switchId, int in, int out, long latencyNs) {
        byte[] frame = new FrameBuilder().ethernet(0x0800).ipv4(6, "10.244.3.31", "10.244.3.32").tcp(51000, 7443)
                .payload(8).build();
        return new DecodedReport(0, 2, false, false, true, 0, 1, 1000, switchId, in, out, 0, 5_000, 5_000 + latencyNs, -1,
                latencyNs, frame, InnerPacketParser.parse(frame));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }
}
