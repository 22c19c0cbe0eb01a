// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A process of the launcher (agent or collector) run inside a namespace with
 * {@code ip netns exec}; its stdout and stderr lines are collected as they come.
 */
public final class ChildProcess implements AutoCloseable {
    private final String label;
    private final Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final List<String> stderr = java.util.Collections.synchronizedList(new ArrayList<>());

    private ChildProcess(String label, Process process) {
        this.label = label;
        this.process = process;
        pump(process.getInputStream(), stdout::add, label + "-out");
        pump(process.getErrorStream(), stderr::add, label + "-err");
    }

    /** Starts {@code ip netns exec NS bin/int-host-reporter ARGS}. */
    public static ChildProcess launch(String label, String ns, String... args) throws IOException {
        return launch(label, ns, java.util.Map.of(), List.of(), args);
    }

    /**
     * Starts {@code ip netns exec NS WRAPPER... bin/int-host-reporter ARGS} with extra environment
     * variables (e.g. a {@code setpriv} wrapper that leaves only some capabilities).
     */
    public static ChildProcess launch(String label, String ns, java.util.Map<String, String> environment, List<String> wrapper,
                               String... args) throws IOException {
        ProjectPaths.jar();
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        command.addAll(wrapper);
        command.add(ProjectPaths.launcher().toString());
        command.addAll(List.of(args));
        return start(label, command, environment);
    }

    /** Starts bin/int-host-reporter ARGS in the test's own network namespace (for what only uses 127.0.0.1). */
    public static ChildProcess launchHere(String label, String... args) throws IOException {
        ProjectPaths.jar();
        List<String> command = new ArrayList<>(List.of(ProjectPaths.launcher().toString()));
        command.addAll(List.of(args));
        return command(label, command);
    }

    /** Starts any command in the test's own network namespace, with the launcher's JAVA_HOME. */
    public static ChildProcess command(String label, List<String> command) throws IOException {
        return start(label, command, java.util.Map.of());
    }

    private static ChildProcess start(String label, List<String> command, java.util.Map<String, String> environment)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        return new ChildProcess(label, builder.start());
    }

    private static void pump(InputStream in, java.util.function.Consumer<String> sink, String name) {
        Thread.ofPlatform().daemon().name(name).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    sink.accept(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    /** Next stdout line, or null after the timeout. */
    public String nextLine(Duration timeout) throws InterruptedException {
        return stdout.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until a stderr line matches; fails with everything printed so far otherwise. */
    public String awaitStderr(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (stderr) {
                for (String line : stderr) {
                    if (wanted.test(line)) {
                        return line;
                    }
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(label + " did not print the expected line within " + timeout + " (alive: "
                + process.isAlive() + "); stderr:\n" + stderrText());
    }

    public String stderrText() {
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** The launcher execs java inside `ip netns exec`, so the signal reaches the JVM itself. */
    public void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /** Waits for the exit status. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(label + " did not exit within " + timeout + "; stderr:\n" + stderrText());
        }
        Thread.sleep(100); // let the pumps read the last lines
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
