// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import net.inthostreporter.testkit.ProgramTestRun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import net.inthostreporter.sys.Errno;
import net.inthostreporter.testkit.KernelRequirement;
import net.inthostreporter.testkit.FrameBuilder;
import net.inthostreporter.testkit.TestObjects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BpfObjectTest {
    @BeforeEach
    void root() {
        KernelRequirement.requireRoot();
    }

    @Test
    void opensFromMemoryAndLoads() {
        try (BpfObject obj = BpfObject.openMemory("rb_probe", TestObjects.bytes("rb_probe"))) {
            obj.setMaxEntries("events", 256 * 1024);
            obj.load();
            assertTrue(obj.programFd("rb_probe") > 0);
            assertTrue(obj.mapFd("events") > 0);
            assertEquals("rb_probe", ProgramInfo.ofFd(obj.programFd("rb_probe")).name());
        }
    }

    @Test
    void rodataWrittenBeforeLoadIsSeenByTheProgram() {
        try (BpfObject obj = BpfObject.openMemory("rb_probe", TestObjects.bytes("rb_probe"))) {
            MemorySegment rodata = obj.initialValue(".rodata");
            assertEquals(4, rodata.byteSize(), "probe_tag is the only .rodata variable");
            rodata.set(ValueLayout.JAVA_INT, 0, 0xC0FFEE);
            obj.load();
            assertThrows(IllegalStateException.class, () -> rodata.get(ValueLayout.JAVA_INT, 0),
                    "the pre-load view must be dead after load (libbpf makes it read-only)");

            List<Integer> tags = new ArrayList<>();
            try (RingBufferPoller poller = RingBufferPoller.open(obj.mapFd("events"),
                    r -> tags.add(r.get(ValueLayout.JAVA_INT, 0)))) {
                ProgramTestRun.run(obj.programFd("rb_probe"), FrameBuilder.ethernetOnly(0x0800, 64));
                poller.consume();
            }
            assertEquals(List.of(0xC0FFEE), tags);
        }
    }

    @Test
    void unknownNamesAndLateConfigurationFailClearly() {
        try (BpfObject obj = BpfObject.openMemory("rb_probe", TestObjects.bytes("rb_probe"))) {
            BpfException e = assertThrows(BpfException.class, () -> obj.setMaxEntries("nope", 1));
            assertEquals("bpf_object__find_map_by_name(map nope in rb_probe): ENOENT (No such file or directory)", e.getMessage());
            obj.load();
            assertThrows(IllegalStateException.class, () -> obj.setMaxEntries("events", 1));
            BpfException p = assertThrows(BpfException.class, () -> obj.programFd("nope"));
            assertEquals(Errno.ENOENT, p.errno());
            assertTrue(p.getMessage().contains("program nope in rb_probe"), p.getMessage());
        }
    }

    @Test
    void garbageIsRefusedAtOpen() {
        BpfException e = assertThrows(BpfException.class, () -> BpfObject.openMemory("junk", new byte[] {1, 2, 3, 4}));
        assertEquals("bpf_object__open_mem", e.function());
    }
}
