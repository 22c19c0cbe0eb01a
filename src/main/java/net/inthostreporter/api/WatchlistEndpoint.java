// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;

/**
 * {@code GET /api/v1/watchlist}: the active rules, when and from where they were loaded, and
 * why the last reload was rejected (null fields when not applicable).
 */
final class WatchlistEndpoint implements Endpoint {
    private final WatchlistStatusSource source;

    WatchlistEndpoint(WatchlistStatusSource source) {
        this.source = source;
    }

    @Override
    public Response get(Headers requestHeaders) {
        WatchlistStatus status = source.current();
        ObjectNode body = Json.object();
        body.put("everything-watched", status.everythingWatched());
        body.put("source", status.source().orElse(null));
        body.put("loaded-at", status.loadedAt().map(Object::toString).orElse(null));
        body.set("rules", Json.tree(status.rules()));
        body.put("last-reload-error", status.lastReloadError().orElse(null));
        return Json.response(200, body);
    }
}
