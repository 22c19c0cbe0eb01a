// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LibcTest {
    @Test
    void errnoIsNamedWithTheLibcMessage() {
        assertEquals("EEXIST (File exists)", Errno.describe(Errno.EEXIST));
        assertEquals("ENOENT (No such file or directory)", Errno.describe(-Errno.ENOENT));
        assertEquals("errno 4242", Errno.name(4242));
    }

    @Test
    void failedCallsReturnMinusErrnoCapturedRightAfterTheCall() {
        assertEquals(-97 /* EAFNOSUPPORT */, Libc.socket(4242, Libc.SOCK_RAW, 0));
        assertEquals(-Errno.EBADF, Libc.close(-1));
        assertEquals(-Errno.ENOENT, Libc.open("/nonexistent/ihr", Libc.O_RDONLY));
        assertEquals(-Errno.ENODEV, Libc.ifNameToIndex("ihr-no-such-if"));
        assertTrue(Libc.ifNameToIndex("lo") > 0);
    }

    @Test
    void checkThrowsWithFunctionContextAndErrno() {
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> Errno.check(Libc.open("/nonexistent/ihr", Libc.O_RDONLY), "open", "/nonexistent/ihr"));
        assertEquals("open(/nonexistent/ihr): ENOENT (No such file or directory)", e.getMessage());
        assertEquals(Errno.ENOENT, e.errno());
    }
}
