// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

/**
 * Where {@code GET /api/v1/watchlist} reads the active watchlist from, on each request.
 * The watchlist owner publishes immutable snapshots; this only reads the latest.
 */
@FunctionalInterface
public interface WatchlistStatusSource {
    WatchlistStatus current();
}
