// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import net.inthostreporter.libbpf.BpfMaps;
import net.inthostreporter.libbpf.TracingLink;

/**
 * The drop path attached: the {@code skb:kfree_skb} and {@code skb:consume_skb} tracepoint
 * programs (tp_btf) that finish the ingress records of freed packets and report drops. Unlike
 * the TC hooks these are machine-wide and attached once; they only act on packets one of our
 * ingress programs recorded. Closing detaches both.
 */
public final class DropTracing implements AutoCloseable {
    public static final String KFREE_SKB_PROGRAM = "ihr_kfree_skb";
    public static final String CONSUME_SKB_PROGRAM = "ihr_consume_skb";
    public static final String COUNTERS_MAP = "ihr_drop_counters";

    private final List<TracingLink> links;
    private final int countersFd;

    private DropTracing(List<TracingLink> links, int countersFd) {
        this.links = links;
        this.countersFd = countersFd;
    }

    /** Attaches both programs of a loaded datapath; on failure nothing stays attached. */
    public static DropTracing attach(Datapath datapath) {
        List<TracingLink> links = new ArrayList<>(2);
        try {
            links.add(datapath.attachTracing(KFREE_SKB_PROGRAM));
            links.add(datapath.attachTracing(CONSUME_SKB_PROGRAM));
            return new DropTracing(List.copyOf(links), datapath.mapFd(COUNTERS_MAP));
        } catch (RuntimeException e) {
            links.forEach(TracingLink::close);
            throw e;
        }
    }

    /** The drop path's counters summed over all CPUs. */
    public Map<DropCounter, Long> counters() {
        Map<DropCounter, Long> totals = new EnumMap<>(DropCounter.class);
        for (DropCounter counter : DropCounter.values()) {
            long sum = 0;
            for (long perCpu : BpfMaps.lookupPerCpu(countersFd, counter.ordinal())) {
                sum += perCpu;
            }
            totals.put(counter, sum);
        }
        return totals;
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
