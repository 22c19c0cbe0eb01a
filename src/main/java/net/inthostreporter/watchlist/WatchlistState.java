// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * What the datapath enforces now, for the REST API and metrics: an immutable snapshot.
 *
 * @param watchlist         the active rules and excludes (watch-everything without a file)
 * @param source            the file they came from; empty without -f
 * @param loadedAt          when they became active
 * @param lastReloadError   the one-line reason of the last rejected reload, if the last attempt failed
 * @param lastReloadErrorAt when that was
 * @param reloads           successful loads that changed the rules, the first one included
 * @param reloadFailures    rejected reloads (the previous rules stayed active)
 */
public record WatchlistState(Watchlist watchlist, Optional<Path> source, Instant loadedAt,
                             Optional<String> lastReloadError, Optional<Instant> lastReloadErrorAt,
                             long reloads, long reloadFailures) {
    WatchlistState loaded(Watchlist next, Instant now) {
        return new WatchlistState(next, source, now, Optional.empty(), Optional.empty(), reloads + 1, reloadFailures);
    }

    WatchlistState failed(String error, Instant now) {
        return new WatchlistState(watchlist, source, loadedAt, Optional.of(error), Optional.of(now), reloads, reloadFailures + 1);
    }
}
