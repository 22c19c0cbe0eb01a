// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import net.inthostreporter.sys.NativeCalls;

/** Makes upcall stubs (C function pointers into Java) whose lifetime is tied to an arena. */
final class NativeUpcall {
    private NativeUpcall() {
    }

    static MemorySegment stub(MethodHandle target, FunctionDescriptor descriptor, Arena arena) {
        return NativeCalls.linker().upcallStub(target, descriptor, arena);
    }
}
