// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import net.inthostreporter.testkit.TestNamespace;
import org.junit.jupiter.api.Test;

class NetNamespaceTest {
    @Test
    void taskRunsInsideTheNamespaceAndTheCallerStaysOutside() throws Exception {
        try (TestNamespace ns = TestNamespace.create("ihrt")) {
            ns.addVeth("ihrv0", "02:00:00:00:00:01", "ihrv1", "02:00:00:00:00:02");
            int inside = ns.call(() -> Libc.ifNameToIndex("ihrv0"));
            assertTrue(inside > 0, "ihrv0 visible inside: " + inside);
            assertEquals(-Errno.ENODEV, Libc.ifNameToIndex("ihrv0"), "not visible outside");
            // the next call gets a fresh thread again
            assertTrue(ns.call(() -> Libc.ifNameToIndex("ihrv1")) > 0);
        }
    }

    @Test
    void taskExceptionsAreRethrownUnchanged() throws Exception {
        try (TestNamespace ns = TestNamespace.create("ihrt")) {
            IOException thrown = new IOException("boom");
            assertSame(thrown, assertThrows(IOException.class, () -> ns.call(() -> {
                throw thrown;
            })));
        }
    }

    @Test
    void aNewNamespaceHasOnlyItsOwnLoopbackAndTheCallerStaysOutside() throws Exception {
        String outside = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/thread-self/ns/net")).toString();
        String inside = NetNamespace.callInNewNamespace(
                () -> java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/thread-self/ns/net")).toString());
        assertTrue(inside.startsWith("net:[") && !inside.equals(outside), inside + " vs " + outside);
        assertEquals(outside, java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/thread-self/ns/net")).toString());
        // A fresh namespace: the loopback (always ifindex 1) and nothing of the host's.
        assertEquals(1, NetNamespace.callInNewNamespace(() -> Libc.ifNameToIndex("lo")));
        String hostInterface = java.nio.file.Files.list(java.nio.file.Path.of("/sys/class/net"))
                .map(path -> path.getFileName().toString()).filter(name -> !name.equals("lo")).findFirst().orElseThrow();
        assertEquals(-Errno.ENODEV, NetNamespace.callInNewNamespace(() -> Libc.ifNameToIndex(hostInterface)), hostInterface);
    }

    @Test
    void unknownNamespaceNamesTheFileAndErrno() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> NetNamespace.call("ihrt-missing-ns", () -> 1));
        assertEquals("open(/var/run/netns/ihrt-missing-ns): ENOENT (No such file or directory)", e.getMessage());
    }
}
