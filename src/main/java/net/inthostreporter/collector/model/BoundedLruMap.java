// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An access-ordered map that removes its least recently used entry when it grows past its limit
 * and counts the removals. Iteration runs from the least to the most recently used entry.
 */
final class BoundedLruMap<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;
    private final int limit;
    private long evicted;

    BoundedLruMap(int limit) {
        super(64, 0.75f, true);
        this.limit = limit;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        if (size() > limit) {
            evicted++;
            return true;
        }
        return false;
    }

    long evicted() {
        return evicted;
    }
}
