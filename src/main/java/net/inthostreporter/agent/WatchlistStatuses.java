// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.inthostreporter.api.WatchlistStatus;
import net.inthostreporter.watchlist.WatchRule;
import net.inthostreporter.watchlist.WatchlistState;

/**
 * Turns the watchlist's state into what {@code GET /api/v1/watchlist} shows: each entry in the
 * file's own terms (protocol, src-addr, dst-addr, src-port, dst-port, and whether it excludes).
 */
final class WatchlistStatuses {
    private WatchlistStatuses() {
    }

    static WatchlistStatus of(WatchlistState state) {
        List<Map<String, Object>> entries = new ArrayList<>();
        state.watchlist().rules().forEach(r -> entries.add(entry(r, false)));
        state.watchlist().excludes().forEach(r -> entries.add(entry(r, true)));
        return new WatchlistStatus(state.watchlist().watchEverything(), state.source().map(Object::toString),
                state.source().map(p -> state.loadedAt()), entries, state.lastReloadError());
    }

    private static Map<String, Object> entry(WatchRule rule, boolean exclude) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("exclude", exclude);
        e.put("protocol", rule.protocol().toString());
        rule.srcAddr().ifPresent(a -> e.put("src-addr", a.toString()));
        rule.dstAddr().ifPresent(a -> e.put("dst-addr", a.toString()));
        rule.srcPort().ifPresent(p -> e.put("src-port", p.toString()));
        rule.dstPort().ifPresent(p -> e.put("dst-port", p.toString()));
        e.put("line", rule.line());
        return e;
    }
}
