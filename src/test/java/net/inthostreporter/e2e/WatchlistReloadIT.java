// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import net.inthostreporter.testkit.AgentFlags;
import net.inthostreporter.testkit.AgentProcess;

import net.inthostreporter.testkit.CollectorProcess;
import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.testkit.Traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The watchlist decides what is reported, and follows its file while the agent runs: the file
 * is mounted the way Kubernetes mounts a ConfigMap ({@code watchlist.yaml -> ..data/watchlist.yaml},
 * {@code ..data -> ..<timestamp>}, updated by swapping {@code ..data}); an edit through the
 * symlink works too; a bad file is rejected with file, line and reason, and the previous
 * rules keep deciding; SIGHUP re-reads the file (and no longer stops the JVM).
 */
class WatchlistReloadIT {
    private static final Duration QUIET = Duration.ofMillis(1500);
    private static final Duration RELOAD_WAIT = Duration.ofSeconds(10);
    private static final int PORT_A = 7001;
    private static final int PORT_B = 7004;
    private static final int PER_PHASE = 10;
    private static final List<String> SIGHUP_IGNORED = List.of("sh", "-c", "trap '' HUP; exec \"$0\" \"$@\"");

    @Test
    void reportsFollowTheWatchlistFile() throws Exception {
        Path mount = Files.createTempDirectory("ihr-watchlist");
        try (NodeLab lab = NodeLab.create();
             CollectorProcess collector = CollectorProcess.start(lab.nodeNs())) {
            ConfigMapMount configMap = new ConfigMapMount(mount);
            configMap.publish(rulesForPort(PORT_A));
            // Started with SIGHUP ignored, as under nohup or a supervisor that ignores it: the JVM then
            // installed no handler and SIGHUP never reloaded (this test failed whenever its runner
            // had HUP ignored). The agent must reload on SIGHUP all the same.
            try (AgentProcess agent = AgentProcess.start(lab.nodeNs(), AgentFlags.forLab(lab, collector.address())
                    .reportEveryPacket().watchlist(configMap.file()), AgentProcess.Launch.PLAIN.withWrapper(SIGHUP_IGNORED));
                 var toA = Traffic.UdpReceiver.bind(lab.pod2Ns(), new InetSocketAddress(lab.fact("POD2_IP"), PORT_A));
                 var toB = Traffic.UdpReceiver.bind(lab.pod2Ns(), new InetSocketAddress(lab.fact("POD2_IP"), PORT_B))) {
                assertTrue(agent.stderrText().contains("watchlist " + configMap.file() + " active: 1 rule(s)"), agent.stderrText());

                Counts initial = phase(lab, collector, toA, toB, 0);
                assertEquals(new Counts(PER_PHASE, 0), initial, "only port A is watched at start");

                long swapped = System.nanoTime();
                configMap.publish(rulesForPort(PORT_B));
                awaitCount(agent, "reloaded (file change)", 1);
                System.out.printf("watchlist: ConfigMap swap to reload logged in %d ms%n", (System.nanoTime() - swapped) / 1_000_000);
                Counts afterSwap = phase(lab, collector, toA, toB, initial.total());
                assertEquals(new Counts(0, PER_PHASE), afterSwap, "after the ..data swap only port B is watched");

                configMap.publish("rules:\n  - protocol: UDP\n    dst-port: 99999\n");
                String rejected = agent.process().awaitStderr(l -> l.contains("watchlist rejected"), RELOAD_WAIT);
                assertTrue(rejected.contains(configMap.file() + ":3: port out of range 1..65535: 99999"), rejected);
                Counts afterBad = phase(lab, collector, toA, toB, initial.total() + afterSwap.total());
                assertEquals(new Counts(0, PER_PHASE), afterBad, "a bad file keeps the previous rules");

                // An edit through the symlink (what an operator's editor does on a host path).
                Files.writeString(configMap.file(), rulesForPort(PORT_A) + "exclude: []\n");
                awaitCount(agent, "reloaded (file change)", 2);
                Counts afterEdit = phase(lab, collector, toA, toB, initial.total() + afterSwap.total() + afterBad.total());
                assertEquals(new Counts(PER_PHASE, 0), afterEdit, "after editing the file only port A is watched");

                agent.signal("HUP");
                agent.process().awaitStderr(l -> l.contains("SIGHUP: watchlist " + configMap.file() + " unchanged"), RELOAD_WAIT);

                assertEquals(AgentProcess.EXIT_AFTER_SIGTERM, agent.stop());
            }
        } finally {
            deleteTree(mount);
        }
    }

    @Test
    void badFileAtStartExitsWithTwoBeforeAttaching() throws Exception {
        Path dir = Files.createTempDirectory("ihr-watchlist");
        try (NodeLab lab = NodeLab.create()) {
            Path file = dir.resolve("watchlist.yaml");
            Files.writeString(file, "rules:\n  - protocol: SCTP\n");
            try (AgentProcess agent = AgentProcess.launch(lab.nodeNs(), AgentFlags.forLab(lab, "127.0.0.1:9").watchlist(file),
                    AgentProcess.Launch.PLAIN)) {
                assertEquals(2, agent.awaitExit(Duration.ofSeconds(20)));
                assertTrue(agent.stderrText().contains(file + ":2: unknown protocol 'SCTP'"), agent.stderrText());
            }
            assertEquals(0, lab.nodeTc("filter", "show", "dev", "cali1", "ingress").lines().filter(l -> l.contains("ihr_tc_")).count());
        } finally {
            deleteTree(dir);
        }
    }

    private static String rulesForPort(int port) {
        return "rules:\n  - protocol: UDP\n    dst-port: " + port + "\n";
    }

    /** Reports of one phase: UDP pod1→pod2 to port A and to port B. */
    private record Counts(long toA, long toB) {
        long total() {
            return toA + toB;
        }
    }

    private static Counts phase(NodeLab lab, CollectorProcess collector, Traffic.UdpReceiver toA, Traffic.UdpReceiver toB,
                                long reportsBefore) throws Exception {
        Traffic.sendUdp(lab.pod1Ns(), new InetSocketAddress(lab.fact("POD2_IP"), PORT_A), PER_PHASE);
        Traffic.sendUdp(lab.pod1Ns(), new InetSocketAddress(lab.fact("POD2_IP"), PORT_B), PER_PHASE);
        assertEquals(PER_PHASE, toA.count(PER_PHASE, Duration.ofSeconds(3)), "delivered to port A");
        assertEquals(PER_PHASE, toB.count(PER_PHASE, Duration.ofSeconds(3)), "delivered to port B");
        List<JsonNode> all = collector.drain(QUIET);
        List<JsonNode> reports = all.subList((int) reportsBefore, all.size());
        return new Counts(reports.stream().filter(r -> udpTo(r, PORT_A)).count(), reports.stream().filter(r -> udpTo(r, PORT_B)).count());
    }

    private static boolean udpTo(JsonNode r, int port) {
        return r.get("inner").get("protocol").asInt() == 17 && r.get("inner").get("dst_port").asInt() == port;
    }

    private static void awaitCount(AgentProcess agent, String text, int count) throws InterruptedException {
        long deadline = System.nanoTime() + RELOAD_WAIT.toNanos();
        while (occurrences(agent.stderrText(), text) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("agent did not log '" + text + "' " + count + " time(s); stderr:\n" + agent.stderrText());
            }
            Thread.sleep(20);
        }
    }

    private static int occurrences(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /** A folder laid out the way the kubelet mounts a ConfigMap, updated the way it does. */
    private static final class ConfigMapMount {
        private final Path root;
        private int version;

        ConfigMapMount(Path root) throws IOException {
            this.root = root;
        }

        Path file() {
            return root.resolve("watchlist.yaml");
        }

        /** Writes a new timestamped folder, swaps ..data to it atomically, removes the old one. */
        void publish(String content) throws IOException {
            Path previous = Files.isSymbolicLink(root.resolve("..data")) ? root.resolve(Files.readSymbolicLink(root.resolve("..data"))) : null;
            Path next = root.resolve("..2025_01_01_00_00_0" + (++version) + ".000000001");
            Files.createDirectory(next);
            Files.writeString(next.resolve("watchlist.yaml"), content);
            Path tmp = root.resolve("..data_tmp");
            Files.createSymbolicLink(tmp, next.getFileName());
            Files.move(tmp, root.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (!Files.isSymbolicLink(file())) {
                Files.createSymbolicLink(file(), Path.of("..data/watchlist.yaml"));
            }
            if (previous != null) {
                deleteTree(previous);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
