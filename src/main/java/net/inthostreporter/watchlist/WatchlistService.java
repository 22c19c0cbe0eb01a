// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import net.inthostreporter.datapath.Datapath;

/**
 * The watchlist part of the agent: the rules in the datapath's maps, reloaded when the file
 * changes (ConfigMap symlink swaps included) and on SIGHUP. Start it after the datapath is
 * loaded and before any program is attached, so that no packet is judged by the default.
 */
public final class WatchlistService implements AutoCloseable {
    private final LiveWatchlist live;
    private final WatchlistFileWatcher watcher;
    private final ReloadSignal signal;

    private WatchlistService(LiveWatchlist live, WatchlistFileWatcher watcher, ReloadSignal signal) {
        this.live = live;
        this.watcher = watcher;
        this.signal = signal;
    }

    /** Applies the file (or watch-everything without one) and starts following it. */
    public static WatchlistService start(Optional<Path> file, Datapath datapath) throws WatchlistException, IOException {
        LiveWatchlist live = LiveWatchlist.start(file, new WatchlistMaps(datapath), Clock.systemUTC());
        WatchlistFileWatcher watcher = file.isPresent() ? WatchlistFileWatcher.start(live) : null;
        return new WatchlistService(live, watcher, ReloadSignal.install(live));
    }

    /** What is enforced now. */
    public WatchlistState state() {
        return live.state();
    }

    /** Re-reads the file now (as SIGHUP does). */
    public boolean reload(String trigger) {
        return live.reload(trigger);
    }

    @Override
    public void close() throws IOException {
        signal.close();
        if (watcher != null) {
            watcher.close();
        }
    }
}
