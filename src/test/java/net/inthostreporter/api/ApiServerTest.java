// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import net.inthostreporter.testkit.PrometheusText;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.inthostreporter.datapath.DatapathCounter;
import net.inthostreporter.links.InterfaceAddress;
import net.inthostreporter.links.InterfaceRoute;

/** The real server on 127.0.0.1 with a fake agent: shapes, status codes, methods, metrics. */
class ApiServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeAgentState agent = new FakeAgentState("eth1");
    private AgentMetrics metrics;
    private ApiServer server;
    private HttpClient client;
    private volatile WatchlistStatus watchlist = WatchlistStatus.noWatchlist();

    @BeforeEach
    void start() throws Exception {
        agent.hooked.putAll(Map.of(2, "cali1", 3, "cali2", 7, "eth1"));
        List<InterfaceAddress> addresses = List.of(
                address(7, "fd00:99::1", 64, 0),
                address(7, "fe80::5054:ff:fe00:1", 64, InterfaceAddress.SCOPE_LINK),
                address(2, "fe80::1", 64, InterfaceAddress.SCOPE_LINK),
                address(7, "10.99.0.1", 24, 0),
                address(1, "127.0.0.1", 8, 254),
                address(7, "10.99.0.9", 32, 0));
        List<InterfaceRoute> routes = List.of(
                route(7, "0.0.0.0", 0),
                route(2, "10.244.1.11", 32),
                route(7, "10.99.0.0", 24),
                route(2, "fd00:244::11", 128),
                route(3, "10.244.1.12", 32),
                route(2, "fe80::", 64),
                route(2, "10.244.1.13", 32),
                route(9, "10.77.0.0", 16),
                new InterfaceRoute(7, InetAddress.getByName("10.244.2.21"), 32, false)); // another node's pod, via a gateway
        agent.switchId = 0xC0A86314; // 192.168.99.20: above 2^31, printed unsigned
        metrics = new AgentMetrics();
        metrics.bind(agent);
        server = ApiServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.start(ApiRoutes.of(agent, metrics, () -> watchlist, () -> addresses, () -> routes));
        client = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        server.close();
        client.close();
    }

    @Test
    void topologyHasThePreviousToolsShapeWithIpv4FirstAndNoLinkLocalPlusSwitchIdAndRoutes() throws Exception {
        HttpResponse<String> response = get("/api/v1/topology");
        assertEquals(200, response.statusCode());
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode expected = JSON.readTree("""
                {"switch-id": 3232260884, "links": [
                  {"id": 2, "name": "cali1", "ip-addresses": [], "is-node-iface": false,
                   "routed-addresses": ["10.244.1.11/32", "10.244.1.13/32", "fd00:244::11/128"]},
                  {"id": 3, "name": "cali2", "ip-addresses": [], "is-node-iface": false,
                   "routed-addresses": ["10.244.1.12/32"]},
                  {"id": 7, "name": "eth1", "ip-addresses": ["10.99.0.1", "10.99.0.9", "fd00:99::1"], "is-node-iface": true,
                   "routed-addresses": ["10.99.0.0/24"]}
                ]}""");
        assertEquals(expected, JSON.readTree(response.body()));
    }

    @Test
    void healthzAnswersWhileTheProcessRuns() throws Exception {
        agent.problems = List.of("anything");
        HttpResponse<String> response = get("/healthz");
        assertEquals(200, response.statusCode());
        assertEquals("alive", JSON.readTree(response.body()).get("status").asText());
    }

    @Test
    void readyzIs200WhenReadyAnd503WithTheReasonsOtherwise() throws Exception {
        assertEquals(200, get("/readyz").statusCode());
        agent.problems = List.of("attaching failed on cali2 (retrying)", "the ring-buffer consumer stopped");
        HttpResponse<String> response = get("/readyz");
        assertEquals(503, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("not ready", body.get("status").asText());
        assertEquals("attaching failed on cali2 (retrying); the ring-buffer consumer stopped", body.get("reason").asText());
        assertEquals(2, body.get("problems").size());
    }

    @Test
    void watchlistShowsNoWatchlistThenASnapshot() throws Exception {
        JsonNode none = JSON.readTree(get("/api/v1/watchlist").body());
        assertEquals(JSON.readTree("""
                {"everything-watched": true, "source": null, "loaded-at": null, "rules": [], "last-reload-error": null}"""), none);

        watchlist = new WatchlistStatus(false, Optional.of("/etc/watchlist/watchlist.yaml"),
                Optional.of(Instant.parse("2025-01-02T03:04:05Z")),
                List.of(Map.of("protocol", "UDP", "src-addr", "10.0.0.0/8")), Optional.of("watchlist.yaml line 3: bad CIDR"));
        JsonNode some = JSON.readTree(get("/api/v1/watchlist").body());
        assertEquals(JSON.readTree("""
                {"everything-watched": false, "source": "/etc/watchlist/watchlist.yaml",
                 "loaded-at": "2025-01-02T03:04:05Z",
                 "rules": [{"protocol": "UDP", "src-addr": "10.0.0.0/8"}],
                 "last-reload-error": "watchlist.yaml line 3: bad CIDR"}"""), some);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void otherMethodsGet405WithAllowAndAJsonError(String method) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/api/v1/topology"))
                .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElseThrow());
        assertTrue(JSON.readTree(response.body()).get("error").asText().contains(method));
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/readyz"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/v1", "/api/v1/topology/x", "/metricsx", "/api/v2/topology"})
    void unknownPathsGet404WithAJsonError(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertEquals(404, response.statusCode());
        assertEquals("no such path: " + path, JSON.readTree(response.body()).get("error").asText());
    }

    @Test
    void aFailingEndpointGets500WithAJsonError() throws Exception {
        try (ApiServer failing = ApiServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            failing.start(ApiRoutes.of(agent, new AgentMetrics(), () -> watchlist, List::of, () -> {
                throw new IllegalStateException("netlink is gone");
            }));
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + failing.address().getPort() + "/api/v1/topology")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(500, response.statusCode());
            assertTrue(JSON.readTree(response.body()).get("error").asText().contains("netlink is gone"));
        }
    }

    @Test
    void aBusyPortFailsAtBind() {
        assertThrows(BindException.class, () -> ApiServer.bind(server.address()).close());
    }

    @Test
    void metricsAreTheTextFormatWithTheAgentsValuesReadAtScrapeTime() throws Exception {
        agent.events = 120;
        agent.sent = 118;
        agent.errors = 2;
        agent.counters.put(DatapathCounter.RINGBUF_FULL, 7L);
        agent.counters.put(DatapathCounter.EVENTS_SUBMITTED, 127L);
        metrics.hopLatency().observeNanos(3_000);       // 3 µs
        metrics.hopLatency().observeNanos(40_000);      // 40 µs
        metrics.hopLatency().observeNanos(2_000_000_000L); // 2 s: only in +Inf
        agent.reloads = 2;
        agent.reloadFailures = 1;
        agent.dropCounters.put(net.inthostreporter.datapath.DropCounter.RINGBUF_FULL, 5L);
        agent.dropCounters.put(net.inthostreporter.datapath.DropCounter.SUBMITTED, 11L);
        agent.exportCounters.put(net.inthostreporter.export.ExportCounter.REPORTS_LOST_SEND_ERROR, 2L);
        agent.exportCounters.put(net.inthostreporter.export.ExportCounter.DATAGRAMS_SENT, 17L);
        agent.pumpFailures = 4;

        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        PrometheusText text = PrometheusText.parse(response.body());

        assertEquals("counter", text.type("int_host_reporter_events_read_total"));
        assertEquals(120, text.value("int_host_reporter_events_read_total"));
        assertEquals(118, text.value("int_host_reporter_reports_sent_total"));
        assertEquals(2, text.value("int_host_reporter_report_send_errors_total"));
        assertEquals(7 + 5, text.value("int_host_reporter_ringbuf_lost_events_total"), "datapath + drop path");
        assertEquals(4, text.value("int_host_reporter_event_pump_failures_total"));
        for (var c : net.inthostreporter.datapath.DropCounter.values()) {
            double expected = switch (c) {
                case RINGBUF_FULL -> 5;
                case SUBMITTED -> 11;
                default -> 0;
            };
            String outcome = c.name().toLowerCase(java.util.Locale.ROOT);
            assertEquals(expected, text.value("int_host_reporter_drop_path_total", Map.of("outcome", outcome)), outcome);
        }
        for (var c : net.inthostreporter.export.ExportCounter.values()) {
            double expected = switch (c) {
                case REPORTS_LOST_SEND_ERROR -> 2;
                case DATAGRAMS_SENT -> 17;
                default -> 0;
            };
            assertEquals(expected, text.value("int_host_reporter_export_total", Map.of("counter", c.metricName())), c.metricName());
        }
        assertEquals("gauge", text.type("int_host_reporter_hooked_interfaces"));
        assertEquals(3, text.value("int_host_reporter_hooked_interfaces"));
        for (DatapathCounter c : DatapathCounter.values()) {
            double expected = c == DatapathCounter.RINGBUF_FULL ? 7 : c == DatapathCounter.EVENTS_SUBMITTED ? 127 : 0;
            assertEquals(expected, text.value("int_host_reporter_datapath_packets_total", Map.of("outcome", c.metricName())),
                    c.metricName());
        }
        assertEquals("histogram", text.type("int_host_reporter_hop_latency_seconds"));
        assertEquals(0, text.bucket("int_host_reporter_hop_latency_seconds", 2.5e-6));
        assertEquals(1, text.bucket("int_host_reporter_hop_latency_seconds", 5e-6));
        assertEquals(1, text.bucket("int_host_reporter_hop_latency_seconds", 2.5e-5));
        assertEquals(2, text.bucket("int_host_reporter_hop_latency_seconds", 5e-5));
        assertEquals(2, text.bucket("int_host_reporter_hop_latency_seconds", 0.1));
        assertEquals(3, text.bucket("int_host_reporter_hop_latency_seconds", Double.POSITIVE_INFINITY));
        assertEquals(3, text.value("int_host_reporter_hop_latency_seconds_count"));
        assertEquals(2.000043, text.value("int_host_reporter_hop_latency_seconds_sum"), 1e-12);
        assertEquals(3, text.value("int_host_reporter_drops_total", Map.of("reason", "NETFILTER_DROP")));
        assertEquals(2, text.value("int_host_reporter_watchlist_reloads_total", Map.of("result", "success")));
        assertEquals(1, text.value("int_host_reporter_watchlist_reloads_total", Map.of("result", "failure")));
        assertFalse(text.samples("jvm_memory_used_bytes").isEmpty(), "JVM metrics");

        agent.events = 130; // callbacks read the agent on each scrape
        assertEquals(130, PrometheusText.parse(get("/metrics").body()).value("int_host_reporter_events_read_total"));
    }

    @Test
    void metricsAreOpenMetricsWhenAskedFor() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/openmetrics-text"));
        assertTrue(response.body().endsWith("# EOF\n"));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }

    private static InterfaceRoute route(int ifindex, String destination, int prefix) throws IOException {
        return new InterfaceRoute(ifindex, InetAddress.getByName(destination), prefix, true);
    }

    private static InterfaceAddress address(int ifindex, String text, int prefix, int scope) throws IOException {
        return new InterfaceAddress(ifindex, InetAddress.getByName(text), prefix, scope);
    }
}
