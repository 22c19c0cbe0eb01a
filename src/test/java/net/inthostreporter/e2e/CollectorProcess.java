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
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChildProcess process;
    private final int port;
    private final List<JsonNode> reports = new ArrayList<>();

    private CollectorProcess(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a collector on 127.0.0.1 (a free port) inside a namespace. */
    public static CollectorProcess start(String ns) throws Exception {
        return start(ns, "127.0.0.1:0");
    }

    /** Starts a collector listening on {@code listen} (HOST:PORT) inside a namespace. */
    public static CollectorProcess start(String ns, String listen) throws Exception {
        ChildProcess process = ChildProcess.launch("collector", ns, "collector", "--listen", listen, "--json");
        try {
            String line = process.awaitStderr(l -> LISTENING.matcher(l).find(), Duration.ofSeconds(20));
            Matcher m = LISTENING.matcher(line);
            m.find();
            return new CollectorProcess(process, Integer.parseInt(m.group(1)));
        } catch (Throwable t) {
            process.close();
            throw t;
        }
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
