// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.reliability;

import net.inthostreporter.testkit.AgentProcess;
import net.inthostreporter.testkit.PrometheusText;

import net.inthostreporter.testkit.NodeHooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.inthostreporter.datapath.DatapathCounter;

/**
 * Start and stop while pod-to-pod UDP floods the node (one ring-buffer event per datagram):
 * SIGTERM removes exactly our programs and leaves the CNI's (foreign) filter; a SIGKILLed agent
 * followed by a new one leaves exactly one set. The previous implementation crashed on SIGTERM
 * under load and left 5 of its 6 filters.
 */
class LifecycleIT {
    private static final int FLOOD_PORT = 7010;
    private static final int FLOOD_THREADS = 1;
    private static final int UNPACED = Integer.MAX_VALUE;
    /** Datapath events to see flowing before the signal: the agent is under load, not idle. */
    private static final long EVENTS_UNDER_LOAD = 5_000;

    @ParameterizedTest(name = "attach mode {0}")
    @ValueSource(strings = {"tcx", "tc"})
    void sigtermUnderFloodRemovesExactlyOurs(String mode) throws Exception {
        try (FloodedNode node = FloodedNode.start(FLOOD_PORT, FLOOD_THREADS, UNPACED)) {
            try (AgentProcess agent = AgentProcess.start(node.lab(), node.agentFlags(mode))) {
                NodeHooks.assertExactlyOneSet(node.lab());
                awaitEvents(agent, EVENTS_UNDER_LOAD);

                PrometheusText last = agent.stopCleanly();
                assertTrue(last.value("int_host_reporter_events_read_total") > 0, "events read");
                assertEquals(0, last.value("int_host_reporter_event_pump_failures_total"), "pump failures");
            }
            node.flood().awaitSent(10_000); // the pods' traffic goes on after the agent left
            NodeHooks.assertOnlyForeignLeft(node.lab());
        }
    }

    @ParameterizedTest(name = "attach mode {0}")
    @ValueSource(strings = {"tcx", "tc"})
    void sigkillThenRestartUnderFloodLeavesOneSet(String mode) throws Exception {
        try (FloodedNode node = FloodedNode.start(FLOOD_PORT, FLOOD_THREADS, UNPACED)) {
            try (AgentProcess killed = AgentProcess.start(node.lab(), node.agentFlags(mode))) {
                awaitEvents(killed, EVENTS_UNDER_LOAD);
                killed.signal("KILL");
                assertEquals(128 + 9, killed.awaitExit(Duration.ofSeconds(10)));
            }
            // tc mode: the killed agent's filters stay until the next start replaces them.
            try (AgentProcess agent = AgentProcess.start(node.lab(), node.agentFlags(mode))) {
                NodeHooks.assertExactlyOneSet(node.lab());
                awaitEvents(agent, EVENTS_UNDER_LOAD);
                NodeHooks.assertExactlyOneSet(node.lab());
                agent.stopCleanly();
            }
            NodeHooks.assertOnlyForeignLeft(node.lab());
        }
    }

    /** Waits until the agent's datapath submitted {@code events} more events (from its /metrics). */
    static void awaitEvents(AgentProcess agent, long events) throws Exception {
        long target = submitted(agent) + events;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long now;
        while ((now = submitted(agent)) < target) {
            assertTrue(System.nanoTime() < deadline, "events stayed at " + now + ", waiting for " + target);
            Thread.sleep(100);
        }
    }

    private static long submitted(AgentProcess agent) throws Exception {
        return agent.metric("int_host_reporter_datapath_packets_total",
                java.util.Map.of("outcome", DatapathCounter.EVENTS_SUBMITTED.metricName()));
    }
}
