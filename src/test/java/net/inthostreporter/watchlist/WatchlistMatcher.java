// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import java.util.Optional;

/**
 * The reference semantics of a watchlist, which the datapath's maps must reproduce (a property
 * test compares the two). A packet is seen twice: as it arrived (ingress view) and as it
 * leaves (egress view, after any NAT). It is watched when no exclude matches either view and a
 * rule matches at least one of them, so a rule on a Service VIP and a rule on the backend pod
 * both work across DNAT.
 */
public final class WatchlistMatcher {
    /** Verdict bits for one view, the same values as IHR_WL_MATCH / IHR_WL_EXCLUDE. */
    public static final int MATCH = 0x1;
    public static final int EXCLUDE = 0x2;

    private final Watchlist watchlist;

    public WatchlistMatcher(Watchlist watchlist) {
        this.watchlist = watchlist;
    }

    /** {@link #MATCH} and/or {@link #EXCLUDE} for one view, as the datapath computes it per view. */
    public int verdict(PacketTuple view) {
        if (watchlist.watchEverything()) {
            return MATCH;
        }
        int verdict = 0;
        if (watchlist.rules().stream().anyMatch(r -> r.matches(view))) {
            verdict |= MATCH;
        }
        if (watchlist.excludes().stream().anyMatch(r -> r.matches(view))) {
            verdict |= EXCLUDE;
        }
        return verdict;
    }

    /** Whether a packet with these views is reported; the egress view is absent when it could not be parsed. */
    public boolean watched(PacketTuple ingress, Optional<PacketTuple> egress) {
        if (watchlist.watchEverything()) {
            return true;
        }
        int combined = verdict(ingress) | egress.map(this::verdict).orElse(0);
        return (combined & EXCLUDE) == 0 && (combined & MATCH) != 0;
    }
}
