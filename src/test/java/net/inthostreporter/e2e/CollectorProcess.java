// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The embedded collector ({@code int-host-reporter collector --json}) as a child process. */
public final class CollectorProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("collector: listening on UDP [^ ]+:(\\d+)");
    private static final Pattern HTTP = Pattern.compile("collector: HTTP API on http://[^ ]+:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

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
        return start(ns, "127.0.0.1:0");
    }

    /** Starts a collector listening on {@code listen} (HOST:PORT) inside a namespace. */
    public static CollectorProcess start(String ns, String listen) throws Exception {
        return launch(ns, false, "collector", "--listen", listen, "--json");
    }

    /**
     * Starts a collector listening on {@code listen} (HOST:PORT) with its HTTP API on 127.0.0.1
     * (a free port) of the same namespace; {@link #api()} reaches it.
     */
    public static CollectorProcess startWithHttp(String ns, String listen) throws Exception {
        return launch(ns, true, "collector", "--listen", listen, "--http", "127.0.0.1:0", "--json");
    }

    /** Like {@link #startWithHttp} in the test's own network namespace, UDP and HTTP on 127.0.0.1. */
    public static CollectorProcess startHereWithHttp() throws Exception {
        return launch(null, true, "collector", "--listen", "127.0.0.1:0", "--http", "127.0.0.1:0", "--json");
    }

    private static CollectorProcess launch(String ns, boolean http, String... args) throws Exception {
        ChildProcess process = ns == null ? ChildProcess.launchHere("collector", args) : ChildProcess.launch("collector", ns, args);
        try {
            int httpPort = http ? port(process, HTTP) : -1;
            return new CollectorProcess(process, ns, port(process, LISTENING), httpPort);
        } catch (Throwable t) {
            process.close();
            throw t;
        }
    }

    private static int port(ChildProcess process, Pattern line) throws InterruptedException {
        Matcher m = line.matcher(process.awaitStderr(l -> line.matcher(l).find(), Duration.ofSeconds(20)));
        m.find();
        return Integer.parseInt(m.group(1));
    }

    /** The HTTP port (in the collector's namespace), -1 without --http. */
    public int httpPort() {
        return httpPort;
    }

    /** The HTTP API (only for a collector started with {@link #startWithHttp}). */
    ApiClient api() {
        if (httpPort < 0) {
            throw new IllegalStateException("this collector was started without --http");
        }
        return new ApiClient(ns, httpPort);
    }

    public int port() {
        return port;
    }

    /** Reads report lines until none came for {@code quiet}; returns every report so far. */
    public List<JsonNode> drain(Duration quiet) throws InterruptedException, IOException {
        for (String line = process.nextLine(quiet); line != null; line = process.nextLine(quiet)) {
            reports.add(JSON.readTree(line));
        }
        return List.copyOf(reports);
    }

    @Override
    public void close() {
        process.close();
    }
}
