// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import net.inthostreporter.testkit.AgentFlags;
import net.inthostreporter.testkit.AgentProcess;

import net.inthostreporter.testkit.CollectorProcess;
import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.testkit.Traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import net.inthostreporter.testkit.KernelRequirement;

/**
 * The DaemonSet's promise, on a namespaced node: uid 0 with exactly CAP_BPF, CAP_NET_ADMIN and
 * CAP_PERFMON, no_new_privs, configured only through environment variables, is enough to attach
 * and report; without any one of the three the agent fails to start (exit 1) and leaves nothing.
 * {@code setpriv} narrows the bounding set as the container runtime does for
 * {@code capabilities: {add: [BPF, NET_ADMIN, PERFMON], drop: [ALL]}}.
 */
class LeastPrivilegeIT {
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    /** CAP_NET_ADMIN (12), CAP_PERFMON (38), CAP_BPF (39). */
    private static final String THREE_CAPABILITIES_MASK = "000000c000001000";

    private static List<String> onlyCapabilities(String capabilities) {
        return List.of(SETPRIV.toString(), "--bounding-set=-all," + capabilities, "--inh-caps=-all", "--no-new-privs",
                "--reuid=0");
    }

    /** The flags as environment variables (the DaemonSet's form), the launcher under setpriv; not waited on. */
    private static AgentProcess start(NodeLab lab, int collectorPort, String mode, String capabilities) throws Exception {
        KernelRequirement.require(Files.isExecutable(SETPRIV), SETPRIV + " (util-linux) is missing");
        Map<String, String> env = Map.of("COLLECTOR", "127.0.0.1:" + collectorPort, "SWITCH_ID", lab.fact("NODE_IP"),
                "CNI", "calico-iptables", "DATA_INTERFACE", "eth1", "ATTACH_MODE", mode, "REPORT_EVERY_PACKET", "true");
        return AgentProcess.launch(lab.nodeNs(), AgentFlags.empty(),
                new AgentProcess.Launch(env, onlyCapabilities(capabilities)));
    }

    @ParameterizedTest(name = "attach mode {0}")
    @ValueSource(strings = {"tcx", "tc"})
    void threeCapabilitiesAreEnough(String mode) throws Exception {
        try (NodeLab lab = NodeLab.create();
             CollectorProcess collector = CollectorProcess.start(lab.nodeNs());
             AgentProcess agent = start(lab, collector.port(), mode, "+bpf,+net_admin,+perfmon")) {
            agent.awaitReady(AgentProcess.START_TIMEOUT);
            String status = Files.readString(Path.of("/proc", Long.toString(agent.pid()), "status"));
            assertTrue(status.contains("CapEff:\t" + THREE_CAPABILITIES_MASK), status);
            assertTrue(status.contains("NoNewPrivs:\t1"), status);

            InetSocketAddress pod2 = new InetSocketAddress(lab.fact("POD2_IP"), 7001);
            try (var receiver = Traffic.UdpReceiver.bind(lab.pod2Ns(), pod2)) {
                Traffic.sendUdp(lab.pod1Ns(), pod2, 10);
                assertEquals(10, receiver.count(10, Duration.ofSeconds(3)), "pod→pod UDP must be delivered");
            }
            List<JsonNode> reports = collector.drain(Duration.ofMillis(1500));
            long toPod2 = reports.stream().filter(r -> r.path("inner").path("protocol").asInt() == 17
                    && r.path("inner").path("dst_port").asInt() == 7001).count();
            assertEquals(10, toPod2, "reports of the pod→pod datagrams: " + reports);

            assertEquals(AgentProcess.EXIT_AFTER_SIGTERM, agent.stop(), agent.stderrText());
            assertEquals("", lab.nodeTc("filter", "show", "dev", "cali1", "ingress").strip());
        }
    }

    @ParameterizedTest(name = "with only {0}")
    @CsvSource({"'+net_admin,+perfmon', BPF", "'+bpf,+perfmon', NET_ADMIN", "'+bpf,+net_admin', PERFMON"})
    void eachCapabilityIsNeeded(String capabilities, String missing) throws Exception {
        try (NodeLab lab = NodeLab.create();
             CollectorProcess collector = CollectorProcess.start(lab.nodeNs());
             AgentProcess agent = start(lab, collector.port(), "tc", capabilities)) {
            assertEquals(1, agent.awaitExit(Duration.ofSeconds(30)), "without CAP_" + missing + ": " + agent.stderrText());
            assertTrue(agent.stderrText().contains("cannot start"), agent.stderrText());
            for (String dev : List.of("cali1", "cali2", "eth1")) {
                assertEquals("", lab.nodeTc("filter", "show", "dev", dev, "ingress").strip(), dev + " without CAP_" + missing);
            }
        }
    }
}
