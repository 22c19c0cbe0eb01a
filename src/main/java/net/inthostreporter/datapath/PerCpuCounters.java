// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

import java.util.EnumMap;
import java.util.Map;

import net.inthostreporter.libbpf.BpfMaps;

/** Reads a per-CPU array of counters indexed by an enum's ordinals, summed over all CPUs. */
final class PerCpuCounters {
    private PerCpuCounters() {
    }

    static <E extends Enum<E>> Map<E, Long> sum(int mapFd, Class<E> counters) {
        Map<E, Long> totals = new EnumMap<>(counters);
        for (E counter : counters.getEnumConstants()) {
            long sum = 0;
            for (long perCpu : BpfMaps.lookupPerCpu(mapFd, counter.ordinal())) {
                sum += perCpu;
            }
            totals.put(counter, sum);
        }
        return totals;
    }
}
