// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import net.inthostreporter.datapath.DatapathCounter;
import net.inthostreporter.datapath.DropCounter;
import net.inthostreporter.export.ExportCounter;

/** An agent state a test sets by hand. */
final class FakeAgentState implements AgentState {
    final Map<Integer, String> hooked = new ConcurrentHashMap<>();
    volatile List<String> problems = List.of();
    volatile int switchId;
    volatile long events;
    volatile long sent;
    volatile long errors;
    volatile long reloads;
    volatile long reloadFailures;
    final Map<DatapathCounter, Long> counters = new EnumMap<>(DatapathCounter.class);
    final Map<DropCounter, Long> dropCounters = new EnumMap<>(DropCounter.class);
    final Map<ExportCounter, Long> exportCounters = new EnumMap<>(ExportCounter.class);
    volatile long pumpFailures;
    private final String dataInterface;

    FakeAgentState(String dataInterface) {
        this.dataInterface = dataInterface;
        for (DatapathCounter c : DatapathCounter.values()) {
            counters.put(c, 0L);
        }
        for (DropCounter c : DropCounter.values()) {
            dropCounters.put(c, 0L);
        }
        for (ExportCounter c : ExportCounter.values()) {
            exportCounters.put(c, 0L);
        }
    }

    @Override
    public String dataInterface() {
        return dataInterface;
    }

    @Override
    public int switchId() {
        return switchId;
    }

    @Override
    public Map<Integer, String> hookedInterfaces() {
        return Map.copyOf(hooked);
    }

    @Override
    public Readiness readiness() {
        return new Readiness(problems);
    }

    @Override
    public long eventsRead() {
        return events;
    }

    @Override
    public long reportsSent() {
        return sent;
    }

    @Override
    public long reportSendErrors() {
        return errors;
    }

    @Override
    public synchronized Map<DatapathCounter, Long> datapathCounters() {
        return new EnumMap<>(counters);
    }

    @Override
    public synchronized Map<DropCounter, Long> dropPathCounters() {
        return new EnumMap<>(dropCounters);
    }

    @Override
    public synchronized Map<ExportCounter, Long> exportCounters() {
        return new EnumMap<>(exportCounters);
    }

    @Override
    public long pumpFailures() {
        return pumpFailures;
    }

    @Override
    public long watchlistReloads() {
        return reloads;
    }

    @Override
    public long watchlistReloadFailures() {
        return reloadFailures;
    }

    @Override
    public Map<String, Long> dropsByReason() {
        return Map.of("NETFILTER_DROP", 3L);
    }
}
