// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import static org.junit.jupiter.api.Assertions.*;

import java.net.Inet6Address;
import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTextTest {

    @ParameterizedTest
    @CsvSource({
            "10.244.1.11,                             10.244.1.11",
            "fd00:0:0:0:0:0:0:1,                      fd00::1",
            "0:0:0:0:0:0:0:0,                         ::",
            "0:0:0:0:0:0:0:1,                         ::1",
            "fe80:0:0:0:1:0:0:0,                      fe80::1:0:0:0",
            "2001:db8:0:0:1:0:0:1,                    2001:db8::1:0:0:1",
            "2001:db8:0:1:1:1:1:1,                    2001:db8:0:1:1:1:1:1",
            "2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:1,     2001:db8:aaaa:bbbb:cccc:dddd:eeee:1",
            "1:0:0:2:0:0:0:3,                         1:0:0:2::3",
            "1:2:3:4:5:6:7:0,                         1:2:3:4:5:6:7:0",
            "1:2:3:4:5:6:0:0,                         1:2:3:4:5:6::",
    })
    void canonicalText(String input, String expected) throws Exception {
        assertEquals(expected, AddressText.of(InetAddress.getByName(input)));
    }

    @org.junit.jupiter.api.Test
    void ipv4MappedUsesDottedTail() throws Exception {
        byte[] raw = new byte[16];
        raw[10] = (byte) 0xFF;
        raw[11] = (byte) 0xFF;
        raw[12] = 10;
        raw[15] = 1;
        assertEquals("::ffff:10.0.0.1", AddressText.of(Inet6Address.getByAddress(null, raw, -1)));
    }
}
