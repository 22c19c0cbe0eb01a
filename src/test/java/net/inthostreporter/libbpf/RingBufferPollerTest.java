// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import net.inthostreporter.testkit.ProgramTestRun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import net.inthostreporter.testkit.KernelRequirement;
import net.inthostreporter.testkit.FrameBuilder;
import net.inthostreporter.testkit.TestObjects;
import org.junit.jupiter.api.Test;

class RingBufferPollerTest {
    @Test
    void pollDeliversEveryRecordInOrder() {
        KernelRequirement.requireRoot();
        try (BpfObject obj = BpfObject.openMemory("rb_probe", TestObjects.bytes("rb_probe"))) {
            obj.load();
            List<long[]> seen = new ArrayList<>();
            try (RingBufferPoller poller = RingBufferPoller.open(obj.mapFd("events"), r -> seen.add(new long[] {
                    r.byteSize(), r.get(ValueLayout.JAVA_INT, 4), r.get(ValueLayout.JAVA_LONG, 8)}))) {
                ProgramTestRun.run(obj.programFd("rb_probe"), FrameBuilder.ethernetOnly(0x0800, 64), 100);
                int total = 0;
                while (total < 100) {
                    int n = poller.poll(1000);
                    if (n == 0) {
                        break;
                    }
                    total += n;
                }
                assertEquals(100, total);
                assertEquals(0, poller.poll(10), "nothing more");
            }
            assertEquals(100, seen.size());
            for (int i = 0; i < 100; i++) {
                assertArrayEquals(new long[] {16, 64, i + 1}, seen.get(i), "record " + i);
            }
            long runs = LongStream.of(BpfMaps.lookupPerCpu(obj.mapFd("runs"), 0)).sum();
            assertEquals(100, runs);
            assertEquals(PossibleCpus.count(), BpfMaps.lookupPerCpu(obj.mapFd("runs"), 0).length);
            assertEquals(1, BpfMaps.keys(obj.mapFd("runs"), 4).size());
        }
    }

    /** A consumer that asks to stop gets control back after that record; the rest stays in the ring, in order. */
    @Test
    void aPollStoppedAfterARecordLosesNothing() {
        KernelRequirement.requireRoot();
        try (BpfObject obj = BpfObject.openMemory("rb_probe", TestObjects.bytes("rb_probe"))) {
            obj.load();
            List<Long> seen = new ArrayList<>();
            int[] stops = {0};
            // Stop after every 7th record, as a sender whose batch filled up would.
            try (RingBufferPoller poller = RingBufferPoller.open(obj.mapFd("events"),
                    r -> seen.add(r.get(ValueLayout.JAVA_LONG, 8)), () -> seen.size() % 7 != 0 || stops[0]++ < 0)) {
                ProgramTestRun.run(obj.programFd("rb_probe"), FrameBuilder.ethernetOnly(0x0800, 64), 100);
                List<Integer> perPoll = new ArrayList<>();
                for (int n = poller.poll(1000); n > 0; n = poller.consume()) {
                    perPoll.add(n);
                }
                assertEquals(14, stops[0], "stops after records 7, 14, ... 98");
                assertEquals(List.of(7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 2), perPoll, "records per call");
                assertEquals(0, poller.poll(10), "nothing more");
            }
            assertEquals(LongStream.rangeClosed(1, 100).boxed().toList(), seen, "every record once, in order");
        }
    }

    @Test
    void aThrowingHandlerIsCountedAndTheJvmLives() {
        KernelRequirement.requireRoot();
        try (BpfObject obj = BpfObject.openMemory("rb_probe", TestObjects.bytes("rb_probe"))) {
            obj.load();
            int[] calls = {0};
            try (RingBufferPoller poller = RingBufferPoller.open(obj.mapFd("events"), r -> {
                calls[0]++;
                if (calls[0] % 2 == 0) {
                    throw new IllegalStateException("handler failure " + calls[0]);
                }
                if (calls[0] == 5) {
                    throw new StackOverflowError("even errors are caught");
                }
            })) {
                ProgramTestRun.run(obj.programFd("rb_probe"), FrameBuilder.ethernetOnly(0x0800, 64), 10);
                assertEquals(10, poller.consume(), "a failing record does not stop consumption");
                assertEquals(10, poller.records());
                assertEquals(6, poller.handlerFailures());
                assertInstanceOf(IllegalStateException.class, poller.lastFailure());
            }
        }
    }

    @Test
    void mapHelpersUpdateLookupDelete() {
        KernelRequirement.requireRoot();
        try (BpfObject obj = BpfObject.openMemory("tcx_order", TestObjects.bytes("tcx_order"));
             Arena arena = Arena.ofConfined()) {
            obj.load();
            int fd = obj.mapFd("seen");
            MemorySegment key = arena.allocateFrom(ValueLayout.JAVA_INT, 0);
            MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
            BpfMaps.update(fd, key, arena.allocateFrom(ValueLayout.JAVA_LONG, 42), BpfMaps.BPF_ANY);
            assertEquals(true, BpfMaps.lookup(fd, key, value));
            assertEquals(42, value.get(ValueLayout.JAVA_LONG, 0));
            BpfException e = org.junit.jupiter.api.Assertions.assertThrows(BpfException.class,
                    () -> BpfMaps.delete(fd, key), "array elements cannot be deleted");
            assertEquals("bpf_map_delete_elem", e.function());
            assertEquals(false, BpfMaps.lookup(fd, arena.allocateFrom(ValueLayout.JAVA_INT, 7), value));
        }
    }
}
