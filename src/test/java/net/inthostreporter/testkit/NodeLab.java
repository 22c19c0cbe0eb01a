// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import net.inthostreporter.sys.NetNamespace;

/**
 * The Calico-like node of scripts/lab.sh (the topology the demo uses): a node namespace routing
 * between two pod namespaces through cali1/cali2 and to a remote node through eth1. Removed on
 * close, whatever happened.
 */
public final class NodeLab implements AutoCloseable {
    /** The node's interfaces the agent hooks (pods and the data interface). */
    public static final List<String> NODE_INTERFACES = List.of("cali1", "cali2", "eth1");
    public static final String DATA_INTERFACE = "eth1";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final LabScript script;

    private NodeLab(LabScript script) {
        this.script = script;
    }

    /** A lab with a prefix unique to this JVM and call. */
    public static NodeLab create() {
        return create(uniquePrefix());
    }

    /** A namespace prefix no other lab of this or another test JVM uses now. */
    static String uniquePrefix() {
        return "ihre" + ProcessHandle.current().pid() % 100_000 + "x" + COUNTER.incrementAndGet();
    }

    /** A lab whose namespaces start with {@code prefix} (bench/run.sh removes its prefix on any exit). */
    public static NodeLab create(String prefix) {
        return new NodeLab(LabScript.create("create", prefix));
    }

    /** The lab with its pod veths named {@code vethPrefix}1 and 2 ("cali" as Calico, "lxc" as Cilium). */
    public static NodeLab withPodVeths(String vethPrefix) {
        return new NodeLab(LabScript.create("create", uniquePrefix(), vethPrefix));
    }

    public String fact(String key) {
        return script.fact(key);
    }

    public int ifindex(String key) {
        return Integer.parseInt(fact(key));
    }

    public String nodeNs() {
        return fact("NODE_NS");
    }

    public String pod1Ns() {
        return fact("POD1_NS");
    }

    public String pod2Ns() {
        return fact("POD2_NS");
    }

    public String remoteNs() {
        return fact("REMOTE_NS");
    }

    public String pod1Ip() {
        return fact("POD1_IP");
    }

    public String pod2Ip() {
        return fact("POD2_IP");
    }

    /** The node IP: the agent's switch id in every lab run. */
    public String nodeIp() {
        return fact("NODE_IP");
    }

    /** Runs a task on a thread inside one of the lab's namespaces (sockets opened there stay there). */
    public static <T> T in(String ns, Callable<T> task) throws Exception {
        return NetNamespace.call(ns, task);
    }

    /** Runs {@code tc -n NODE args}. */
    public String nodeTc(String... args) {
        List<String> command = new ArrayList<>(List.of("tc", "-n", nodeNs()));
        command.addAll(List.of(args));
        return Commands.run(command);
    }

    @Override
    public void close() {
        script.close();
    }
}
