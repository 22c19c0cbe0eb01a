// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.inthostreporter.datapath.Datapath;
import net.inthostreporter.datapath.DatapathConfig;
import net.inthostreporter.datapath.DatapathProgramsTest;
import net.inthostreporter.datapath.DatapathProgramsTest.Outcome;
import net.inthostreporter.libbpf.BpfException;
import net.inthostreporter.testkit.ProgramTestRun;
import net.inthostreporter.sys.Errno;
import net.inthostreporter.testkit.KernelRequirement;

/**
 * A million generated frames (see {@link MalformedFrames}), each run once through the ingress
 * and once through the egress program in the kernel (BPF_PROG_TEST_RUN, one distinct run per
 * frame and program, no repeat: a repeated run only reports its last verdict). Every run must
 * return TC_ACT_UNSPEC with the frame unchanged; frames the kernel's test-run refuses (shorter
 * than Ethernet, an IP EtherType without a full IP header) must be refused with EINVAL and
 * nothing else. Jumbo frames do not fit a test-run skb; {@link RealTrafficUnharmedIT} sends
 * them through a hooked node instead. The count can be lowered with
 * {@code -Dihr.reliability.frames=N} when iterating locally.
 */
class ProgramsNeverHarmFramesIT {
    private static final int TC_ACT_UNSPEC = -1;
    private static final long SEED = 0x1485_2025_0006L;
    private static final int FRAMES = Integer.getInteger("ihr.reliability.frames", 1_000_000);
    private static final int FAILURES_SHOWN = 20;

    @Test
    void everyFrameContinuesUnchanged() {
        KernelRequirement.requireRoot();
        MalformedFrames frames = new MalformedFrames(SEED);
        List<String> failures = new ArrayList<>();
        long failed = 0;
        long ran = 0;
        long started = System.nanoTime();
        try (Datapath datapath = Datapath.load(DatapathConfig.defaults())) {
            int[] programs = {datapath.ingressProgramFd(), datapath.egressProgramFd()};
            for (int i = 0; i < FRAMES; i++) {
                MalformedFrames.Frame frame = frames.next();
                Outcome expected = DatapathProgramsTest.testRunOutcome(frame.bytes());
                ran += expected == Outcome.RUNS ? 1 : 0;
                for (int p = 0; p < programs.length; p++) {
                    String problem = problem(programs[p], frame.bytes(), expected);
                    if (problem != null) {
                        failed++;
                        if (failures.size() < FAILURES_SHOWN) {
                            failures.add("#" + i + " " + (p == 0 ? "ingress" : "egress") + " on " + frame.origin() + " ("
                                    + frame.bytes().length + " bytes " + HexFormat.of().formatHex(frame.bytes()) + "): " + problem);
                        }
                    }
                }
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        System.out.printf("%d frames (%d runnable) x 2 programs in %d s%n", FRAMES, ran, seconds);
        assertEquals(List.of(), failures, failed + " failed runs; seed 0x" + Long.toHexString(SEED));
        assertTrue(ran > FRAMES * 8L / 10, "only " + ran + " of " + FRAMES + " frames were runnable");
    }

    /** Null when the program only observed (or the kernel refused a frame it must refuse). */
    private static String problem(int programFd, byte[] frame, Outcome expected) {
        try {
            ProgramTestRun.Result result = ProgramTestRun.run(programFd, frame);
            if (expected != Outcome.RUNS) {
                return "ran, expected " + expected;
            }
            if (result.retval() != TC_ACT_UNSPEC) {
                return "verdict " + result.retval();
            }
            if (!Arrays.equals(frame, result.dataOut())) {
                return "frame changed to " + HexFormat.of().formatHex(result.dataOut());
            }
            return null;
        } catch (BpfException e) {
            return expected != Outcome.RUNS && e.errno() == Errno.EINVAL ? null : e.getMessage() + ", expected " + expected;
        }
    }
}
