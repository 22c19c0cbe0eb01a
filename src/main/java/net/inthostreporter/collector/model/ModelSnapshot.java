// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

import java.util.List;

/**
 * Everything the model knows at one moment, immutable: flows most recently seen first, drops
 * most recently hit first, switches by id, links most recently confirmed first.
 */
public record ModelSnapshot(long version, long takenMillis, List<FlowView> flows, List<DropView> drops,
                            List<SwitchView> switches, List<LinkView> links, ModelTotals totals) {
    public ModelSnapshot {
        flows = List.copyOf(flows);
        drops = List.copyOf(drops);
        switches = List.copyOf(switches);
        links = List.copyOf(links);
    }
}
