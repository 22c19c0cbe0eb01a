// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.inthostreporter.sys.Libc;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP reloads the watchlist while this is open. Uses sun.misc.Signal from the jdk.unsupported
 * module, which Java 25 still exports to class-path code without any flag. Handling SIGHUP also
 * replaces the JVM's default for it (running shutdown hooks): a HUP no longer stops the agent.
 * The handler is process-wide, so {@link #close()} puts the previous one back: a closed agent
 * (in a test JVM, say) must not keep reloading a watchlist whose maps are gone.
 */
public final class ReloadSignal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadSignal.class);
    /** How reloads caused by the signal are named in the log. */
    static final String TRIGGER = "SIGHUP";
    private static final Signal HUP = new Signal("HUP");

    private final SignalHandler ours;
    private final SignalHandler previous;

    private ReloadSignal(SignalHandler ours, SignalHandler previous) {
        this.ours = ours;
        this.previous = previous;
    }

    /** From now on, SIGHUP calls {@code live.reload("SIGHUP")} (on a thread of the JVM's signal dispatcher). */
    public static ReloadSignal install(LiveWatchlist live) {
        return install(() -> live.reload(TRIGGER));
    }

    /** From now on, SIGHUP runs {@code reload}. */
    static ReloadSignal install(Runnable reload) {
        SignalHandler ours = signal -> reload.run();
        try {
            SignalHandler previous = Signal.handle(HUP, ours);
            if (previous == SignalHandler.SIG_IGN) {
                // The JVM installs no handler for a signal that was ignored when the process
                // started (nohup, a supervisor that ignores HUP, a parent that did): it answers
                // SIG_IGN and leaves the signal ignored, so SIGHUP would silently never reload.
                // Put the default action back, then ours; close() ignores it again.
                Libc.defaultSignalAction(Libc.SIGHUP);
                Signal.handle(HUP, ours);
            }
            return new ReloadSignal(ours, previous);
        } catch (IllegalArgumentException e) {
            LOG.warn("cannot handle SIGHUP ({}); the watchlist still reloads when its file changes", e.getMessage());
            return new ReloadSignal(null, null);
        }
    }

    /** Puts back the handler that was there before, unless someone replaced ours meanwhile. */
    @Override
    public void close() {
        if (ours == null) {
            return;
        }
        SignalHandler current = Signal.handle(HUP, previous);
        if (current != ours) {
            Signal.handle(HUP, current); // not ours any more: leave the newer one in place
        }
    }
}
