// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import net.inthostreporter.sys.NetNamespace;
import net.inthostreporter.testing.KernelRequirement;
import net.inthostreporter.testing.TestNamespace;

/**
 * The Calico-like node of scripts/lab.sh (the same topology the demo uses): a node namespace
 * routing between two pod namespaces through cali1/cali2 and to a remote node through eth1.
 * Removed on close, whatever happened.
 */
public final class NodeLab implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    static final Path SCRIPT = ProjectPaths.root().resolve("scripts/lab.sh");

    private final String prefix;
    private final LabFacts facts;

    private NodeLab(String prefix, LabFacts facts) {
        this.prefix = prefix;
        this.facts = facts;
    }

    public static NodeLab create() {
        String prefix = uniquePrefix();
        return new NodeLab(prefix, runCreate("create", "destroy", prefix));
    }

    /** A namespace prefix no other lab of this or another test JVM uses now. */
    static String uniquePrefix() {
        return "ihre" + ProcessHandle.current().pid() % 100_000 + "x" + COUNTER.incrementAndGet();
    }

    /** Runs {@code lab.sh CREATE PREFIX} (undone with DESTROY if it fails) and returns the KEY=VALUE facts it printed. */
    static LabFacts runCreate(String create, String destroy, String prefix) {
        KernelRequirement.requireRoot();
        String output;
        try {
            output = TestNamespace.run(List.of("bash", SCRIPT.toString(), create, prefix));
        } catch (RuntimeException e) {
            TestNamespace.run(List.of("bash", SCRIPT.toString(), destroy, prefix));
            throw e;
        }
        Map<String, String> facts = new HashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                facts.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return new LabFacts(facts);
    }

    public String fact(String key) {
        return facts.fact(key);
    }

    public int ifindex(String key) {
        return facts.ifindex(key);
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

    /** Runs a task on a thread inside one of the lab's namespaces (sockets opened there stay there). */
    public static <T> T in(String ns, Callable<T> task) throws Exception {
        return NetNamespace.call(ns, task);
    }

    /** Runs {@code tc -n NODE args}. */
    public String nodeTc(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("tc", "-n", nodeNs()));
        command.addAll(List.of(args));
        return TestNamespace.run(command);
    }

    @Override
    public void close() {
        TestNamespace.run(List.of("bash", SCRIPT.toString(), "destroy", prefix));
    }
}
