// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import net.inthostreporter.sys.Libc;
import net.inthostreporter.sys.NativeCalls;

/**
 * BPF_PROG_TEST_RUN of a TC program on one frame, many times, reusing one set of native buffers.
 *
 * <p>Unlike the agent's {@code ProgramTestRun} it also passes a {@code struct __sk_buff} context
 * with {@code ingress_ifindex} = 1: the test-run skb sits on the loopback device (ifindex 1), so
 * our egress program sees an skb that "arrived" on the interface the ingress program recorded,
 * which is what lets an ingress run followed by an egress run on the same reused skb take the
 * event path. Buffers are allocated once, so a measuring loop allocates nothing.
 */
final class KernelTestRun implements AutoCloseable {
    private static final MethodHandle TEST_RUN = NativeCalls.downcall(
            SymbolLookup.libraryLookup("libbpf.so.1", Arena.global()), "bpf_prog_test_run_opts",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    // struct bpf_test_run_opts (libbpf 1.1, 80 bytes).
    private static final long OPTS_SIZE = 80;
    private static final long DATA_IN = 8;
    private static final long DATA_SIZE_IN = 24;
    private static final long CTX_IN = 32;
    private static final long CTX_SIZE_IN = 48;
    private static final long RETVAL = 56;
    private static final long REPEAT = 60;
    private static final long DURATION = 64;
    // struct __sk_buff (192 bytes on 6.x); the test run accepts ingress_ifindex in it.
    private static final long SKB_SIZE = 192;
    private static final long SKB_INGRESS_IFINDEX = 36;
    private static final int LOOPBACK_IFINDEX = 1;
    private static final int TC_ACT_UNSPEC = -1;

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment opts;
    private final int frameLength;

    KernelTestRun(byte[] frame) {
        frameLength = frame.length;
        MemorySegment data = arena.allocate(frame.length, 8);
        MemorySegment.copy(frame, 0, data, JAVA_BYTE, 0, frame.length);
        MemorySegment skb = arena.allocate(SKB_SIZE, 8);
        skb.set(JAVA_INT, SKB_INGRESS_IFINDEX, LOOPBACK_IFINDEX);
        opts = arena.allocate(OPTS_SIZE, 8);
        opts.set(JAVA_LONG, 0, OPTS_SIZE);
        opts.set(ADDRESS, DATA_IN, data);
        opts.set(JAVA_INT, DATA_SIZE_IN, frame.length);
        opts.set(ADDRESS, CTX_IN, skb);
        opts.set(JAVA_INT, CTX_SIZE_IN, (int) SKB_SIZE);
    }

    /** Runs the program {@code repeat} times; the kernel's mean time per run, in ns. */
    long run(int progFd, int repeat) {
        opts.set(JAVA_INT, REPEAT, repeat);
        int rc;
        try {
            rc = (int) TEST_RUN.invokeExact(progFd, opts);
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
        if (rc < 0) {
            throw new IllegalStateException("bpf_prog_test_run_opts (prog fd " + progFd + ", " + frameLength
                    + " bytes, repeat " + repeat + ") failed: " + Libc.strerror(-rc));
        }
        int verdict = opts.get(JAVA_INT, RETVAL);
        if (verdict != TC_ACT_UNSPEC) {
            throw new IllegalStateException("prog fd " + progFd + " returned " + verdict + " instead of TC_ACT_UNSPEC");
        }
        return Integer.toUnsignedLong(opts.get(JAVA_INT, DURATION));
    }

    @Override
    public void close() {
        arena.close();
    }
}
