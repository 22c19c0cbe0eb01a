// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.export;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The sender's counters: written by the one sending thread, read by any (metrics, logs). A
 * single writer needs no atomic read-modify-write; opaque accesses make each write visible to
 * readers without the cost of a locked instruction per event.
 */
final class ExportCounters {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final ExportCounter[] ALL = ExportCounter.values();

    private final long[] values = new long[ALL.length];

    /** Adds to a counter; call only from the sending thread. */
    void add(ExportCounter counter, long delta) {
        int i = counter.ordinal();
        SLOT.setOpaque(values, i, (long) SLOT.getOpaque(values, i) + delta);
    }

    long get(ExportCounter counter) {
        return (long) SLOT.getOpaque(values, counter.ordinal());
    }

    Map<ExportCounter, Long> snapshot() {
        Map<ExportCounter, Long> copy = new EnumMap<>(ExportCounter.class);
        for (ExportCounter c : ALL) {
            copy.put(c, get(c));
        }
        return Collections.unmodifiableMap(copy);
    }
}
