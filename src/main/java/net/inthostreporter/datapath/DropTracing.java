// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.inthostreporter.libbpf.BpfMaps;
import net.inthostreporter.libbpf.TracingLink;

/**
 * The drop path attached: the {@code skb:kfree_skb} and {@code skb:consume_skb} tracepoint
 * programs (tp_btf) that finish the ingress records of freed packets and report drops (also
 * behind a hooked egress, with its port). Unlike the TC hooks these are machine-wide and
 * attached once; they only act on packets one of our ingress programs recorded. Closing
 * detaches both.
 */
public final class DropTracing implements AutoCloseable {
    public static final String KFREE_SKB_PROGRAM = "ihr_kfree_skb";
    public static final String CONSUME_SKB_PROGRAM = "ihr_consume_skb";
    public static final String COUNTERS_MAP = "ihr_drop_counters";
    public static final String NETNS_MAP = "ihr_drop_netns";

    private final List<TracingLink> links;
    private final int countersFd;

    private DropTracing(List<TracingLink> links, int countersFd) {
        this.links = links;
        this.countersFd = countersFd;
    }

    /**
     * Attaches both programs of a loaded datapath, for packets of the calling thread's network
     * namespace (the one the TC hooks are in); on failure nothing stays attached.
     */
    public static DropTracing attach(Datapath datapath) {
        List<TracingLink> links = new ArrayList<>(2);
        try {
            setNetworkNamespace(datapath.mapFd(NETNS_MAP), currentNetnsInode());
            links.add(datapath.attachTracing(KFREE_SKB_PROGRAM));
            links.add(datapath.attachTracing(CONSUME_SKB_PROGRAM));
            return new DropTracing(List.copyOf(links), datapath.mapFd(COUNTERS_MAP));
        } catch (RuntimeException e) {
            links.forEach(TracingLink::close);
            throw e;
        }
    }

    /** The inode number of this thread's network namespace (what the kernel calls ns.inum). */
    static int currentNetnsInode() {
        try {
            Object inode = Files.getAttribute(Path.of("/proc/thread-self/ns/net"), "unix:ino");
            return (int) ((Number) inode).longValue();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the network namespace of the agent", e);
        }
    }

    private static void setNetworkNamespace(int mapFd, int inode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            value.set(ValueLayout.JAVA_INT, 0, inode);
            BpfMaps.update(mapFd, key, value, BpfMaps.BPF_ANY);
        }
    }

    /** The drop path's counters summed over all CPUs. */
    public Map<DropCounter, Long> counters() {
        return PerCpuCounters.sum(countersFd, DropCounter.class);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (TracingLink link : links) {
            try {
                link.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
