// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.reliability;

import net.inthostreporter.testkit.AgentProcess;
import net.inthostreporter.testkit.ProcessState;

import net.inthostreporter.testkit.NodeHooks;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.testkit.TestNamespace;

/**
 * 500 pods come and go on a node while pod-to-pod UDP flows: each cycle adds a veth named like
 * Calico's ({@code caliN}), waits until the agent hooked it, deletes it and waits until the agent
 * noticed (ten pods at a time). The agent's state is sampled after a warm-up of 100 cycles
 * and then every 50: open file descriptors and threads must not grow, resident memory must stay
 * flat, the ingress-record map must not grow, no pod interface may be left, and the long-lived
 * interfaces keep exactly one set of our programs (and the CNI's filter).
 *
 * <p>Resident memory, measured here: it steps up once by 10-11 MiB somewhere between cycles 100
 * and 300 (the serial collector grows the heap toward its working size) and otherwise moves by
 * ~150 KiB over 300 cycles. So it is checked two ways: the total growth after the warm-up stays
 * under 16 MiB (one such step), and the median growth per 50 pods stays under 512 KiB: a leak of
 * more than ~10 KiB per pod (a libbpf hook struct, an FFM arena never closed, a Java object
 * graph kept per interface) shows in every window and fails, a single step does not. Other
 * tolerances, against the leak each would catch over 400 cycles: fds +2 and threads +2 (the JVM
 * opens the odd file or compiler thread on its own; a per-pod leak is +400); records +64 (records
 * left per pod would be +400; the map is an LRU bounded by its capacity in any case).
 */
class PodInterfaceChurnIT {
    private static final int CYCLES = 500;
    private static final int WARM_UP = 100;
    private static final int SAMPLE_EVERY = 50;
    private static final int FLOOD_PORT = 7020;
    private static final int PODS_AT_ONCE = 10;
    /** About 20 000 datagrams/s: traffic through the hooks all along, and CPU left for the churn. */
    private static final int FLOOD_PER_MS = 20;
    private static final Duration AGENT_REACTS = Duration.ofSeconds(10);

    @Test
    void podInterfacesComeAndGoWithoutLeaks() throws Exception {
        try (FloodedNode node = FloodedNode.start(FLOOD_PORT, 1, FLOOD_PER_MS)) {
            NodeLab lab = node.lab();
            try (AgentProcess agent = AgentProcess.start(lab, node.agentFlags("auto"))) {
                ProcessState state = new ProcessState(agent.pid());
                List<ProcessState.Sample> samples = new ArrayList<>(); // at WARM_UP, then every SAMPLE_EVERY
                int warmRecords = 0;
                for (int first = 1; first <= CYCLES; first += PODS_AT_ONCE) {
                    cycle(lab, agent, first);
                    int done = first + PODS_AT_ONCE - 1;
                    if (done == WARM_UP) {
                        warmRecords = state.records();
                    }
                    if (done >= WARM_UP && done % SAMPLE_EVERY == 0) {
                        samples.add(state.sample());
                    }
                }
                ProcessState.Sample warm = samples.getFirst();
                ProcessState.Sample end = samples.getLast();
                int endRecords = state.records();
                long medianWindowGrowthKb = medianGrowthKb(samples);
                System.out.printf("samples every %d cycles from %d: %s; records %d -> %d; %d datagrams flooded%n",
                        SAMPLE_EVERY, WARM_UP, samples, warmRecords, endRecords, node.flood().sent());
                int wr = warmRecords;
                assertAll(
                        () -> assertTrue(end.fds() <= warm.fds() + 2, "fds " + warm.fds() + " -> " + end.fds()),
                        () -> assertTrue(end.threads() <= warm.threads() + 2, "threads " + warm.threads() + " -> " + end.threads()),
                        () -> assertTrue(end.rssKb() <= warm.rssKb() + 16 * 1024, "VmRSS kB " + warm.rssKb() + " -> " + end.rssKb()),
                        () -> assertTrue(medianWindowGrowthKb <= 512, "VmRSS grows by a median " + medianWindowGrowthKb
                                + " kB per " + SAMPLE_EVERY + " pods: " + samples),
                        () -> assertTrue(endRecords <= wr + 64, "ingress records " + wr + " -> " + endRecords));
                assertTrue(agent.isAlive());
                List<String> left = TestNamespace.run(List.of("ip", "-n", lab.nodeNs(), "-o", "link", "show")).lines()
                        .filter(l -> l.matches("\\d+: (cali\\d{3}|x\\d+)[@:].*")).toList();
                assertEquals(List.of(), left, "pod interfaces left");
                NodeHooks.assertExactlyOneSet(lab);
                agent.stopCleanly();
            }
            NodeHooks.assertOnlyForeignLeft(lab);
        }
    }

    /** The median of the VmRSS growth between consecutive samples (a one-time step does not move it). */
    private static long medianGrowthKb(List<ProcessState.Sample> samples) {
        List<Long> growth = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            growth.add(samples.get(i).rssKb() - samples.get(i - 1).rssKb());
        }
        growth.sort(null);
        return growth.get(growth.size() / 2);
    }

    /**
     * {@link #PODS_AT_ONCE} pods from number {@code first}: their veths appear (up), the agent
     * hooks each, they go, the agent forgets each. The ip commands of a batch run side by side,
     * as pods start and stop on a busy node; one after the other, the kernel's veth creation and
     * removal (~90 ms each here) would take most of the test's time.
     */
    private static void cycle(NodeLab lab, AgentProcess agent, int first) throws Exception {
        List<String> veths = IntStream.range(first, first + PODS_AT_ONCE).mapToObj(i -> "cali" + (100 + i)).toList();
        runAll(veths.stream().map(veth -> List.of("ip", "-n", lab.nodeNs(), "link", "add", veth, "up", "type", "veth",
                "peer", "name", "x" + veth.substring(4))).toList());
        for (String veth : veths) {
            agent.process().awaitStderr(l -> l.contains("hooked " + veth + " ("), AGENT_REACTS);
        }
        runAll(veths.stream().map(veth -> List.of("ip", "-n", lab.nodeNs(), "link", "del", veth)).toList());
        for (String veth : veths) {
            agent.process().awaitStderr(l -> l.contains(" " + veth + " (ifindex") && l.contains("went away"), AGENT_REACTS);
        }
    }

    private static void runAll(List<List<String>> commands) throws Exception {
        List<Process> running = new ArrayList<>();
        for (List<String> command : commands) {
            running.add(new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        for (int i = 0; i < running.size(); i++) {
            Process p = running.get(i);
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), String.join(" ", commands.get(i)) + ": " + output);
        }
    }
}
