// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import java.util.ArrayList;
import java.util.List;

import net.inthostreporter.libbpf.TcxLink;
import net.inthostreporter.sys.Libc;
import net.inthostreporter.sys.NetNamespace;

/**
 * The empty program attached the way the agent attaches ours: a TCX link first in the chain, on
 * ingress and egress of each of the node's interfaces. Detached on close (the links are fds).
 */
final class EmptyAttachment implements AutoCloseable {
    private final List<TcxLink> links;

    private EmptyAttachment(List<TcxLink> links) {
        this.links = links;
    }

    static EmptyAttachment attach(String nodeNs, List<String> interfaces, int programFd) throws Exception {
        List<TcxLink> links = new ArrayList<>();
        try {
            NetNamespace.call(nodeNs, () -> {
                for (String name : interfaces) {
                    int ifindex = Libc.ifNameToIndex(name);
                    if (ifindex < 0) {
                        throw new IllegalStateException("no interface " + name + " in " + nodeNs);
                    }
                    for (TcxLink.Direction direction : TcxLink.Direction.values()) {
                        links.add(TcxLink.attachFirst(ifindex, direction, programFd));
                    }
                }
                return null;
            });
        } catch (Exception e) {
            links.forEach(TcxLink::close);
            throw e;
        }
        return new EmptyAttachment(links);
    }

    @Override
    public void close() {
        links.forEach(TcxLink::close);
    }
}
