// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real agent, started through bin/int-host-reporter inside the lab's node namespace
 * (`ip netns exec` and the launcher both exec, so the process id is the JVM's). Watches its log
 * for the "reporting to" line (programs attached) and reads the counters of its "stopped" line.
 */
final class AgentProcess implements AutoCloseable {
    private static final Pattern COUNTER = Pattern.compile("\\b([A-Z_]+)=(\\d+)");
    private static final Pattern SENT = Pattern.compile("(\\d+) reports sent");
    private static final Pattern SEND_ERRORS = Pattern.compile("(\\d+) send errors");

    private final Process process;
    private final long startNanos;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CountDownLatch attached = new CountDownLatch(1);
    private volatile long attachedNanos;
    private final Thread logReader;

    private AgentProcess(Process process, long startNanos) {
        this.process = process;
        this.startNanos = startNanos;
        this.logReader = Thread.ofPlatform().name("agent-log").daemon(true).start(this::readLog);
    }

    /**
     * Starts the agent reporting to 127.0.0.1:port in the node namespace.
     *
     * @param jar   the agent jar (the launcher uses the AOT cache next to it when there is one)
     * @param extra further agent flags
     */
    static AgentProcess start(BenchSettings settings, Lab lab, int port, Path jar, List<String> extra) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", lab.nodeNs(),
                settings.launcher().toString(), "--collector", "127.0.0.1:" + port, "--switch-id", lab.switchId(),
                "--cni", "calico-iptables", "--data-interface", "eth1"));
        command.addAll(extra);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("INT_HOST_REPORTER_JAR", jar.toString());
        long start = System.nanoTime();
        return new AgentProcess(builder.start(), start);
    }

    private void readLog() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (attachedNanos == 0 && line.contains("reporting to")) {
                    attachedNanos = System.nanoTime();
                    attached.countDown();
                }
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(log read failed: " + e + ")");
        }
    }

    /** Waits for the "reporting to" line; throws with the log when it does not come. */
    void awaitAttached(Duration timeout) throws InterruptedException {
        if (!attached.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the agent did not attach within " + timeout + " (alive "
                    + process.isAlive() + "); log:\n" + String.join("\n", lines));
        }
    }

    long startNanos() {
        return startNanos;
    }

    long attachedNanos() {
        return attachedNanos;
    }

    /** VmRSS of the agent's JVM in KiB, from /proc/PID/status; -1 when gone. */
    long residentKib() {
        return ProcStatus.residentKib(process.pid());
    }

    /**
     * Stops the agent with SIGTERM and returns what its last log line counted: the datapath
     * counters by name, REPORTS_SENT and SEND_ERRORS (missing keys when the log format changed).
     */
    Map<String, Long> stop() throws InterruptedException {
        // SIGTERM through the handle: Process.destroy() would also close our end of its log pipe.
        process.toHandle().destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        logReader.join(5_000); // the reader ends at the end of the log
        Map<String, Long> counts = new HashMap<>();
        for (String line : lines) {
            if (!line.contains("stopped:")) {
                continue;
            }
            Matcher m = COUNTER.matcher(line);
            while (m.find()) {
                counts.put(m.group(1), Long.parseLong(m.group(2)));
            }
            find(SENT, line, "REPORTS_SENT", counts);
            find(SEND_ERRORS, line, "SEND_ERRORS", counts);
        }
        return counts;
    }

    private static void find(Pattern pattern, String line, String key, Map<String, Long> counts) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
            counts.put(key, Long.parseLong(m.group(1)));
        }
    }

    List<String> log() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
