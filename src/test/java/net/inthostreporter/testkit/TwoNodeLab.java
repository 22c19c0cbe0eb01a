// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import java.util.List;

/**
 * The two-node lab of {@code scripts/lab.sh create2}: two Calico-like nodes (switch ids
 * 10.99.0.1 and 10.99.0.2), two pods each, joined by a routed data link with a VXLAN overlay,
 * and a collector namespace reachable from both nodes over a separate management network.
 * Removed on close, whatever happened.
 */
public final class TwoNodeLab implements AutoCloseable {
    private final LabScript script;

    private TwoNodeLab(LabScript script) {
        this.script = script;
    }

    public static TwoNodeLab create() {
        return new TwoNodeLab(LabScript.create("create2", NodeLab.uniquePrefix()));
    }

    public String fact(String key) {
        return script.fact(key);
    }

    public int ifindex(String key) {
        return Integer.parseInt(fact(key));
    }

    /** The agent's arguments for node 1 or 2, reporting to a collector on {@code collectorPort}. */
    public List<String> agentArgs(int node, int collectorPort) {
        return List.of("--collector", fact("NODE" + node + "_COLLECTOR_IP") + ":" + collectorPort,
                "--switch-id", fact("NODE" + node + "_IP"), "--cni", "calico-iptables", "--data-interface", "eth1");
    }

    /** Starts node 1's or 2's agent reporting to {@code collectorPort}; returns once /readyz says it is ready. */
    public AgentProcess startAgent(int node, int collectorPort) throws Exception {
        return AgentProcess.start(fact("NODE" + node + "_NS"),
                AgentFlags.empty().withRaw(agentArgs(node, collectorPort).toArray(String[]::new)), AgentProcess.Launch.PLAIN);
    }

    @Override
    public void close() {
        script.close();
    }
}
