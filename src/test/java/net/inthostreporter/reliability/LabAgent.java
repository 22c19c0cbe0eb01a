// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.inthostreporter.e2e.ChildProcess;
import net.inthostreporter.e2e.NodeLab;

/**
 * The packaged agent (bin/int-host-reporter) on the lab node, with the lab's Calico-like flags,
 * and what its stop line says.
 */
final class LabAgent {
    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration STOP = Duration.ofSeconds(20);
    private static final int EXIT_AFTER_SIGTERM = 128 + 15;

    private LabAgent() {
    }

    /**
     * Starts the agent and waits for "reporting to"; {@code extra} are further flags. Every
     * packet is reported, so that floods are floods of events (the stress these tests want).
     */
    static ChildProcess start(NodeLab lab, String collector, String attachMode, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--collector", collector, "--switch-id", lab.fact("NODE_IP"),
                "--cni", "calico-iptables", "--data-interface", "eth1", "--attach-mode", attachMode,
                "--report-every-packet"));
        args.addAll(List.of(extra));
        ChildProcess agent = ChildProcess.launch("agent", lab.nodeNs(), args.toArray(String[]::new));
        try {
            agent.awaitStderr(l -> l.contains("reporting to"), START);
            return agent;
        } catch (Throwable t) {
            agent.close();
            throw t;
        }
    }

    /**
     * SIGTERM, then the orderly stop: exit status 143, the stop line, no failure while stopping,
     * no JVM crash. Returns the stop line.
     */
    static String stop(ChildProcess agent) throws Exception {
        agent.signal("TERM");
        assertEquals(EXIT_AFTER_SIGTERM, agent.awaitExit(STOP), "exit status after SIGTERM; stderr:\n" + agent.stderrText());
        String stderr = agent.stderrText();
        assertFalse(stderr.contains("while stopping"), stderr);
        assertFalse(stderr.contains("fatal error"), stderr);
        return agent.awaitStderr(l -> l.contains("Agent: stopped:"), Duration.ofSeconds(1));
    }

    /** A number the stop line gives, e.g. {@code stopValue(line, "(\\d+) lost to send errors")}. */
    static long stopValue(String stopLine, String regex) {
        Matcher m = Pattern.compile(regex).matcher(stopLine);
        assertTrue(m.find(), "'" + regex + "' not in: " + stopLine);
        return Long.parseLong(m.group(1));
    }
}
