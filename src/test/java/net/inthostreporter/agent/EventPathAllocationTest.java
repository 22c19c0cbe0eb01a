// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.inthostreporter.testkit.Commands;
import net.inthostreporter.testkit.KernelRequirement;
import net.inthostreporter.testkit.ProjectPaths;

/**
 * Nothing is allocated per event on the agent's event path under the JVM flags the launcher
 * ships (C1 only, serial GC, small heap: no C2 escape analysis to hide an allocation), read
 * from bin/int-host-reporter itself so that the test follows the launcher. The path runs in a
 * JVM of its own ({@link EventPathAllocationProbe}). Measured 2026-12-02 before the fix: 81 B
 * per event (v0.5) and 280 B (v2); after: under 1 B per event, what is left being per batch.
 */
class EventPathAllocationTest {
    /** Two bytes per event on average: one object per event (16 bytes at least) is far above. */
    private static final long MAX_BYTES_PER_EVENT = 2;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v0.5", "v0.5-ingress", "v2"})
    void eventPathAllocatesNothingPerEventUnderTheShippedFlags(String format) throws IOException {
        KernelRequirement.requireRoot(); // the drop-reason table reads the kernel's BTF
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(launcherJvmFlags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EventPathAllocationProbe.class.getName(), format));
        String output = Commands.run(command, Duration.ofMinutes(3));
        String[] result = output.lines().filter(l -> l.startsWith(EventPathAllocationProbe.RESULT_TAG + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("probe output: " + output)).split(" ");
        long events = Long.parseLong(result[2]);
        long allocated = Long.parseLong(result[1]);
        assertEquals(EventPathAllocationProbe.EVENTS, events);
        assertTrue(allocated < MAX_BYTES_PER_EVENT * events, format + ": " + allocated + " bytes over " + events
                + " events under " + launcherJvmFlags());
    }

    /** The agent's JVM options as the launcher passes them: bin/jvm.options, comments left out. */
    static List<String> launcherJvmFlags() throws IOException {
        Path options = ProjectPaths.launcher().resolveSibling("jvm.options");
        List<String> flags = Files.readAllLines(options).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertTrue(flags.contains("-XX:TieredStopAtLevel=1") && flags.stream().anyMatch(f -> f.startsWith("-Xmx")),
                "the agent's JVM options were not found in " + options + ": " + flags);
        return flags;
    }
}
