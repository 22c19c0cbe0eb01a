// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts a flow's hops in the order the network took them, never by report timestamps (every node
 * stamps with its own clock):
 * <ol>
 *   <li>by the inner IP TTL / hop limit each hop's snapshot shows, highest first: every routing
 *       hop (a host routes between its pod veths, its overlay and its data interface)
 *       decrements it once before our egress snapshot;</li>
 *   <li>hops with the same TTL (L2 hops, or a switch that does not route) by the inferred links:
 *       a hop whose egress port is linked to another's ingress port comes before it;</li>
 *   <li>what is left, and hops without a TTL (non-IP snapshots, placed last), in the order the
 *       collector first saw them.</li>
 * </ol>
 */
final class PathOrder {
    private static final Comparator<HopStats> BY_TTL_THEN_FIRST_SEEN =
            Comparator.comparingInt((HopStats h) -> h.ttl < 0 ? Integer.MIN_VALUE : h.ttl).reversed()
                    .thenComparingLong(h -> h.firstSeen);

    private PathOrder() {
    }

    static List<HopStats> order(List<HopStats> hops, LinkTable links) {
        List<HopStats> sorted = new ArrayList<>(hops);
        sorted.sort(BY_TTL_THEN_FIRST_SEEN);
        List<HopStats> result = new ArrayList<>(sorted.size());
        int start = 0;
        while (start < sorted.size()) {
            int end = start + 1;
            while (end < sorted.size() && sorted.get(end).ttl == sorted.get(start).ttl) {
                end++;
            }
            result.addAll(byLinks(sorted.subList(start, end), links));
            start = end;
        }
        return result;
    }

    /**
     * Orders hops that tie on TTL: repeatedly takes the first (in first-seen order) that no
     * remaining hop links into. A cycle of links (a misreport) falls back to first-seen order.
     */
    private static List<HopStats> byLinks(List<HopStats> tied, LinkTable links) {
        if (tied.size() == 1) {
            return tied;
        }
        List<HopStats> remaining = new ArrayList<>(tied);
        List<HopStats> ordered = new ArrayList<>(tied.size());
        while (!remaining.isEmpty()) {
            HopStats next = remaining.getFirst();
            for (HopStats candidate : remaining) {
                if (remaining.stream().noneMatch(o -> o != candidate && links.connects(o.key, candidate.key))) {
                    next = candidate;
                    break;
                }
            }
            remaining.remove(next);
            ordered.add(next);
        }
        return ordered;
    }
}
