// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged agent (bin/int-host-reporter) run in a namespace from typed flags. It is ready
 * when its {@code /readyz} answers 200 (programs on every selected interface, consumer running);
 * its numbers come from {@code /metrics}. Tests never read the log for either: the log is for
 * people, its wording may change (a guard test keeps it so). The log stays available for
 * assertions about messages.
 */
public final class AgentProcess implements AutoCloseable {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /** Exit status of a JVM ended by SIGTERM after its shutdown hooks ran. */
    public static final int EXIT_AFTER_SIGTERM = 128 + 15;
    private static final Duration READY_POLL = Duration.ofMillis(10);

    private final ChildProcess process;
    private final ApiClient api;
    private final long startNanos;
    private volatile long readyNanos;

    private AgentProcess(ChildProcess process, ApiClient api, long startNanos) {
        this.process = process;
        this.api = api;
        this.startNanos = startNanos;
    }

    /** Options of a launch other than the agent's flags. */
    public record Launch(Map<String, String> environment, List<String> wrapper) {
        public static final Launch PLAIN = new Launch(Map.of(), List.of());

        /** With an environment variable added (e.g. INT_HOST_REPORTER_JAR, or a flag's variable form). */
        public Launch withEnvironment(String name, String value) {
            Map<String, String> copy = new HashMap<>(environment);
            copy.put(name, value);
            return new Launch(Map.copyOf(copy), wrapper);
        }

        /** Runs the launcher through a wrapper command, e.g. {@code setpriv ...}. */
        public Launch withWrapper(List<String> command) {
            return new Launch(environment, List.copyOf(command));
        }
    }

    /** Starts the agent on the lab's node and waits until it is ready. */
    public static AgentProcess start(NodeLab lab, AgentFlags flags) throws Exception {
        return start(lab.nodeNs(), flags, Launch.PLAIN);
    }

    /** Starts the agent in {@code ns} and waits until it is ready; closes it if it never is. */
    public static AgentProcess start(String ns, AgentFlags flags, Launch launch) throws Exception {
        AgentProcess agent = launch(ns, flags, launch);
        try {
            agent.awaitReady(START_TIMEOUT);
            return agent;
        } catch (Throwable t) {
            agent.close();
            throw t;
        }
    }

    /**
     * Starts the agent without waiting (for start-up timing and for runs that must fail). The
     * API listens on 127.0.0.1 at a port free in {@code ns}, unless the flags name an address.
     */
    public static AgentProcess launch(String ns, AgentFlags flags, Launch launch) throws Exception {
        AgentFlags withApi = flags;
        if (!flags.has("--api-address")) {
            withApi = flags.with("--api-address", "127.0.0.1:" + ApiClient.freePort(ns));
        }
        String address = withApi.value("--api-address").orElseThrow();
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        String host = address.substring(0, address.lastIndexOf(':'));
        long start = System.nanoTime();
        ChildProcess process = ChildProcess.launch("agent", ns, launch.environment(), launch.wrapper(),
                withApi.toArguments().toArray(String[]::new));
        return new AgentProcess(process, new ApiClient(ns, host.equals("0.0.0.0") ? "127.0.0.1" : host, port), start);
    }

    /** Polls {@code /readyz} until it answers 200; fails with the log if the process ends or time runs out. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the agent exited before it was ready; stderr:\n" + process.stderrText());
            }
            try {
                ApiClient.Answer answer = api.get("/readyz");
                if (answer.status() == 200) {
                    readyNanos = System.nanoTime();
                    return;
                }
                last = answer.status() + " " + answer.body();
            } catch (Exception notYet) {
                last = notYet.toString(); // not listening yet
            }
            Thread.sleep(READY_POLL.toMillis());
        }
        throw new AssertionError("the agent was not ready within " + timeout + " (/readyz: " + last + "); stderr:\n"
                + process.stderrText());
    }

    /** The agent's {@code /metrics}, parsed (the parser refuses what is not the text format). */
    public PrometheusText metrics() throws Exception {
        ApiClient.Answer answer = api.get("/metrics");
        if (answer.status() != 200) {
            throw new AssertionError("/metrics answered " + answer.status() + ": " + answer.body());
        }
        return PrometheusText.parse(answer.body());
    }

    /** One counter or gauge from {@code /metrics}. */
    public long metric(String name, Map<String, String> labels) throws Exception {
        return (long) metrics().value(name, labels);
    }

    public long metric(String name) throws Exception {
        return metric(name, Map.of());
    }

    public ApiClient api() {
        return api;
    }

    public ChildProcess process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the agent logged so far (for assertions about messages, never for numbers). */
    public String stderrText() {
        return process.stderrText();
    }

    public void signal(String name) throws IOException, InterruptedException {
        process.signal(name);
    }

    /** System.nanoTime() when the launch began. */
    public long startNanos() {
        return startNanos;
    }

    /** System.nanoTime() when /readyz first answered 200, 0 before. */
    public long readyNanos() {
        return readyNanos;
    }

    /** VmRSS in KiB, from /proc/PID/status; -1 once the process is gone. */
    public long residentKib() {
        try {
            return new ProcessState(pid()).sample().rssKb();
        } catch (RuntimeException gone) {
            return -1;
        }
    }

    /** VmHWM (the kernel's peak resident size since exec) in KiB; -1 once the process is gone. */
    public long highWaterKib() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        } catch (java.io.IOException gone) {
            return -1;
        }
    }

    /**
     * SIGTERM and the orderly stop: returns the exit status (143 when the shutdown hooks ran),
     * failing if the agent does not exit within {@link #STOP_TIMEOUT}.
     */
    public int stop() throws Exception {
        process.signal("TERM");
        return process.awaitExit(STOP_TIMEOUT);
    }

    /**
     * The last {@code /metrics} scrape, then SIGTERM and the orderly stop: exit status 143, no
     * failure while stopping, no JVM crash. Returns the scrape (the counters as the agent left them,
     * once the test's traffic is over).
     */
    public PrometheusText stopCleanly() throws Exception {
        PrometheusText last = metrics();
        int status = stop();
        String log = stderrText();
        if (status != EXIT_AFTER_SIGTERM || log.contains("while stopping") || log.contains("fatal error")) {
            throw new AssertionError("the agent did not stop cleanly (exit status " + status + "); stderr:\n" + log);
        }
        return last;
    }

    /** Waits for the exit status of an agent that ends by itself (bad input, failed start). */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.awaitExit(timeout);
    }

    /** The jar the launcher runs unless told otherwise. */
    public static Path jar() {
        return ProjectPaths.jar();
    }

    @Override
    public void close() {
        process.close();
    }
}
