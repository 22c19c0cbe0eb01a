// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import net.inthostreporter.testkit.ChildProcess;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.inthostreporter.testkit.KernelRequirement;

/**
 * Debian's Prometheus server as a child process: a generated configuration that scrapes one
 * target on 127.0.0.1 every second, its storage in a temporary folder, its web API on 127.0.0.1
 * (a free port). Stopped and its folder removed on close, whatever happened.
 */
final class PrometheusServer implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/prometheus");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path folder;
    private final ChildProcess process;
    private final int port;

    private PrometheusServer(Path folder, ChildProcess process, int port) {
        this.folder = folder;
        this.process = process;
        this.port = port;
    }

    /** Starts Prometheus scraping {@code http://127.0.0.1:targetPort/metrics} and waits until it is ready. */
    static PrometheusServer scraping(int targetPort) throws Exception {
        KernelRequirement.require(Files.isExecutable(BINARY), "needs Debian's prometheus (scripts/setup.sh installs it)");
        Path folder = Files.createTempDirectory("ihr-prometheus-");
        ChildProcess process = null;
        try {
            Path config = folder.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                    scrape_configs:
                      - job_name: int-collector
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(targetPort));
            int port = freePort();
            process = ChildProcess.command("prometheus", List.of(BINARY.toString(),
                    "--config.file=" + config, "--storage.tsdb.path=" + folder.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"));
            PrometheusServer server = new PrometheusServer(folder, process, port);
            server.awaitReady(Duration.ofSeconds(30));
            return server;
        } catch (Throwable t) {
            if (process != null) {
                process.close();
            }
            deleteTree(folder);
            throw t;
        }
    }

    /** The result array of an instant query ({@code /api/v1/query}). */
    JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new AssertionError("query " + promql + " failed: " + response.statusCode() + " " + response.body());
        }
        return body.get("data").get("result");
    }

    /** The value of a query's only sample, or NaN while it has none. */
    double scalar(String promql) throws IOException, InterruptedException {
        JsonNode result = query(promql);
        return result.isEmpty() ? Double.NaN : Double.parseDouble(result.get(0).get("value").get(1).asText());
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("prometheus not ready within " + timeout + " (" + last + "); stderr:\n" + process.stderrText());
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    String stderr() {
        return process.stderrText();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public void close() throws IOException {
        process.close();
        deleteTree(folder);
    }
}
