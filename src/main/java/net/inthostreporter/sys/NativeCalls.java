// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Building blocks shared by the bindings: looking up downcalls, and reading the errno
 * that {@link Linker.Option#captureCallState(String...)} saved right after a call (the JVM
 * itself may overwrite the thread's errno before Java code could read it).
 */
public final class NativeCalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO = Linker.Option.captureStateLayout()
            .varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

    /**
     * One capture buffer per thread: the state is written by the call and read right
     * after on the same thread, so a per-thread scratch segment needs no allocation per call.
     */
    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(Linker.Option.captureStateLayout()));

    private NativeCalls() {
    }

    public static Linker linker() {
        return LINKER;
    }

    /** A downcall without errno capture. */
    public static MethodHandle downcall(SymbolLookup lookup, String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment address = lookup.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("native symbol not found: " + name));
        return LINKER.downcallHandle(address, fd, options);
    }

    /** A downcall whose first parameter is the capture-state segment (see {@link #captureSegment()}). */
    public static MethodHandle downcallWithErrno(SymbolLookup lookup, String name, FunctionDescriptor fd,
                                                 Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(extra, 0, options, 1, extra.length);
        return downcall(lookup, name, fd, options);
    }

    /** This thread's capture-state segment, to pass as first argument of an errno-capturing downcall. */
    public static MemorySegment captureSegment() {
        return CAPTURE.get();
    }

    /** The errno saved by the last errno-capturing call on this thread. */
    public static int lastErrno() {
        return (int) ERRNO.get(CAPTURE.get(), 0L);
    }

    /** Wraps what a downcall may throw (nothing but linkage problems) as an unchecked error. */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }

    /** Reads a NUL-terminated C string, or null for a NULL pointer. */
    public static String string(MemorySegment cString) {
        if (cString.equals(MemorySegment.NULL)) {
            return null;
        }
        return cString.reinterpret(Long.MAX_VALUE).getString(0);
    }

    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final java.lang.foreign.AddressLayout C_POINTER = ValueLayout.ADDRESS;
}
