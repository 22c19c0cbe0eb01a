// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

import java.util.List;

/**
 * One flow as of a snapshot.
 *
 * @param tuple          the 5-tuple as it entered the first hop of the path (the v2.0 ingress
 *                       tuple where carried, else the first hop's snapshot)
 * @param flowId         the first hop's v2.0 flow id, -1 when not carried
 * @param hops           in path order (see {@link PathOrder})
 * @param pathLatencyP50Ns sum of the hops' medians, -1 when no hop has a latency
 * @param pathLatencyP99Ns sum of the hops' 99th percentiles, -1 likewise
 */
public record FlowView(TupleKey tuple, long flowId, long lastSeenMillis, List<HopView> hops,
                       long pathLatencyP50Ns, long pathLatencyP99Ns) {
    public FlowView {
        hops = List.copyOf(hops);
    }
}
