// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import java.lang.foreign.MemorySegment;

/**
 * A tracing program (for example {@code SEC("tp_btf/kfree_skb")}) attached where its section
 * name says, through {@code bpf_program__attach}: libbpf picks the attach type (BPF_TRACE_RAW_TP
 * for tp_btf) and the kernel's BTF id at load. The attachment is global to the machine, not to a
 * network namespace, and lasts until {@link #close()} (or the end of the process).
 */
public final class TracingLink implements AutoCloseable {
    private final String program;
    private MemorySegment link;

    private TracingLink(String program, MemorySegment link) {
        this.program = program;
        this.link = link;
    }

    /** Attaches a loaded program of {@code object}. */
    public static TracingLink attach(BpfObject object, String program) {
        MemorySegment p = object.program(program);
        try {
            MemorySegment link = (MemorySegment) Libbpf.TracingCalls.PROGRAM_ATTACH.invokeExact(Libbpf.errnoState(), p);
            Libbpf.checkPointer(link, "bpf_program__attach", "program " + program + " in " + object.name());
            return new TracingLink(program, link);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    public String program() {
        return program;
    }

    /** Detaches (bpf_link__destroy); idempotent. */
    @Override
    public void close() {
        if (link == null) {
            return;
        }
        try {
            int rc = (int) Libbpf.TracingCalls.LINK_DESTROY.invokeExact(link);
            BpfException.check(rc, "bpf_link__destroy", "program " + program);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        } finally {
            link = null;
        }
    }
}
