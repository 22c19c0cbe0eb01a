// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import net.inthostreporter.sys.Errno;
import net.inthostreporter.sys.Libc;
import net.inthostreporter.sys.NetNamespace;

/**
 * A network namespace owned by one test: {@code ip netns add PREFIX-PID-N}, deleted on
 * close whatever happened (deleting it also removes its veths and every TC program on them).
 * Spawning ip/tc is fine in tests; production code never does.
 */
public final class TestNamespace implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String name;

    private TestNamespace(String name) {
        this.name = name;
    }

    /** Creates a namespace named {@code prefix-<pid>-<n>}, with its loopback up. */
    public static TestNamespace create(String prefix) {
        KernelRequirement.requireRoot();
        String name = prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        run(List.of("ip", "netns", "add", name));
        TestNamespace ns = new TestNamespace(name);
        try {
            ns.ip("link", "set", "lo", "up");
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    public String name() {
        return name;
    }

    /** Runs {@code ip -n NAME args...}; returns stdout, throws with stderr on failure. */
    public String ip(String... args) {
        return run(prefixed("ip", args));
    }

    /** Runs {@code tc -n NAME args...}. */
    public String tc(String... args) {
        return run(prefixed("tc", args));
    }

    /** Runs a task on a thread inside the namespace (see {@link NetNamespace#call}). */
    public <T> T call(Callable<T> task) throws Exception {
        return NetNamespace.call(name, task);
    }

    /** The ifindex of an interface of this namespace. */
    public int ifindex(String device) throws Exception {
        return call(() -> Errno.check(Libc.ifNameToIndex(device), "if_nametoindex", device + " in " + name));
    }

    /** Adds a veth pair with fixed MAC addresses, both ends up. */
    public void addVeth(String a, String macA, String b, String macB) {
        ip("link", "add", a, "address", macA, "type", "veth", "peer", "name", b, "address", macB);
        ip("link", "set", a, "up");
        ip("link", "set", b, "up");
    }

    private List<String> prefixed(String tool, String... args) {
        List<String> command = new ArrayList<>(List.of(tool, "-n", name));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs a command and returns its stdout (see {@link Commands#run(List)}). */
    public static String run(List<String> command) {
        return Commands.run(command);
    }

    @Override
    public void close() {
        run(List.of("ip", "netns", "del", name));
    }

    @Override
    public String toString() {
        return name;
    }
}
