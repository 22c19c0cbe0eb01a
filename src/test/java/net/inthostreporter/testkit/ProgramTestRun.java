// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;

import net.inthostreporter.libbpf.BpfException;
import net.inthostreporter.sys.NativeCalls;

/**
 * Runs a loaded program on a crafted input in the kernel (BPF_PROG_TEST_RUN through libbpf's
 * {@code bpf_prog_test_run_opts}): for TC programs the input is an Ethernet frame (at least 14
 * bytes); the result is the verdict, the frame as the program left it and the kernel's mean run
 * time. Test-only: the agent never runs programs this way, so the binding lives here, not in
 * the production jar.
 *
 * <p>An instance keeps one set of native buffers for repeated runs of one frame (a measuring
 * loop allocates nothing) and passes a {@code struct __sk_buff} context with
 * {@code ingress_ifindex} = 1: the test-run skb sits on the loopback device (ifindex 1), so an
 * egress program sees an skb that "arrived" on the interface an ingress run recorded, which
 * lets ingress-then-egress runs on the reused skb take the event path.
 */
public final class ProgramTestRun implements AutoCloseable {
    /** Verdict, output data and the kernel's average run time per repetition. */
    public record Result(int retval, byte[] dataOut, long durationNs) {
    }

    /** The verdict our programs must return: TC_ACT_UNSPEC ("continue"). */
    public static final int TC_ACT_UNSPEC = -1;

    private static final MethodHandle TEST_RUN = NativeCalls.downcall(
            SymbolLookup.libraryLookup("libbpf.so.1", Arena.global()), "bpf_prog_test_run_opts",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    // struct bpf_test_run_opts in libbpf 1.1 (80 bytes).
    private static final long SIZE = 80;
    private static final long DATA_IN = 8;
    private static final long DATA_OUT = 16;
    private static final long DATA_SIZE_IN = 24;
    private static final long DATA_SIZE_OUT = 28;
    private static final long CTX_IN = 32;
    private static final long CTX_SIZE_IN = 48;
    private static final long RETVAL = 56;
    private static final long REPEAT = 60;
    private static final long DURATION = 64;
    // struct __sk_buff (192 bytes on 6.x); the test run accepts ingress_ifindex in it.
    private static final long SKB_SIZE = 192;
    private static final long SKB_INGRESS_IFINDEX = 36;
    private static final int LOOPBACK_IFINDEX = 1;
    /** Room for what a program may add to the frame (encapsulation, metadata). */
    private static final int OUTPUT_HEADROOM = 256;

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment opts;
    private final int frameLength;

    /** Prepared runs of one frame, arriving on loopback (see the class comment). */
    public ProgramTestRun(byte[] frame) {
        frameLength = frame.length;
        MemorySegment data = arena.allocate(Math.max(1, frame.length), 8);
        MemorySegment.copy(frame, 0, data, JAVA_BYTE, 0, frame.length);
        MemorySegment skb = arena.allocate(SKB_SIZE, 8);
        skb.set(JAVA_INT, SKB_INGRESS_IFINDEX, LOOPBACK_IFINDEX);
        opts = arena.allocate(SIZE, 8);
        opts.set(JAVA_LONG, 0, SIZE);
        opts.set(ADDRESS, DATA_IN, data);
        opts.set(JAVA_INT, DATA_SIZE_IN, frame.length);
        opts.set(ADDRESS, CTX_IN, skb);
        opts.set(JAVA_INT, CTX_SIZE_IN, (int) SKB_SIZE);
    }

    /** Runs the program {@code repeat} times; fails unless it returned "continue"; the mean time per run, in ns. */
    public long timed(int progFd, int repeat) {
        opts.set(JAVA_INT, REPEAT, repeat);
        invoke(progFd, opts, frameLength, repeat);
        int verdict = opts.get(JAVA_INT, RETVAL);
        if (verdict != TC_ACT_UNSPEC) {
            throw new IllegalStateException("prog fd " + progFd + " returned " + verdict + " instead of TC_ACT_UNSPEC");
        }
        return Integer.toUnsignedLong(opts.get(JAVA_INT, DURATION));
    }

    /** Runs the program once on {@code data}. */
    public static Result run(int progFd, byte[] data) {
        return run(progFd, data, 1);
    }

    /** Runs the program {@code repeat} times on {@code data} (no context); dataOut is what the last run left. */
    public static Result run(int progFd, byte[] data, int repeat) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(Math.max(1, data.length), 8);
            MemorySegment.copy(data, 0, in, JAVA_BYTE, 0, data.length);
            int outCapacity = data.length + OUTPUT_HEADROOM;
            MemorySegment out = arena.allocate(outCapacity, 8);
            MemorySegment opts = arena.allocate(SIZE, 8);
            opts.set(JAVA_LONG, 0, SIZE);
            opts.set(ADDRESS, DATA_IN, in);
            opts.set(JAVA_INT, DATA_SIZE_IN, data.length);
            opts.set(ADDRESS, DATA_OUT, out);
            opts.set(JAVA_INT, DATA_SIZE_OUT, outCapacity);
            opts.set(JAVA_INT, REPEAT, repeat);
            invoke(progFd, opts, data.length, repeat);
            int outLength = Math.min(opts.get(JAVA_INT, DATA_SIZE_OUT), outCapacity);
            byte[] dataOut = Arrays.copyOf(out.toArray(JAVA_BYTE), outLength);
            return new Result(opts.get(JAVA_INT, RETVAL), dataOut, Integer.toUnsignedLong(opts.get(JAVA_INT, DURATION)));
        }
    }

    private static void invoke(int progFd, MemorySegment opts, int length, int repeat) {
        int rc;
        try {
            rc = (int) TEST_RUN.invokeExact(progFd, opts);
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
        if (rc < 0) {
            throw new BpfException("bpf_prog_test_run_opts", -rc, "prog fd " + progFd + ", " + length + " bytes, repeat " + repeat);
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
