// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@link LiveWatchlist#reload} whenever anything changes in the watchlist file's folder.
 * Watching the folder, not the file, is what works for a Kubernetes ConfigMap mount: there the
 * file is a symlink {@code watchlist.yaml -> ..data/watchlist.yaml} and an update swaps the
 * {@code ..data} symlink to a new timestamped folder, which changes nothing about the file's
 * own name. The reload compares content, so unrelated events cost one read. The folder the
 * file really lives in is watched too (re-resolved after each change), for symlinks that point
 * elsewhere.
 */
public final class WatchlistFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchlistFileWatcher.class);
    /** Events come in bursts (write, rename, symlink swap): wait for this much quiet, then read once. */
    private static final long SETTLE_MS = 100;

    private final Path file;
    private final LiveWatchlist live;
    private final WatchService service;
    private final Set<Path> watched = new HashSet<>();
    private final Thread thread;

    private WatchlistFileWatcher(Path file, LiveWatchlist live, WatchService service) {
        this.file = file;
        this.live = live;
        this.service = service;
        this.thread = Thread.ofPlatform().name("watchlist-watcher").daemon(true).unstarted(this::run);
    }

    /** Starts watching the folder of {@code live}'s file. */
    public static WatchlistFileWatcher start(LiveWatchlist live) throws IOException {
        Path file = live.file().orElseThrow(() -> new IllegalArgumentException("no watchlist file to watch")).toAbsolutePath();
        WatchlistFileWatcher watcher = new WatchlistFileWatcher(file, live, FileSystems.getDefault().newWatchService());
        try {
            watcher.registerFolders();
        } catch (IOException | RuntimeException e) {
            watcher.service.close();
            throw e;
        }
        watcher.thread.start();
        return watcher;
    }

    private void registerFolders() throws IOException {
        register(file.getParent());
        try {
            register(file.toRealPath().getParent());
        } catch (IOException e) {
            LOG.debug("watchlist {} does not resolve now: {}", file, e.toString());
        }
    }

    private void register(Path folder) throws IOException {
        if (folder != null && watched.add(folder)) {
            folder.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
        }
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                drain(key);
                // Let the burst end, so that a file being written is read once, complete.
                for (WatchKey more = service.poll(SETTLE_MS, TimeUnit.MILLISECONDS); more != null;
                     more = service.poll(SETTLE_MS, TimeUnit.MILLISECONDS)) {
                    drain(more);
                }
                watched.removeIf(folder -> !isStillWatchable(folder));
                registerFoldersQuietly();
                live.reload("file change");
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        } catch (RuntimeException e) {
            LOG.error("watchlist watcher stopped: {}; SIGHUP still reloads", e.toString());
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    private static boolean isStillWatchable(Path folder) {
        return java.nio.file.Files.isDirectory(folder);
    }

    private void registerFoldersQuietly() {
        try {
            registerFolders();
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot watch the folder of {}: {}", file, e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        service.close();
        thread.interrupt();
    }
}
