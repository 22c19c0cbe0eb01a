// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

/**
 * The datapath's per-CPU counters, in the order of {@code enum ihr_counter} (ihr_event.h):
 * the ordinal is the index into the {@code ihr_counters} map.
 */
public enum DatapathCounter {
    INGRESS_PACKETS("packets seen by an ingress program"),
    INGRESS_RECORDED("ingress records written"),
    EGRESS_PACKETS("packets seen by an egress program"),
    EVENTS_SUBMITTED("events committed to the ring buffer"),
    RINGBUF_FULL("events lost because the ring buffer was full"),
    NO_INGRESS_RECORD("egress packets without an ingress record"),
    STALE_RECORD("ingress records that did not belong to the egress packet"),
    NOT_IP("frames that are neither IPv4 nor IPv6"),
    PARSE_STOPPED("frames truncated or malformed before the L4 ports"),
    RECORD_UPDATE_FAILED("ingress records that could not be stored"),
    UNCHANGED("forwarded packets not reported because nothing changed in their flow"),
    WATCHLIST_SKIPPED("paired packets not reported because the watchlist does not watch them"),
    ALREADY_LEFT("egress packets whose record had already left by another egress (not paired twice)"),
    SECOND_INGRESS("recorded packets seen again at a hooked ingress before leaving (the first ingress kept)");

    private final String help;

    DatapathCounter(String help) {
        this.help = help;
    }

    public String help() {
        return help;
    }

    /** The metric-style name, e.g. {@code ringbuf_full}. */
    public String metricName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
