// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

/** What the watchlist reloader tells the metrics: each reload that took effect or was rejected. */
public interface WatchlistReloads {
    void succeeded();

    void failed();

    /** For code paths (and tests) without metrics. */
    WatchlistReloads IGNORED = new WatchlistReloads() {
        @Override
        public void succeeded() {
        }

        @Override
        public void failed() {
        }
    };
}
