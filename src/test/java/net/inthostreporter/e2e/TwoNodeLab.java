// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import java.util.List;

import net.inthostreporter.testing.TestNamespace;

/**
 * The two-node lab of {@code scripts/lab.sh create2}: two Calico-like nodes (switch ids
 * 10.99.0.1 and 10.99.0.2), two pods each, joined by a routed data link with a VXLAN overlay,
 * and a collector namespace reachable from both nodes over a separate management network.
 * Removed on close, whatever happened.
 */
public final class TwoNodeLab implements AutoCloseable {
    private final String prefix;
    private final LabFacts facts;

    private TwoNodeLab(String prefix, LabFacts facts) {
        this.prefix = prefix;
        this.facts = facts;
    }

    public static TwoNodeLab create() {
        String prefix = NodeLab.uniquePrefix();
        return new TwoNodeLab(prefix, NodeLab.runCreate("create2", "destroy2", prefix));
    }

    public String fact(String key) {
        return facts.fact(key);
    }

    public int ifindex(String key) {
        return facts.ifindex(key);
    }

    /** The agent's arguments for node 1 or 2, reporting to a collector on {@code collectorPort}. */
    public List<String> agentArgs(int node, int collectorPort) {
        return List.of("--collector", fact("NODE" + node + "_COLLECTOR_IP") + ":" + collectorPort,
                "--switch-id", fact("NODE" + node + "_IP"), "--cni", "calico-iptables", "--data-interface", "eth1");
    }

    /** Starts node 1's or 2's agent reporting to {@code collectorPort}; returns once it reports. */
    public ChildProcess startAgent(int node, int collectorPort) throws Exception {
        ChildProcess agent = ChildProcess.launch("agent" + node, fact("NODE" + node + "_NS"),
                agentArgs(node, collectorPort).toArray(String[]::new));
        try {
            agent.awaitStderr(l -> l.contains("reporting to"), java.time.Duration.ofSeconds(30));
            return agent;
        } catch (Throwable t) {
            agent.close();
            throw t;
        }
    }

    @Override
    public void close() {
        TestNamespace.run(List.of("bash", NodeLab.SCRIPT.toString(), "destroy2", prefix));
    }
}
