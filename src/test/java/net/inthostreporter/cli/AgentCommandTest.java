// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent's command line: bad input is refused with exit status 2 and one line on stderr
 * naming the flag, before anything is loaded. Every case has exactly one bad value, so a check
 * that wrongly passed would go on to start the agent (status 0 or 1, not 2) and fail the test.
 */
class AgentCommandTest {
    private static final String MISSING_INTERFACE = "ihr-nodev0";

    @TempDir
    static Path tmp;

    private record Run(int status, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args));
        return new Run(status, out.toString(), err.toString());
    }

    /** Valid values for every required flag, and {@code flag value} in place of its default. */
    private static String[] withRequired(String flag, String value) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("--collector", "127.0.0.1:32766");
        args.put("--switch-id", "10.0.0.1");
        args.put("--data-interface", MISSING_INTERFACE);
        if (flag != null) {
            args.put(flag, value);
        }
        return args.entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())).toArray(String[]::new);
    }

    private static Arguments bad(String flag, String reason, String... args) {
        return Arguments.of(flag, reason, args);
    }

    static Stream<Arguments> badInputs() {
        String unreadable = tmp.resolve("no-such-watchlist.yaml").toString();
        return Stream.of(
                bad("--collector", "Missing required option", "--switch-id", "1", "--data-interface", MISSING_INTERFACE),
                bad("--switch-id", "Missing required option", "--collector", "127.0.0.1:1", "--data-interface", MISSING_INTERFACE),
                bad("--data-interface", "Missing required option", "--collector", "127.0.0.1:1", "--switch-id", "1"),
                bad("--collector", "HOST:PORT", withRequired("--collector", "127.0.0.1")),
                bad("--collector", "70000", withRequired("--collector", "127.0.0.1:70000")),
                bad("--collector", "no-such-host.invalid", withRequired("--collector", "no-such-host.invalid:32766")),
                bad("--collector", "port", withRequired("--collector", "127.0.0.1:0")),
                bad("--switch-id", "256.1.1.1", withRequired("--switch-id", "256.1.1.1")),
                bad("--switch-id", "-1", withRequired("--switch-id", "-1")),
                bad("--switch-id", "abc", withRequired("--switch-id", "abc")),
                bad("--switch-id", "4294967296", withRequired("--switch-id", "4294967296")),
                bad("--cni", "flannel", withRequired("--cni", "flannel")),
                bad("--iface-pattern", "([", withRequired("--iface-pattern", "([")),
                bad("--log-level", "verbose", withRequired("--log-level", "verbose")),
                bad("--attach-mode", "xdp", withRequired("--attach-mode", "xdp")),
                bad("--snap-length", "0", withRequired("--snap-length", "0")),
                bad("--snap-length", "513", withRequired("--snap-length", "513")),
                bad("--hw-id", "64", withRequired("--hw-id", "64")),
                bad("--ring-buffer-size", "6144", withRequired("--ring-buffer-size", "6144")),
                bad("--ring-buffer-size", "2048", withRequired("--ring-buffer-size", "2048")),
                bad("--ring-buffer-size", "big", withRequired("--ring-buffer-size", "big")),
                bad("--watchlist-conf", unreadable, withRequired("-f", unreadable)),
                bad("--report-format", "v3", withRequired("--report-format", "v3")),
                bad("--report-mtu", "70000", withRequired("--report-mtu", "70000")),
                bad("--report-interval", "0s", withRequired("--report-interval", "0s")),
                bad("--latency-quantum", "soon", withRequired("--latency-quantum", "soon")),
                bad("--report-max-delay", "0ms", withRequired("--report-max-delay", "0ms")),
                bad("--nat-view", "both", withRequired("--nat-view", "both")),
                bad("--nat-view", "v2.0 reports carry the ingress view",
                        Stream.concat(Stream.of(withRequired("--nat-view", "ingress")), Stream.of("--report-format", "v2"))
                                .toArray(String[]::new)),
                bad("--data-interface", "is not an interface name", withRequired("--data-interface", "eth/0")),
                bad("--data-interface", "longer than 15 bytes", withRequired("--data-interface", "a-very-long-ifname")),
                bad("--watchlist-conf", "any of", withRequired("-f", unreadable + "," + unreadable + "-too")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badInputs")
    void badInputExitsWithOneLineNamingTheFlag(String flag, String reason, String[] args) {
        Run run = run(args);
        String line = run.errLines().isEmpty() ? "" : run.errLines().getFirst();
        assertAll(
                () -> assertEquals(2, run.status(), "exit status; stderr: " + run.err()),
                () -> assertEquals(1, run.errLines().size(), "stderr lines: " + run.err()),
                () -> assertTrue(line.startsWith("int-host-reporter: "), line),
                () -> assertTrue(line.contains("'" + flag + "'"), "should name " + flag + ": " + line),
                () -> assertTrue(line.contains(reason), "should say " + reason + ": " + line),
                () -> assertTrue(line.endsWith("(see --help)"), line),
                () -> assertEquals("", run.out()));
    }

    @Test
    void helpListsTheFlags() {
        Run run = run("--help");
        assertEquals(0, run.status());
        assertEquals("", run.err());
        for (String flag : List.of("--collector", "--switch-id", "--cni", "--data-interface", "--iface-pattern",
                "--watchlist-conf", "--log-level", "--attach-mode", "--snap-length", "--hw-id", "--ring-buffer-size", "--help",
                "--version", "collector")) {
            assertTrue(run.out().contains(flag), flag + " missing from:\n" + run.out());
        }
    }

    @Test
    void collectorHelp() {
        Run run = run("collector", "--help");
        assertEquals(0, run.status());
        assertEquals("", run.err());
        assertTrue(run.out().startsWith("Usage: int-host-reporter collector"), run.out());
        assertTrue(run.out().contains("--listen"), run.out());
    }
}
