// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

import java.util.List;

/** Drops at one (switch, port, reason) as of a snapshot, with the flows they hit most recently (newest first). */
public record DropView(DropKey key, long count, long lastSeenMillis, List<TupleKey> flows) {
    public DropView {
        flows = List.copyOf(flows);
    }
}
