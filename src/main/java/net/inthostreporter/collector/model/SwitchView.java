// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

import java.util.List;

import net.inthostreporter.collector.SequenceTracker.StreamStats;

/** One sender (switch id) as of a snapshot: its report streams (one per hw_id) with their loss. */
public record SwitchView(long switchId, long reports, long lastSeenMillis, List<StreamStats> streams) {
    public SwitchView {
        streams = List.copyOf(streams);
    }

    public long lost() {
        return streams.stream().mapToLong(StreamStats::lost).sum();
    }
}
