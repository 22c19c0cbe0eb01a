// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The kernel-name → INT-code table, written from docs/int-report-formats.md. */
class KernelDropReasonsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "NETFILTER_DROP, 80", "TC_INGRESS, 80", "TC_EGRESS, 80",
            "IP_NOROUTE, 29", "IP_INNOROUTES, 29", "IP_OUTNOROUTES, 29",
            "IP_CSUM, 31", "IP_INHDR, 30",
            "QDISC_DROP, 71", "QDISC_OVERLIMIT, 71", "CPU_BACKLOG, 71",
            "NOT_SPECIFIED, 0", "NO_SOCKET, 0", "TCP_CSUM, 0", "SOMETHING_NEW, 0"})
    void mapsNames(String name, int code) {
        assertEquals(code, KernelDropReasons.intCode(name));
        assertEquals(code, KernelDropReasons.intCode(name, false));
    }

    @ParameterizedTest(name = "{0} with TTL 1 -> {1}")
    @CsvSource({"IP_INHDR, 26", "NETFILTER_DROP, 80", "IP_INNOROUTES, 29"})
    void expiredTtlTurnsOnlyHeaderErrorsIntoTtlExpiry(String name, int code) {
        assertEquals(code, KernelDropReasons.intCode(name, true));
    }

    @ParameterizedTest
    @CsvSource({"SKB_DROP_REASON_NETFILTER_DROP, NETFILTER_DROP", "SKB_CONSUMED, SKB_CONSUMED", "IP_CSUM, IP_CSUM"})
    void shortNames(String enumerator, String expected) {
        assertEquals(expected, KernelDropReasons.shortName(enumerator));
    }

    @ParameterizedTest
    @CsvSource({"SKB_CONSUMED, false", "SKB_NOT_DROPPED_YET, false", "NOT_SPECIFIED, true", "NETFILTER_DROP, true"})
    void consumedIsNoDrop(String name, boolean drop) {
        assertEquals(drop, KernelDropReasons.isDrop(name));
        if (drop) {
            assertTrue(KernelDropReasons.isDrop(name));
        } else {
            assertFalse(KernelDropReasons.isDrop(name));
        }
    }
}
