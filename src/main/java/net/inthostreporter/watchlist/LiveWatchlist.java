// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watchlist the datapath enforces, kept in step with its file: {@link #reload} re-reads the
 * file and, when its content changed and it is valid, compiles it and switches the datapath's
 * maps over; a bad file is rejected with one log line (file, line, reason) and the previous
 * rules stay active. Reloads come from the file watcher and SIGHUP, so they are serialized.
 */
public final class LiveWatchlist {
    private static final Logger LOG = LoggerFactory.getLogger(LiveWatchlist.class);

    private final Optional<Path> file;
    private final WatchlistMaps maps;
    private final Clock clock;
    private final AtomicReference<WatchlistState> state = new AtomicReference<>();
    /** The bytes of the file the active rules came from, to skip reloads that change nothing. */
    private byte[] activeContent;

    private LiveWatchlist(Optional<Path> file, WatchlistMaps maps, Clock clock) {
        this.file = file;
        this.maps = maps;
        this.clock = clock;
    }

    /**
     * Reads the file (or, without one, watches everything) and makes it active. Throws when the
     * file is bad: at start there are no previous rules to keep.
     */
    public static LiveWatchlist start(Optional<Path> file, WatchlistMaps maps, Clock clock) throws WatchlistException {
        LiveWatchlist live = new LiveWatchlist(file, maps, clock);
        Watchlist initial = Watchlist.all();
        byte[] content = null;
        if (file.isPresent()) {
            content = read(file.get());
            initial = WatchlistParser.parse(content, file.get().toString());
        }
        maps.apply(WatchlistCompiler.compile(initial));
        live.activeContent = content;
        live.state.set(new WatchlistState(initial, file, clock.instant(), Optional.empty(), Optional.empty(), 1, 0));
        live.describe("active");
        return live;
    }

    /** The current state, for the REST API. */
    public WatchlistState state() {
        return state.get();
    }

    public Optional<Path> file() {
        return file;
    }

    /**
     * Re-reads the file; applies it when its content changed. Returns true when new rules became
     * active. Never throws for a bad file: that is logged and counted.
     */
    public synchronized boolean reload(String trigger) {
        if (file.isEmpty()) {
            LOG.info("{}: no watchlist file (-f), every forwarded packet stays reported", trigger);
            return false;
        }
        Path path = file.get();
        try {
            byte[] content = read(path);
            if (Arrays.equals(content, activeContent)) {
                // Folder events are often unrelated; an explicit SIGHUP deserves an answer.
                if (trigger.equals(ReloadSignal.TRIGGER)) {
                    LOG.info("{}: watchlist {} unchanged", trigger, path);
                } else {
                    LOG.debug("{}: watchlist {} unchanged", trigger, path);
                }
                return false;
            }
            Watchlist next = WatchlistParser.parse(content, path.toString());
            maps.apply(WatchlistCompiler.compile(next));
            activeContent = content;
            state.updateAndGet(s -> s.loaded(next, clock.instant()));
            describe("reloaded (" + trigger + ")");
            return true;
        } catch (WatchlistException e) {
            state.updateAndGet(s -> s.failed(e.getMessage(), clock.instant()));
            LOG.error("watchlist rejected, previous rules stay active: {}", e.getMessage());
            return false;
        } catch (RuntimeException e) {
            String message = path + ": cannot apply: " + e.getMessage();
            state.updateAndGet(s -> s.failed(message, clock.instant()));
            LOG.error("watchlist not applied, previous rules stay active: {}", message);
            return false;
        }
    }

    private void describe(String what) {
        WatchlistState s = state.get();
        Watchlist w = s.watchlist();
        if (w.watchEverything()) {
            LOG.info("no watchlist (-f): every forwarded packet is reported");
        } else if (w.rules().isEmpty()) {
            LOG.info("watchlist {} {}: no rules, nothing is reported", s.source().orElseThrow(), what);
        } else {
            LOG.info("watchlist {} {}: {} rule(s), {} exclude(s)", s.source().orElseThrow(), what, w.rules().size(), w.excludes().size());
        }
    }

    private static byte[] read(Path path) throws WatchlistException {
        try {
            return Files.readAllBytes(path);
        } catch (IOException | RuntimeException e) {
            throw new WatchlistException(path.toString(), 0, "cannot read: " + e);
        }
    }
}
