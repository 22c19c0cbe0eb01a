// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.export;

import java.util.Locale;

/** What the report sender counts, by stage: every report is either sent or lost at exactly one of them. */
public enum ExportCounter {
    REPORTS_SENT("reports the kernel accepted for sending"),
    DATAGRAMS_SENT("datagrams the kernel accepted for sending"),
    SEND_CALLS("sendmmsg calls"),
    REPORTS_LOST_SEND_ERROR("reports lost because the socket refused their datagram (collector unreachable, no route, ...)"),
    REPORTS_LOST_TOO_LARGE("reports lost because one alone does not fit in a datagram of the report MTU"),
    REPORTS_LOST_ENCODE_ERROR("reports lost because the event could not be encoded"),
    GSO_FALLBACKS("times UDP segmentation offload was refused and the sender went on without it");

    private final String help;

    ExportCounter(String help) {
        this.help = help;
    }

    public String help() {
        return help;
    }

    /** The metric-style name, e.g. {@code reports_lost_send_error}. */
    public String metricName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
