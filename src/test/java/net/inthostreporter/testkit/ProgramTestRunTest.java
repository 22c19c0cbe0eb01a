// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import net.inthostreporter.libbpf.BpfException;
import net.inthostreporter.libbpf.BpfObject;

import net.inthostreporter.testkit.ProgramTestRun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.inthostreporter.sys.Errno;
import net.inthostreporter.testkit.KernelRequirement;
import net.inthostreporter.testkit.FrameBuilder;
import net.inthostreporter.testkit.TestObjects;
import org.junit.jupiter.api.Test;

class ProgramTestRunTest {
    private static final int TC_ACT_OK = 0;
    private static final int TC_ACT_SHOT = 2;

    @Test
    void verdictsAndRewrittenFrames() {
        KernelRequirement.requireRoot();
        try (BpfObject obj = BpfObject.openMemory("verdict", TestObjects.bytes("verdict"))) {
            obj.load();
            int fd = obj.programFd("verdict");

            byte[] ipv4 = FrameBuilder.ethernetOnly(0x0800, 64);
            ProgramTestRun.Result pass = ProgramTestRun.run(fd, ipv4);
            assertEquals(TC_ACT_OK, pass.retval());
            assertArrayEquals(ipv4, pass.dataOut());

            byte[] marked = FrameBuilder.ethernetOnly(0x88b5, 64);
            ProgramTestRun.Result drop = ProgramTestRun.run(fd, marked, 1000);
            assertEquals(TC_ACT_SHOT, drop.retval());
            assertEquals(marked.length, drop.dataOut().length);
            assertEquals((byte) 0xab, drop.dataOut()[14]);
            assertTrue(drop.durationNs() >= 0);

            BpfException tooShort = assertThrows(BpfException.class, () -> ProgramTestRun.run(fd, new byte[10]));
            assertEquals(Errno.EINVAL, tooShort.errno());
        }
    }
}
