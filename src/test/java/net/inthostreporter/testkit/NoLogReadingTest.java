// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Tests and benchmarks learn readiness from {@code /readyz} (or a bound socket) and numbers from
 * {@code /metrics}, never from log lines: the log is for people and its wording may change, and
 * the regexes over it were wrong before ("send errors" matched "lost to send errors"; a NAME=N
 * scrape let the drop path's RINGBUF_FULL overwrite the datapath's). This keeps it so.
 */
class NoLogReadingTest {
    /** Log texts that only a reader of readiness or of numbers would look for. */
    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("\"reporting to"),           // the agent's start line (readiness)
            Pattern.compile("stopped:"),                 // the agent's stop line (its numbers)
            Pattern.compile("\"API on"),                 // the API's start line (readiness)
            Pattern.compile("listening on UDP"),         // the collector's start line (its port)
            Pattern.compile("\\]\\+\\)=\\("),               // NAME=N scrapes: ([A-Z_]+)=(\\d+)
            Pattern.compile("\\(\\\\\\\\d\\+\\) (events|reports sent|lost|pump|send errors)"));
    private static final Path SELF = Path.of("net/inthostreporter/testkit/NoLogReadingTest.java");

    @Test
    void noTestOrBenchmarkReadsTheLogForReadinessOrNumbers() throws IOException {
        List<String> offences = new ArrayList<>();
        Path root = ProjectPaths.root();
        for (Path sources : List.of(root.resolve("src/test/java"), root.resolve("bench/src"))) {
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.endsWith(SELF)).toList()) {
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        for (Pattern forbidden : FORBIDDEN) {
                            if (forbidden.matcher(lines.get(i)).find()) {
                                offences.add(root.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), offences, "read /readyz and /metrics (testkit.AgentProcess) instead of the log");
    }

    @Test
    void theGuardRecognisesWhatItForbids() {
        String[] offending = {
            "agent.awaitStderr(l -> l.contains(\"reporting to\"), START);",
            "return agent.awaitStderr(l -> l.contains(\"Agent: stopped:\"), Duration.ofSeconds(1));",
            "Pattern.compile(\"\\\\b([A-Z_]+)=(\\\\d+)\");",
            "Pattern.compile(\"(\\\\d+) send errors\");",
        };
        for (String line : offending) {
            assertFalse(FORBIDDEN.stream().noneMatch(p -> p.matcher(line).find()), "not caught: " + line);
        }
    }
}
