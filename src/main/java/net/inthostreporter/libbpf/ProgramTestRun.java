// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Runs a loaded program on a crafted input in the kernel (BPF_PROG_TEST_RUN through
 * bpf_prog_test_run_opts): for TC programs the input is an Ethernet frame (at least 14
 * bytes), the result is the verdict and the frame as the program left it.
 */
public final class ProgramTestRun {
    /** Verdict, output data and the kernel's average run time per repetition. */
    public record Result(int retval, byte[] dataOut, long durationNs) {
    }

    // struct bpf_test_run_opts in libbpf 1.1 (80 bytes).
    private static final long SIZE = 80;
    private static final long DATA_IN = 8;
    private static final long DATA_OUT = 16;
    private static final long DATA_SIZE_IN = 24;
    private static final long DATA_SIZE_OUT = 28;
    private static final long RETVAL = 56;
    private static final long REPEAT = 60;
    private static final long DURATION = 64;
    /** Room for what a program may add to the frame (encapsulation, metadata). */
    private static final int OUTPUT_HEADROOM = 256;

    private ProgramTestRun() {
    }

    /** Runs the program once on {@code data}. */
    public static Result run(int progFd, byte[] data) {
        return run(progFd, data, 1);
    }

    /** Runs the program {@code repeat} times on {@code data}; dataOut is what the last run left. */
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
            int rc = (int) Libbpf.TestRunCalls.PROG_TEST_RUN_OPTS.invokeExact(progFd, opts);
            BpfException.check(rc, "bpf_prog_test_run_opts", "prog fd " + progFd + ", " + data.length + " bytes, repeat " + repeat);
            int outLength = Math.min(opts.get(JAVA_INT, DATA_SIZE_OUT), outCapacity);
            byte[] dataOut = Arrays.copyOf(out.toArray(JAVA_BYTE), outLength);
            return new Result(opts.get(JAVA_INT, RETVAL), dataOut, Integer.toUnsignedLong(opts.get(JAVA_INT, DURATION)));
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }
}
