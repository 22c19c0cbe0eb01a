// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.reliability;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import net.inthostreporter.e2e.ChildProcess;
import net.inthostreporter.e2e.NodeLab;
import net.inthostreporter.e2e.Traffic;
import net.inthostreporter.testing.TestNamespace;

/**
 * 500 pods come and go on a node while pod-to-pod UDP flows: each cycle adds a veth named like
 * Calico's ({@code caliN}), waits until the agent hooked it, deletes it and waits until the agent
 * noticed (ten pods at a time). The agent's state is sampled after a warm-up of 200 cycles
 * and at the end: open file descriptors and threads must not grow, resident memory must stay
 * flat, the ingress-record map must not grow, no pod interface may be left, and the long-lived
 * interfaces keep exactly one set of our programs (and the CNI's filter).
 *
 * <p>Why 200 cycles of warm-up: measured here, VmRSS steps once by ~10 MiB between cycles 100
 * and 200 (the serial collector grows the heap toward its working size, JIT code) and then moves
 * by ~150 KiB over the remaining 300 cycles. Tolerances over those 300 cycles, against the leak
 * each would catch: fds +2 and threads +2 (the JVM opens the odd file or compiler thread on its
 * own; a per-pod leak is +300); records +64 (per-pod records left would be +300; the map is an
 * LRU bounded by its capacity in any case); VmRSS +8 MiB, so a native or heap leak of more than
 * ~28 KiB per pod (a libbpf hook struct, an FFM arena never closed, a retained Java object graph
 * per interface) fails, while a further heap step of the collector stays inside.
 */
class PodInterfaceChurnIT {
    private static final int CYCLES = 500;
    private static final int WARM_UP = 200;
    private static final int FLOOD_PORT = 7020;
    private static final int PODS_AT_ONCE = 10;
    /** About 20 000 datagrams/s: traffic through the hooks all along, and CPU left for the churn. */
    private static final int FLOOD_PER_MS = 20;
    private static final Duration AGENT_REACTS = Duration.ofSeconds(10);

    @Test
    void podInterfacesComeAndGoWithoutLeaks() throws Exception {
        try (NodeLab lab = NodeLab.create()) {
            NodeHooks.addForeignFilter(lab);
            InetSocketAddress target = new InetSocketAddress(lab.fact("POD2_IP"), FLOOD_PORT);
            try (ReportReceiver collector = ReportReceiver.bind(lab.nodeNs());
                 Traffic.UdpReceiver sink = Traffic.UdpReceiver.bind(lab.pod2Ns(), target);
                 ChildProcess agent = LabAgent.start(lab, "127.0.0.1:" + collector.port(), "auto");
                 UdpFlood flood = UdpFlood.start(lab.pod1Ns(), target, 1, FLOOD_PER_MS)) {
                AgentProcessState state = new AgentProcessState(agent.pid());
                AgentProcessState.Sample warm = null;
                int warmRecords = 0;
                for (int first = 1; first <= CYCLES; first += PODS_AT_ONCE) {
                    cycle(lab, agent, first);
                    int done = first + PODS_AT_ONCE - 1;
                    if (done == WARM_UP) {
                        warm = state.sample();
                        warmRecords = state.records();
                    }
                    if (done % 100 == 0) {
                        System.out.printf("after %d cycles: %s, %d records%n", done, state.sample(), state.records());
                    }
                }
                AgentProcessState.Sample end = state.sample();
                int endRecords = state.records();
                System.out.printf("after %d cycles: %s, %d records; after %d: %s, %d records; %d datagrams flooded%n",
                        WARM_UP, warm, warmRecords, CYCLES, end, endRecords, flood.sent());
                AgentProcessState.Sample w = warm;
                int wr = warmRecords;
                assertAll(
                        () -> assertTrue(end.fds() <= w.fds() + 2, "fds " + w.fds() + " -> " + end.fds()),
                        () -> assertTrue(end.threads() <= w.threads() + 2, "threads " + w.threads() + " -> " + end.threads()),
                        () -> assertTrue(end.rssKb() <= w.rssKb() + 8 * 1024, "VmRSS kB " + w.rssKb() + " -> " + end.rssKb()),
                        () -> assertTrue(endRecords <= wr + 64, "ingress records " + wr + " -> " + endRecords));
                assertTrue(agent.isAlive());
                List<String> left = TestNamespace.run(List.of("ip", "-n", lab.nodeNs(), "-o", "link", "show")).lines()
                        .filter(l -> l.matches("\\d+: (cali1\\d\\d|x\\d+).*")).toList();
                assertEquals(List.of(), left, "pod interfaces left");
                NodeHooks.assertExactlyOneSet(lab);
                LabAgent.stop(agent);
            }
            NodeHooks.assertOnlyForeignLeft(lab);
        }
    }

    /**
     * {@link #PODS_AT_ONCE} pods from number {@code first}: their veths appear (up), the agent
     * hooks each, they go, the agent forgets each. The ip commands of a batch run side by side,
     * as pods start and stop on a busy node; one after the other, the kernel's veth creation and
     * removal (~90 ms each here) would take most of the test's time.
     */
    private static void cycle(NodeLab lab, ChildProcess agent, int first) throws Exception {
        List<String> veths = IntStream.range(first, first + PODS_AT_ONCE).mapToObj(i -> "cali" + (100 + i)).toList();
        runAll(veths.stream().map(veth -> List.of("ip", "-n", lab.nodeNs(), "link", "add", veth, "up", "type", "veth",
                "peer", "name", "x" + veth.substring(4))).toList());
        for (String veth : veths) {
            agent.awaitStderr(l -> l.contains("hooked " + veth + " ("), AGENT_REACTS);
        }
        runAll(veths.stream().map(veth -> List.of("ip", "-n", lab.nodeNs(), "link", "del", veth)).toList());
        for (String veth : veths) {
            agent.awaitStderr(l -> l.contains(" " + veth + " (ifindex") && l.contains("went away"), AGENT_REACTS);
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
