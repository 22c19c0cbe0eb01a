// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import sun.misc.Signal;

/**
 * SIGHUP reloads the watchlist. Uses sun.misc.Signal from the jdk.unsupported module, which
 * Java 25 still exports to class-path code without any flag. Handling SIGHUP also replaces the
 * JVM's default for it (running shutdown hooks): a HUP no longer stops the agent.
 */
public final class ReloadSignal {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadSignal.class);
    /** How reloads caused by the signal are named in the log. */
    static final String TRIGGER = "SIGHUP";

    private ReloadSignal() {
    }

    /** From now on, SIGHUP calls {@code live.reload("SIGHUP")} (on the JVM's signal thread). */
    public static void install(LiveWatchlist live) {
        try {
            Signal.handle(new Signal("HUP"), signal -> live.reload(TRIGGER));
        } catch (IllegalArgumentException e) {
            LOG.warn("cannot handle SIGHUP ({}); the watchlist still reloads when its file changes", e.getMessage());
        }
    }
}
