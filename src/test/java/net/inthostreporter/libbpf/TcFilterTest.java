// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import net.inthostreporter.sys.Errno;
import net.inthostreporter.testkit.TestNamespace;
import net.inthostreporter.testkit.TestObjects;
import org.junit.jupiter.api.Test;

class TcFilterTest {
    @Test
    void attachQueryDetachLeavesForeignFiltersAlone() throws Exception {
        try (TestNamespace ns = TestNamespace.create("ihrt");
             BpfObject obj = BpfObject.openMemory("pass", TestObjects.bytes("pass"))) {
            obj.load();
            int progFd = obj.programFd("ihrt_pass");
            int progId = ProgramInfo.ofFd(progFd).id();
            ns.addVeth("ihrv0", "02:00:00:00:00:01", "ihrv1", "02:00:00:00:00:02");
            int ifindex = ns.ifindex("ihrv1");
            TcFilter.Point in = TcFilter.Point.INGRESS;

            ns.call(() -> {
                TcFilter.createClsact(ifindex);
                TcFilter.createClsact(ifindex); // EEXIST is success
                return null;
            });
            // A stand-in for the CNI's own filter, added by someone else.
            ns.tc("filter", "add", "dev", "ihrv1", "ingress", "pref", "49152", "bpf", "da",
                    "obj", TestObjects.path("pass").toString(), "sec", "tc");

            TcFilter.Attachment a = ns.call(() -> TcFilter.attach(ifindex, in, progFd, 1, 1, false));
            assertEquals(new TcFilter.Attachment(ifindex, in, 1, 1, progId), a);
            assertEquals(OptionalInt.of(progId), ns.call(() -> TcFilter.query(ifindex, in, 1, 1)));
            assertEquals("ihrt_pass", ProgramInfo.ofId(progId).orElseThrow().name());

            BpfException exists = assertThrows(BpfException.class,
                    () -> ns.call(() -> TcFilter.attach(ifindex, in, progFd, 1, 1, false)));
            assertEquals(Errno.EEXIST, exists.errno());
            assertEquals("bpf_tc_attach(ifindex " + ifindex + ", ingress, handle 1, priority 1): EEXIST (File exists)",
                    exists.getMessage());
            ns.call(() -> TcFilter.attach(ifindex, in, progFd, 1, 1, true));

            assertTrue(ns.call(() -> TcFilter.detach(ifindex, in, 1, 1)));
            assertEquals(OptionalInt.empty(), ns.call(() -> TcFilter.query(ifindex, in, 1, 1)));
            assertFalse(ns.call(() -> TcFilter.detach(ifindex, in, 1, 1)), "second detach: ENOENT");

            String left = ns.tc("filter", "show", "dev", "ihrv1", "ingress");
            assertTrue(left.contains("pref 49152"), "the foreign filter survives: " + left);
            assertFalse(left.contains("pref 1 "), "ours is gone: " + left);
            assertEquals(OptionalInt.empty(), ns.call(() -> TcFilter.query(ifindex, TcFilter.Point.EGRESS, 1, 1)));
        }
    }

    @Test
    void kernelChosenHandleAndPriorityAreReported() throws Exception {
        try (TestNamespace ns = TestNamespace.create("ihrt");
             BpfObject obj = BpfObject.openMemory("pass", TestObjects.bytes("pass"))) {
            obj.load();
            int progFd = obj.programFd("ihrt_pass");
            ns.addVeth("ihrv0", "02:00:00:00:00:01", "ihrv1", "02:00:00:00:00:02");
            int ifindex = ns.ifindex("ihrv0");
            TcFilter.Attachment a = ns.call(() -> {
                TcFilter.createClsact(ifindex);
                return TcFilter.attach(ifindex, TcFilter.Point.EGRESS, progFd, 0, 0, false);
            });
            assertTrue(a.handle() != 0 && a.priority() != 0, a.toString());
            assertTrue(ns.call(() -> TcFilter.detach(ifindex, TcFilter.Point.EGRESS, a.handle(), a.priority())));
        }
    }
}
