// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/** The SIGHUP handler is process-wide: closing puts back whatever was there before. */
class ReloadSignalTest {
    private static final Signal HUP = new Signal("HUP");

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SIGNAL = LINKER.downcallHandle(LINKER.defaultLookup().find("signal").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final MethodHandle RAISE = LINKER.downcallHandle(LINKER.defaultLookup().find("raise").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MemorySegment SIG_IGN = MemorySegment.ofAddress(1);

    /**
     * A process started with SIGHUP ignored (nohup, a supervisor; inherited by every child) must
     * still reload on SIGHUP: the JVM alone would leave the signal ignored and answer SIG_IGN.
     */
    @Test
    void reloadsEvenWhenTheProcessStartedWithSighupIgnored() throws Throwable {
        SignalHandler original = Signal.handle(HUP, SignalHandler.SIG_DFL);
        MemorySegment unused = (MemorySegment) SIGNAL.invokeExact(1, SIG_IGN); // as nohup leaves it
        CountDownLatch reloaded = new CountDownLatch(1);
        ReloadSignal reload = ReloadSignal.install(reloaded::countDown);
        try {
            int rc = (int) RAISE.invokeExact(1);
            assertSame(0, rc);
            org.junit.jupiter.api.Assertions.assertTrue(reloaded.await(10, TimeUnit.SECONDS), "SIGHUP did not reload");
        } finally {
            reload.close(); // ignored again, as it was
            net.inthostreporter.sys.Libc.defaultSignalAction(1); // the JVM would not replace an ignored signal
            Signal.handle(HUP, original);
        }
    }

    @Test
    void closeRestoresThePreviousHandler() {
        SignalHandler before = signal -> { };
        SignalHandler original = Signal.handle(HUP, before);
        try {
            ReloadSignal reload = ReloadSignal.install(() -> { });
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
            ReloadSignal reload = ReloadSignal.install(() -> { });
            SignalHandler newer = signal -> { };
            Signal.handle(HUP, newer);
            reload.close();
            assertSame(newer, Signal.handle(HUP, newer));
        } finally {
            Signal.handle(HUP, original);
        }
    }
}
