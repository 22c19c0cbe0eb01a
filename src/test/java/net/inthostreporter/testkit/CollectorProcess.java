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
    private final int port;
    private final List<JsonNode> reports = new ArrayList<>();

    private CollectorProcess(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a collector on 127.0.0.1 (a free port) inside a namespace. */
    public static CollectorProcess start(String ns) throws Exception {
        int port = UdpPorts.free(ns);
        return start(ns, "127.0.0.1", port);
    }

    /** Starts a collector listening on HOST:PORT inside a namespace (0.0.0.0 for every address). */
    public static CollectorProcess start(String ns, String host, int port) throws Exception {
        ChildProcess process = ChildProcess.launch("collector", ns, "collector", "--listen", host + ":" + port, "--json");
        try {
            awaitBound(process, ns, port);
            return new CollectorProcess(process, port);
        } catch (Throwable t) {
            process.close();
            throw t;
        }
    }

    private static void awaitBound(ChildProcess process, String ns, int port) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        String wantedNs = "net:[" + Files.getAttribute(Path.of("/run/netns", ns), "unix:ino") + "]";
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
