// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import java.util.Locale;

/**
 * Which view of a NATed packet the inner frame of a report shows: the packet as it leaves this
 * hop (egress, the frame as captured), or with its IP addresses and ports put back to what they
 * were at the ingress hook (ingress, for v0.5 collectors that cannot read the ingress-view
 * tuple from an extension).
 */
public enum NatView {
    EGRESS, INGRESS;

    /** Parses {@code egress} or {@code ingress}. */
    public static NatView parse(String text) {
        for (NatView view : values()) {
            if (view.name().equalsIgnoreCase(text)) {
                return view;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not one of: egress, ingress");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
