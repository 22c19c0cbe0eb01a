// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import java.util.ArrayList;
import java.util.List;

import net.inthostreporter.libbpf.BpfObject;
import net.inthostreporter.libbpf.TcxLink;
import net.inthostreporter.sys.Libc;
import net.inthostreporter.sys.NetNamespace;

/**
 * The empty TC program (src/test/bpf/empty_tc.bpf.c, returns "continue" like ours), loaded:
 * the baseline of "a program is attached", and the stand-in wherever a test needs some TC
 * program. {@link #attachEverywhere} attaches it the way the agent attaches ours.
 */
public final class EmptyProgram implements AutoCloseable {
    public static final String NAME = "empty_tc";

    private final BpfObject object;

    private EmptyProgram(BpfObject object) {
        this.object = object;
    }

    public static EmptyProgram load() {
        BpfObject object = BpfObject.openMemory(NAME, TestObjects.bytes(NAME));
        try {
            object.load();
            return new EmptyProgram(object);
        } catch (RuntimeException e) {
            object.close();
            throw e;
        }
    }

    public int fd() {
        return object.programFd(NAME);
    }

    /**
     * TCX links first in the chain, ingress and egress, on each of these interfaces of {@code ns}.
     * Detached when the returned handle is closed (the links are fds).
     */
    public AutoCloseable attachEverywhere(String ns, List<String> interfaces) throws Exception {
        List<TcxLink> links = new ArrayList<>();
        try {
            NetNamespace.call(ns, () -> {
                for (String name : interfaces) {
                    int ifindex = Libc.ifNameToIndex(name);
                    if (ifindex <= 0) {
                        throw new IllegalStateException("no interface " + name + " in " + ns);
                    }
                    for (TcxLink.Direction direction : TcxLink.Direction.values()) {
                        links.add(TcxLink.attachFirst(ifindex, direction, fd()));
                    }
                }
                return null;
            });
        } catch (Exception e) {
            links.forEach(TcxLink::close);
            throw e;
        }
        return () -> links.forEach(TcxLink::close);
    }

    @Override
    public void close() {
        object.close();
    }
}
