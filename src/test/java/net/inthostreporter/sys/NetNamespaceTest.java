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
    void unknownNamespaceNamesTheFileAndErrno() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> NetNamespace.call("ihrt-missing-ns", () -> 1));
        assertEquals("open(/var/run/netns/ihrt-missing-ns): ENOENT (No such file or directory)", e.getMessage());
    }
}
