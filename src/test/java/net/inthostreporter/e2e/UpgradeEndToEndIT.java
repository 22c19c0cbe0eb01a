// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.testkit.ChildProcess;
import net.inthostreporter.testkit.ApiClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.inthostreporter.testkit.KernelRequirement;
import net.inthostreporter.testkit.NodeHooks;
import net.inthostreporter.testkit.TestNamespace;
import net.inthostreporter.testkit.TwoNodeLab;

/**
 * What users of the previous tool meet on the namespaced node, with the real agent: its command
 * line in Go's single-dash style, a data interface that does not exist yet (tolerated before; it
 * must not be a crash loop now), and the DeepInsight topology file made from the agent's API.
 */
class UpgradeEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @BeforeAll
    static void kernel() {
        KernelRequirement.requireRoot();
    }

    /** The previous tool's flags, single dashes and all, with the lab's values. */
    private static ChildProcess startAgent(NodeLab lab, String dataInterface, int apiPort) throws Exception {
        return ChildProcess.launch("agent", lab.nodeNs(), "-collector", "127.0.0.1:9", "-switch-id", lab.fact("NODE_IP"),
                "-cni", "calico-iptables", "-data-interface", dataInterface, "-attach-mode=tc",
                "-api-address", "127.0.0.1:" + apiPort);
    }

    private static ApiClient.Answer await(ChildProcess agent, ApiClient api, String path, Predicate<ApiClient.Answer> wanted,
                                          String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        ApiClient.Answer last = null;
        while (System.nanoTime() < deadline) {
            assertTrue(agent.isAlive(), () -> "the agent exited:\n" + agent.stderrText());
            try {
                last = api.get(path);
                if (wanted.test(last)) {
                    return last;
                }
            } catch (java.io.IOException notListeningYet) {
                // the API comes up once the programs are loaded
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s; last answer " + last
                + "\nagent:\n" + agent.stderrText());
    }

    @Test
    void aMissingDataInterfaceIsNotFatalAndIsHookedWhenItAppears() throws Exception {
        try (NodeLab lab = NodeLab.create()) {
            int port = ApiClient.freePort(lab.nodeNs());
            ApiClient api = new ApiClient(lab.nodeNs(), port);
            try (ChildProcess agent = startAgent(lab, "eth7", port)) {
                ApiClient.Answer notReady = await(agent, api, "/readyz", a -> a.status() == 503, "503 from /readyz");
                assertTrue(JSON.readTree(notReady.body()).get("reason").asText()
                        .contains("the data interface eth7 does not exist on this node; it is hooked when it appears"),
                        notReady.body());
                assertTrue(agent.stderrText().contains("the data interface eth7 does not exist on this node (yet)"),
                        agent.stderrText());
                for (String dev : List.of("cali1", "cali2")) {
                    for (String direction : List.of("ingress", "egress")) {
                        assertEquals(1, NodeHooks.ours(lab, dev, direction),
                                dev + " " + direction + ": the pod interfaces are hooked meanwhile");
                    }
                }

                TestNamespace.run(List.of("ip", "-n", lab.nodeNs(), "link", "add", "eth7", "type", "veth", "peer", "name", "eth7p"));
                TestNamespace.run(List.of("ip", "-n", lab.nodeNs(), "link", "set", "eth7", "up"));

                await(agent, api, "/readyz", a -> a.status() == 200, "200 from /readyz once eth7 exists");
                for (String direction : List.of("ingress", "egress")) {
                    assertEquals(1, NodeHooks.ours(lab, "eth7", direction),
                            "eth7 " + direction);
                }
                JsonNode topology = JSON.readTree(api.get("/api/v1/topology").body());
                int eth7 = Integer.parseInt(TestNamespace.run(List.of("ip", "netns", "exec", lab.nodeNs(),
                        "cat", "/sys/class/net/eth7/ifindex")).strip());
                boolean listed = false;
                for (JsonNode link : topology.get("links")) {
                    if (link.get("name").asText().equals("eth7")) {
                        listed = true;
                        assertEquals(eth7, link.get("id").asInt());
                        assertTrue(link.get("is-node-iface").asBoolean(), topology.toString());
                    }
                }
                assertTrue(listed, topology.toString());
                agent.signal("TERM");
                assertEquals(net.inthostreporter.testkit.AgentProcess.EXIT_AFTER_SIGTERM, agent.awaitExit(Duration.ofSeconds(15)), agent::stderrText);
            }
            for (String dev : List.of("cali1", "cali2", "eth7")) {
                assertEquals(0, NodeHooks.ours(lab, dev, "ingress"), dev + " after stop");
            }
        }
    }

    @Test
    void theDeepInsightTopologyOfTheNodeFromItsApi() throws Exception {
        try (NodeLab lab = NodeLab.create()) {
            int port = ApiClient.freePort(lab.nodeNs());
            ApiClient api = new ApiClient(lab.nodeNs(), port);
            Path fabric = Files.writeString(tmp.resolve("fabric.yaml"), """
                    switches:
                      - name: device:leaf1
                        ip: 10.99.0.254
                        switchId: 81
                        ports:
                          - {port: 12, node: %s}
                          - {port: 13, host: remote}
                    hosts:
                      - {name: remote, ip: %s}
                    """.formatted(lab.fact("NODE_IP"), lab.fact("REMOTE_IP")));
            Path output = tmp.resolve("topo.json");
            try (ChildProcess agent = startAgent(lab, "eth1", port)) {
                await(agent, api, "/readyz", a -> a.status() == 200, "200 from /readyz");
                try (ChildProcess topology = ChildProcess.launch("topology", lab.nodeNs(), "topology", "--deepinsight",
                        "--node", "device:node1=http://127.0.0.1:" + port, "--fabric", fabric.toString(),
                        "-o", output.toString())) {
                    assertEquals(0, topology.awaitExit(WAIT), topology::stderrText);
                }
                agent.signal("TERM");
                agent.awaitExit(Duration.ofSeconds(15));
            }
            String cali1 = lab.fact("CALI1_IFINDEX");
            String cali2 = lab.fact("CALI2_IFINDEX");
            String eth1 = lab.fact("DATA_IFINDEX");
            // Written by hand from scripts/lab.sh: the pods' /32 and /128 routes on cali1/cali2, the node
            // subnets on eth1 (169.254.1.1/32, Calico's gateway trick, is link-local and left out).
            JsonNode expected = JSON.readTree("""
                    {"switches": [
                       {"name": "device:leaf1", "ip": "10.99.0.254", "deviceType": "legacy", "switchId": 81},
                       {"name": "device:node1", "ip": "10.99.0.1", "deviceType": "legacy", "switchId": 174260225}],
                     "links": [
                       {"node1": "device:leaf1", "node2": "device:node1", "port1": "12", "port2": "ETH1"},
                       {"node1": "device:leaf1", "node2": "remote", "port1": "13", "port2": "-1"},
                       {"node1": "device:node1", "node2": "10.244.1.11/32", "port1": "CALI1", "port2": "-1"},
                       {"node1": "device:node1", "node2": "fd00:244:1::11/128", "port1": "CALI1", "port2": "-1"},
                       {"node1": "device:node1", "node2": "10.244.1.12/32", "port1": "CALI2", "port2": "-1"},
                       {"node1": "device:node1", "node2": "fd00:244:1::12/128", "port1": "CALI2", "port2": "-1"},
                       {"node1": "device:node1", "node2": "10.99.0.0/24", "port1": "ETH1", "port2": "-1"},
                       {"node1": "device:node1", "node2": "fd00:99::/64", "port1": "ETH1", "port2": "-1"}],
                     "subnets": [
                       {"name": "10.244.1.11/32", "ip_subnet": "10.244.1.11/32", "subnet_id": 1},
                       {"name": "fd00:244:1::11/128", "ip_subnet": "fd00:244:1::11/128", "subnet_id": 2},
                       {"name": "10.244.1.12/32", "ip_subnet": "10.244.1.12/32", "subnet_id": 3},
                       {"name": "fd00:244:1::12/128", "ip_subnet": "fd00:244:1::12/128", "subnet_id": 4},
                       {"name": "10.99.0.0/24", "ip_subnet": "10.99.0.0/24", "subnet_id": 5},
                       {"name": "fd00:99::/64", "ip_subnet": "fd00:99::/64", "subnet_id": 6}],
                     "hosts": [{"name": "remote", "ip": "10.99.0.2"}]}"""
                    .replace("CALI1", cali1).replace("CALI2", cali2).replace("ETH1", eth1));
            assertEquals(expected, JSON.readTree(Files.readString(output)));
        }
    }

    /**
     * Two nodes, read from the collector's namespace over their management links: each node's pods
     * widened to their /24, its node subnet, and one leaf cabled to both data interfaces.
     */
    @Test
    void theDeepInsightTopologyOfTwoNodes() throws Exception {
        try (TwoNodeLab lab = TwoNodeLab.create()) {
            ApiClient node1 = new ApiClient(lab.fact("NODE1_NS"), "10.98.1.1", ApiClient.freePort(lab.fact("NODE1_NS")));
            ApiClient node2 = new ApiClient(lab.fact("NODE2_NS"), "10.98.2.2", ApiClient.freePort(lab.fact("NODE2_NS")));
            String[] api = {null, "10.98.1.1:" + node1.port(), "10.98.2.2:" + node2.port()};
            Path fabric = Files.writeString(tmp.resolve("fabric2.yaml"), """
                    switches:
                      - name: device:leaf1
                        ip: 10.99.0.254
                        switchId: 81
                        ports:
                          - {port: 1, node: 10.99.0.1}
                          - {port: 2, node: device:node2}
                    """);
            Path output = tmp.resolve("topo2.json");
            try (ChildProcess agent1 = ChildProcess.launch("agent1", lab.fact("NODE1_NS"), agentArgs(lab, 1, api[1]));
                 ChildProcess agent2 = ChildProcess.launch("agent2", lab.fact("NODE2_NS"), agentArgs(lab, 2, api[2]))) {
                await(agent1, node1, "/readyz", a -> a.status() == 200, "200 from node 1's /readyz");
                await(agent2, node2, "/readyz", a -> a.status() == 200, "200 from node 2's /readyz");
                try (ChildProcess topology = ChildProcess.launch("topology", lab.fact("COLLECTOR_NS"), "topology",
                        "--deepinsight", "--node", "http://" + api[1], "--node", "device:node2=http://" + api[2],
                        "--fabric", fabric.toString(), "--pod-prefix-length", "24", "-o", output.toString())) {
                    assertEquals(0, topology.awaitExit(WAIT), topology::stderrText);
                }
            }
            // Written by hand from scripts/lab.sh (create2); the routes to the other node's pods go
            // via a gateway (eth1) or the overlay and are not behind this node's interfaces.
            JsonNode expected = JSON.readTree("""
                    {"switches": [
                       {"name": "device:leaf1", "ip": "10.99.0.254", "deviceType": "legacy", "switchId": 81},
                       {"name": "device:10.99.0.1", "ip": "10.99.0.1", "deviceType": "legacy", "switchId": 174260225},
                       {"name": "device:node2", "ip": "10.99.0.2", "deviceType": "legacy", "switchId": 174260226}],
                     "links": [
                       {"node1": "device:leaf1", "node2": "device:10.99.0.1", "port1": "1", "port2": "N1ETH1"},
                       {"node1": "device:leaf1", "node2": "device:node2", "port1": "2", "port2": "N2ETH1"},
                       {"node1": "device:10.99.0.1", "node2": "10.244.1.0/24", "port1": "N1CALI1", "port2": "-1"},
                       {"node1": "device:10.99.0.1", "node2": "fd00:244::11/128", "port1": "N1CALI1", "port2": "-1"},
                       {"node1": "device:10.99.0.1", "node2": "10.244.1.0/24", "port1": "N1CALI2", "port2": "-1"},
                       {"node1": "device:10.99.0.1", "node2": "fd00:244::12/128", "port1": "N1CALI2", "port2": "-1"},
                       {"node1": "device:10.99.0.1", "node2": "10.99.0.0/24", "port1": "N1ETH1", "port2": "-1"},
                       {"node1": "device:node2", "node2": "10.244.2.0/24", "port1": "N2CALI1", "port2": "-1"},
                       {"node1": "device:node2", "node2": "fd00:244::21/128", "port1": "N2CALI1", "port2": "-1"},
                       {"node1": "device:node2", "node2": "10.244.2.0/24", "port1": "N2CALI2", "port2": "-1"},
                       {"node1": "device:node2", "node2": "fd00:244::22/128", "port1": "N2CALI2", "port2": "-1"},
                       {"node1": "device:node2", "node2": "10.99.0.0/24", "port1": "N2ETH1", "port2": "-1"}],
                     "subnets": [
                       {"name": "10.244.1.0/24", "ip_subnet": "10.244.1.0/24", "subnet_id": 1},
                       {"name": "fd00:244::11/128", "ip_subnet": "fd00:244::11/128", "subnet_id": 2},
                       {"name": "fd00:244::12/128", "ip_subnet": "fd00:244::12/128", "subnet_id": 3},
                       {"name": "10.99.0.0/24", "ip_subnet": "10.99.0.0/24", "subnet_id": 4},
                       {"name": "10.244.2.0/24", "ip_subnet": "10.244.2.0/24", "subnet_id": 5},
                       {"name": "fd00:244::21/128", "ip_subnet": "fd00:244::21/128", "subnet_id": 6},
                       {"name": "fd00:244::22/128", "ip_subnet": "fd00:244::22/128", "subnet_id": 7}],
                     "hosts": []}"""
                    .replace("N1CALI1", lab.fact("N1_CALI1_IFINDEX")).replace("N1CALI2", lab.fact("N1_CALI2_IFINDEX"))
                    .replace("N1ETH1", lab.fact("N1_DATA_IFINDEX")).replace("N2CALI1", lab.fact("N2_CALI1_IFINDEX"))
                    .replace("N2CALI2", lab.fact("N2_CALI2_IFINDEX")).replace("N2ETH1", lab.fact("N2_DATA_IFINDEX")));
            assertEquals(expected, JSON.readTree(Files.readString(output)));
        }
    }

    private static String[] agentArgs(TwoNodeLab lab, int node, String apiAddress) {
        List<String> args = new java.util.ArrayList<>(lab.agentArgs(node, 9));
        args.addAll(List.of("--api-address", apiAddress));
        return args.toArray(String[]::new);
    }
}
