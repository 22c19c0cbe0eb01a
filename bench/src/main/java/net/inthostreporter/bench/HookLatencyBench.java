// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import net.inthostreporter.testkit.AgentProcess;
import net.inthostreporter.testkit.Commands;
import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.testkit.ReportReceiver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import net.inthostreporter.libbpf.TcxLink;
import net.inthostreporter.sys.Libc;
import net.inthostreporter.sys.NetNamespace;

/**
 * New interface → hooked: with the agent running in the node namespace, creates veth pairs
 * (`ip -n NODE link add calibN type veth peer name xbN`) one at a time and polls every 0.1 ms,
 * from a thread inside the namespace, for the interface and then for a program in both TCX
 * chains of calibN. The latency runs from the first poll that sees the interface to the first
 * that sees both programs; the baseline is how long `ip link add` itself took (spawn, netlink,
 * exit) for the same creations.
 */
final class HookLatencyBench {
    static final String NAME = "hook";
    private static final double TARGET_P99_MS = 50;
    private static final Duration GIVE_UP = Duration.ofSeconds(5);

    private final BenchSettings settings;

    HookLatencyBench(BenchSettings settings) {
        this.settings = settings;
    }

    List<Figure> run() throws Exception {
        List<Double> hookedMs = new ArrayList<>();
        List<Double> ipMs = new ArrayList<>();
        int[] missed = {0};
        try (NodeLab lab = settings.lab();
             ReportReceiver sink = ReportReceiver.sink(lab.nodeNs());
             AgentProcess agent = settings.startAgent(lab, sink.port(), settings.agentJar(), List.of())) {
            String ns = lab.nodeNs();
            NetNamespace.call(ns, () -> {
                for (int i = 0; i < settings.interfaces(); i++) {
                    String name = "calib" + i;
                    long start = System.nanoTime();
                    Process ip = new ProcessBuilder("ip", "-n", ns, "link", "add", name, "type", "veth", "peer", "name", "xb" + i)
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    long[] seenAndHooked = awaitHooked(name, start + GIVE_UP.toNanos());
                    if (ip.waitFor() != 0) {
                        throw new IllegalStateException("ip link add " + name + " failed");
                    }
                    ipMs.add((System.nanoTime() - start) / 1e6);
                    if (seenAndHooked[1] < 0) {
                        missed[0]++;
                    } else {
                        hookedMs.add((seenAndHooked[1] - seenAndHooked[0]) / 1e6);
                    }
                    Commands.run("ip", "-n", ns, "link", "del", name);
                }
                return null;
            });
        }
        double p99 = Stats.percentile(hookedMs, 99);
        String note = settings.interfaces() + " veth creations, " + missed[0] + " not hooked within " + GIVE_UP.toSeconds()
                + " s; median " + String.format("%.1f", Stats.median(hookedMs)) + " ms; poll every 0.1 ms";
        return List.of(Figure.withTarget(NAME, "interface seen -> TCX programs visible, p99", p99, "ms",
                "ip link add itself, p99", Stats.percentile(ipMs, 99), "<= 50 ms",
                p99 <= TARGET_P99_MS && missed[0] == 0, note));
    }

    /**
     * nanoTime when the interface was first seen, and when both its TCX chains held a program
     * ({-1, -1} / {seen, -1} at the deadline).
     */
    private static long[] awaitHooked(String name, long deadline) {
        long seen = -1;
        while (System.nanoTime() < deadline) {
            int ifindex = Libc.ifNameToIndex(name);
            if (ifindex > 0) {
                if (seen < 0) {
                    seen = System.nanoTime();
                }
                if (!TcxLink.programIds(ifindex, TcxLink.Direction.INGRESS).isEmpty()
                        && !TcxLink.programIds(ifindex, TcxLink.Direction.EGRESS).isEmpty()) {
                    return new long[] {seen, System.nanoTime()};
                }
            }
            LockSupport.parkNanos(100_000);
        }
        return new long[] {seen, -1};
    }
}
