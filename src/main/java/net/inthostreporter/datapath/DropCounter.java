// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

import java.util.Locale;

/**
 * The drop path's per-CPU counters, in the order of {@code enum ihr_drop_counter} (ihr_drop.h):
 * the ordinal is the index into the {@code ihr_drop_counters} map.
 */
public enum DropCounter {
    FREED_RECORDED("recorded packets the kernel freed as drops"),
    CONSUMED("recorded packets the kernel consumed normally (e.g. delivered to a local socket)"),
    NOT_OURS("records of a freed skb address that belonged to another packet"),
    RINGBUF_FULL("drop events lost because the ring buffer was full"),
    SUBMITTED("drop events committed to the ring buffer"),
    GROUP_ADDRESSED("multicast/broadcast packets freed by the node's own stack (not reported as drops)");

    private final String help;

    DropCounter(String help) {
        this.help = help;
    }

    public String help() {
        return help;
    }

    /** The metric-style name, e.g. {@code drop_ringbuf_full}. */
    public String metricName() {
        return "drop_" + name().toLowerCase(Locale.ROOT);
    }
}
