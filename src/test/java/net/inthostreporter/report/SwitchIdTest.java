// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SwitchIdTest {

    @ParameterizedTest
    @CsvSource({
            "0,                0",
            "1,                1",
            "167772161,        167772161",
            "4294967295,       4294967295",
            "2147483648,       2147483648",
            "10.0.0.1,         167772161",
            "0.0.0.0,          0",
            "255.255.255.255,  4294967295",
            "192.168.1.20,     3232235796",
            "1.2.3.4,          16909060",
    })
    void parsesDecimalAndDotted(String text, long expectedUnsigned) {
        assertEquals(expectedUnsigned, Integer.toUnsignedLong(SwitchId.parse(text)));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"4294967296", "99999999999", "-1", "+5", " 1", "1 ", "0x10", "abc",
            "1.2.3", "1.2.3.4.5", "1.2.3.256", "1.2.3.", ".1.2.3", "1..2.3", "01.2.3.4", "1.2.3.-4",
            "node-1", "fd00::1", "1.2.3.4/24"})
    void rejectsWithAClearMessage(String text) {
        var e = assertThrows(IllegalArgumentException.class, () -> SwitchId.parse(text));
        assertTrue(e.getMessage().contains("switch_id"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"167772161, 10.0.0.1", "4294967295, 255.255.255.255", "0, 0.0.0.0"})
    void formatsDotted(long value, String dotted) {
        assertEquals(dotted, SwitchId.toDotted(value));
        assertEquals(value, SwitchId.toUnsigned(SwitchId.parse(dotted)));
    }
}
