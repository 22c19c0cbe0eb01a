// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Drops by (switch, port, reason), each with the last {@value #FLOWS_PER_DROP} distinct flows it
 * hit. At most {@value #MAX_DROPS} entries; the least recently hit one makes room (counted).
 * Only touched under the model's lock.
 */
final class DropTable {
    static final int MAX_DROPS = 4096;
    static final int FLOWS_PER_DROP = 8;

    private static final class Drop {
        long count;
        long lastSeenMillis;
        /** The eldest is the flow hit longest ago. */
        final BoundedLruMap<TupleKey, Boolean> flows = new BoundedLruMap<>(FLOWS_PER_DROP);
    }

    private final BoundedLruMap<DropKey, Drop> drops = new BoundedLruMap<>(MAX_DROPS);

    void record(DropKey key, TupleKey flow, long nowMillis) {
        Drop drop = drops.computeIfAbsent(key, k -> new Drop());
        drop.count++;
        drop.lastSeenMillis = nowMillis;
        if (flow != null) {
            drop.flows.put(flow, Boolean.TRUE);
        }
    }

    List<DropView> views() {
        List<DropView> result = new ArrayList<>(drops.size());
        drops.reversed().forEach((k, d) -> result.add(new DropView(k, d.count, d.lastSeenMillis,
                new ArrayList<>(d.flows.sequencedKeySet().reversed()))));
        return result;
    }

    long evicted() {
        return drops.evicted();
    }
}
