// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Links between switches inferred from reports: one packet reported by a hop with TTL t and by a
 * hop of another switch with TTL t - 1 went from the first one's egress port to the second one's
 * ingress port (each routing hop decrements the TTL once). At most {@value #MAX_LINKS} links; the
 * least recently confirmed one makes room. Only touched under the model's lock.
 */
final class LinkTable {
    static final int MAX_LINKS = 4096;

    static final class Link {
        long packets;
        long lastSeenMillis;
    }

    private final BoundedLruMap<LinkKey, Link> links = new BoundedLruMap<>(MAX_LINKS);

    void confirm(LinkKey key, long nowMillis) {
        Link link = links.computeIfAbsent(key, k -> new Link());
        link.packets++;
        link.lastSeenMillis = nowMillis;
    }

    /** True when packets were seen going from {@code from}'s egress port to {@code to}'s ingress port. */
    boolean connects(HopKey from, HopKey to) {
        return links.containsKey(new LinkKey(from.switchId(), from.egressPort(), to.switchId(), to.ingressPort()));
    }

    List<LinkView> views() {
        List<LinkView> result = new ArrayList<>(links.size());
        links.reversed().forEach((k, l) -> result.add(new LinkView(k, l.packets, l.lastSeenMillis)));
        return result;
    }

    int size() {
        return links.size();
    }

    long evicted() {
        return links.evicted();
    }
}
