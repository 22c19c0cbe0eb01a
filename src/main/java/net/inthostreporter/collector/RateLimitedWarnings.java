// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Prints at most one warning line per interval and counts the rest, so a sender spraying
 * garbage cannot flood the terminal; the next printed warning says how many were held back.
 */
final class RateLimitedWarnings {

    private final PrintWriter err;
    private final long intervalNs;
    private final LongSupplier nanoClock;
    private long lastPrintedNs;
    private boolean printedAny;
    private long suppressed;

    RateLimitedWarnings(PrintWriter err, Duration interval, LongSupplier nanoClock) {
        this.err = err;
        this.intervalNs = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Prints the warning unless one was printed less than an interval ago. */
    synchronized void warn(String message) {
        long now = nanoClock.getAsLong();
        if (printedAny && now - lastPrintedNs < intervalNs) {
            suppressed++;
            return;
        }
        String held = suppressed == 0 ? "" : " (" + suppressed + " similar warnings suppressed)";
        err.println("warning: " + message + held);
        err.flush();
        printedAny = true;
        lastPrintedNs = now;
        suppressed = 0;
    }
}
