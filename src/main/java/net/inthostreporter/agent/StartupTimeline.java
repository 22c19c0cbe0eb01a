// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;

/**
 * Where the agent's start-up time goes: the time from process start to {@code main} (the JVM's
 * own start, read from /proc with the kernel's 10 ms clock-tick resolution), then each phase the
 * agent marks on its way to attaching, and the first event. Logged at debug level as one line,
 * so that a slow start on some node can be explained without a profiler.
 *
 * <p>Phases are marked from the starting thread only; {@link #firstEvent} may come from the
 * event pump and only reads the origin.
 */
public final class StartupTimeline {
    /** USER_HZ: the unit of /proc/PID/stat's start time, 100 on every Linux ABI the agent runs on. */
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    private final long originNanos;
    private final long processToOriginMillis;
    private final List<String> phases = new ArrayList<>();
    private long lastNanos;

    private StartupTimeline(long originNanos, long processToOriginMillis) {
        this.originNanos = originNanos;
        this.processToOriginMillis = processToOriginMillis;
        this.lastNanos = originNanos;
    }

    /** A timeline whose origin is now (call it first thing in main). */
    public static StartupTimeline startingNow() {
        long now = System.nanoTime();
        return new StartupTimeline(now, processAgeMillis());
    }

    /** A timeline for callers that do not report start-up (tests, the training run). */
    public static StartupTimeline untimed() {
        return new StartupTimeline(System.nanoTime(), -1);
    }

    /** Ends the current phase, naming what it did. */
    public void mark(String phase) {
        long now = System.nanoTime();
        phases.add(phase + " " + millis(now - lastNanos));
        lastNanos = now;
    }

    /** The whole breakdown, from process start to now. */
    public String summary() {
        long sinceOrigin = System.nanoTime() - originNanos;
        StringBuilder text = new StringBuilder("start-up: ");
        if (processToOriginMillis >= 0) {
            text.append("process start -> main ").append(processToOriginMillis).append(" ms (10 ms resolution); ");
        }
        text.append(String.join(", ", phases));
        text.append("; main -> now ").append(millis(sinceOrigin));
        if (processToOriginMillis >= 0) {
            text.append(", process start -> now ≈ ").append(processToOriginMillis + Math.round(sinceOrigin / 1e6)).append(" ms");
        }
        return text.toString();
    }

    public void log(Logger log) {
        if (log.isDebugEnabled()) {
            log.debug(summary());
        }
    }

    /** Logs when the first event came, relative to main and to process start. */
    public void firstEvent(Logger log) {
        if (log.isDebugEnabled()) {
            long sinceOrigin = System.nanoTime() - originNanos;
            log.debug("start-up: first event from the datapath {} after main{}", millis(sinceOrigin),
                    processToOriginMillis < 0 ? "" : " (≈ " + (processToOriginMillis + Math.round(sinceOrigin / 1e6)) + " ms after process start)");
        }
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    /**
     * This process's age in ms: /proc/uptime minus the start time in /proc/self/stat (both count
     * from boot in CLOCK_BOOTTIME); -1 where /proc does not tell.
     */
    static long processAgeMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Field 22 (starttime); the command name (field 2) may hold spaces, so count after its ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long startTicks = Long.parseLong(fields[22 - 3]);
            String uptime = Files.readString(Path.of("/proc/uptime"));
            double uptimeSeconds = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
            return Math.max(0, Math.round((uptimeSeconds - startTicks / CLOCK_TICKS_PER_SECOND) * 1000));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
