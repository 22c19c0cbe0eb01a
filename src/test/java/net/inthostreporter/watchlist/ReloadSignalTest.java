// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/** The SIGHUP handler is process-wide: closing puts back whatever was there before. */
class ReloadSignalTest {
    private static final Signal HUP = new Signal("HUP");

    @Test
    void closeRestoresThePreviousHandler() {
        SignalHandler before = signal -> { };
        SignalHandler original = Signal.handle(HUP, before);
        try {
            ReloadSignal reload = ReloadSignal.install(null);
            reload.close();
            assertSame(before, Signal.handle(HUP, before), "the handler in place after close");
        } finally {
            Signal.handle(HUP, original);
        }
    }

    @Test
    void closeLeavesANewerHandlerInPlace() {
        SignalHandler original = Signal.handle(HUP, SignalHandler.SIG_DFL);
        try {
            ReloadSignal reload = ReloadSignal.install(null);
            SignalHandler newer = signal -> { };
            Signal.handle(HUP, newer);
            reload.close();
            assertSame(newer, Signal.handle(HUP, newer));
        } finally {
            Signal.handle(HUP, original);
        }
    }
}
