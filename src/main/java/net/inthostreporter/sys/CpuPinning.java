// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;


/**
 * Pins the calling OS thread to one CPU (sched_setaffinity). The kernel frees a test-run skb at
 * the end of the run and the slab hands the same object back to the next allocation on that CPU,
 * so consecutive test runs on one CPU usually share the skb address our programs pair by (the
 * datapath tests and the bench pair test runs this way).
 */
public final class CpuPinning {
    private static final MethodHandle SCHED_SETAFFINITY = NativeCalls.downcallWithErrno(
            Linker.nativeLinker().defaultLookup(), "sched_setaffinity",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));

    private CpuPinning() {
    }

    /** Pins the current thread to {@code cpu} (0..63); false when the kernel refused. */
    public static boolean pinCurrentThread(int cpu) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(JAVA_LONG);
            mask.set(JAVA_LONG, 0, 1L << cpu);
            return (int) SCHED_SETAFFINITY.invokeExact(NativeCalls.captureSegment(), 0, 8L, mask) == 0;
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** Allows the current thread on every CPU again. */
    public static void unpinCurrentThread() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(JAVA_LONG);
            mask.set(JAVA_LONG, 0, -1L);
            int ignored = (int) SCHED_SETAFFINITY.invokeExact(NativeCalls.captureSegment(), 0, 8L, mask);
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }
}
