// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The embedded collector ({@code int-host-reporter collector --json}) as a child process,
 * listening on 127.0.0.1 at a port chosen free in its namespace. It is ready when the kernel
 * shows its UDP socket bound ({@code /proc/PID/net/udp}), not when it says so in its log.
 */
public final class CollectorProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final ChildProcess process;
    private final String ns;
    private final int port;
    private final int httpPort;
    private final List<JsonNode> reports = new ArrayList<>();

    private CollectorProcess(ChildProcess process, String ns, int port, int httpPort) {
        this.process = process;
        this.ns = ns;
        this.port = port;
        this.httpPort = httpPort;
    }

    /** Starts a collector on 127.0.0.1 (a free port) inside a namespace. */
    public static CollectorProcess start(String ns) throws Exception {
        int port = UdpPorts.free(ns);
        return start(ns, "127.0.0.1", port);
    }

    /** Starts a collector listening on HOST:PORT inside a namespace (0.0.0.0 for every address). */
    public static CollectorProcess start(String ns, String host, int port) throws Exception {
        return launch(ns, host, port, -1);
    }

    /**
     * A collector listening on HOST (a free UDP port) with its HTTP API on 127.0.0.1 (a free TCP
     * port) of the same namespace; {@code ns} null means the test's own namespace.
     */
    public static CollectorProcess startWithHttp(String ns, String host) throws Exception {
        return startWithHttp(ns, host, List.of(), "--json");
    }

    /**
     * Like {@link #startWithHttp(String, String)} in a named namespace, the launcher run under
     * {@code wrapper} (e.g. {@code taskset -c 1}) with {@code options} after the addresses.
     */
    public static CollectorProcess startWithHttp(String ns, String host, List<String> wrapper, String... options)
            throws Exception {
        int udp = ns == null ? UdpPorts.freeHere() : UdpPorts.free(ns);
        int http = ns == null ? ApiClient.freePortHere() : ApiClient.freePort(ns);
        return launch(ns, host, udp, http, wrapper, options);
    }

    private static CollectorProcess launch(String ns, String host, int port, int httpPort) throws Exception {
        return launch(ns, host, port, httpPort, List.of(), "--json");
    }

    private static CollectorProcess launch(String ns, String host, int port, int httpPort, List<String> wrapper,
                                           String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("collector", "--listen", host + ":" + port));
        if (httpPort > 0) {
            args.addAll(List.of("--http", "127.0.0.1:" + httpPort));
        }
        args.addAll(List.of(options));
        String[] argv = args.toArray(String[]::new);
        if (ns == null && !wrapper.isEmpty()) {
            throw new IllegalArgumentException("a wrapper needs a named namespace");
        }
        ChildProcess process = ns == null ? ChildProcess.launchHere("collector", argv)
                : ChildProcess.launch("collector", ns, java.util.Map.of(), wrapper, argv);
        try {
            CollectorProcess collector = new CollectorProcess(process, ns, port, httpPort);
            collector.awaitBound();
            if (httpPort > 0) {
                collector.awaitHttp();
            }
            return collector;
        } catch (Throwable t) {
            process.close();
            throw t;
        }
    }

    private void awaitBound() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        String wantedNs = "net:[" + Files.getAttribute(ns == null ? Path.of("/proc/self/ns/net") : Path.of("/run/netns", ns), "unix:ino") + "]";
        while (System.nanoTime() < deadline && process.isAlive()) {
            // Until the exec into the namespace, /proc/PID/net is the host's: check the namespace first.
            if (wantedNs.equals(netNamespace(proc)) && UdpPorts.isBound(process.pid(), port)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the collector did not bind UDP port " + port + " within " + START_TIMEOUT
                + " (alive: " + process.isAlive() + "); stderr:\n" + process.stderrText());
    }

    /** The HTTP API answers once the server is up (bound before the UDP socket or after: asked). */
    private void awaitHttp() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (process.isAlive()) {
            try {
                api().get("/api/v1/flows");
                return;
            } catch (java.io.IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the collector's HTTP API on port " + httpPort + " did not answer within "
                            + START_TIMEOUT + "; stderr:\n" + process.stderrText(), notYet);
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the collector exited; stderr:\n" + process.stderrText());
    }

    /** The HTTP port (in the collector's namespace), -1 without HTTP. */
    public int httpPort() {
        return httpPort;
    }

    /** The HTTP API of a collector started with {@link #startWithHttp}. */
    public ApiClient api() {
        if (httpPort < 0) {
            throw new IllegalStateException("this collector was started without --http");
        }
        return new ApiClient(ns, httpPort);
    }

    private static String netNamespace(Path proc) {
        try {
            return Files.readSymbolicLink(proc.resolve("ns/net")).toString();
        } catch (IOException gone) {
            return "";
        }
    }

    public int port() {
        return port;
    }

    /** Where an agent in the same namespace should report. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Reads report lines until none came for {@code quiet}; returns every report so far. */
    public List<JsonNode> drain(Duration quiet) throws InterruptedException, IOException {
        for (String line = process.nextLine(quiet); line != null; line = process.nextLine(quiet)) {
            reports.add(JSON.readTree(line));
        }
        return List.copyOf(reports);
    }

    public ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
