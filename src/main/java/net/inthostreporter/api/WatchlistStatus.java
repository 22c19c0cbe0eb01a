// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An immutable snapshot of the active watchlist, as {@code GET /api/v1/watchlist} shows it.
 *
 * @param everythingWatched true when no watchlist file is given: every forwarded packet is reported
 * @param source            the file the rules came from, if any
 * @param loadedAt          when the active rules were loaded, if from a file
 * @param rules             the active rules, each serialised by Jackson (records and maps work)
 * @param lastReloadError   why the last reload was rejected, if it was (the previous rules stay)
 */
public record WatchlistStatus(boolean everythingWatched, Optional<String> source, Optional<Instant> loadedAt,
                              List<?> rules, Optional<String> lastReloadError) {
    public WatchlistStatus {
        rules = List.copyOf(rules);
    }

    /** No -f: nothing filters, everything is watched. */
    public static WatchlistStatus noWatchlist() {
        return new WatchlistStatus(true, Optional.empty(), Optional.empty(), List.of(), Optional.empty());
    }
}
