// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;

/**
 * Golden flow ids: the 38 input bytes written out from the definition in {@link FlowId}, and their
 * CRC-32C computed with a separate bit-by-bit implementation (reflected polynomial 0x82F63B78).
 */
class FlowIdTest {
    private final FlowId flowIds = new FlowId();

    @Test
    void crc32cIsTheCastagnoliCheckValue() {
        CRC32C crc = new CRC32C();
        crc.update("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(0xE3069283L, crc.getValue());
    }

    @Test
    void ipv4TcpToAServiceAddress() throws Exception {
        // 04 06 | 0af4010b + 12 zero | 0a60000a + 12 zero | 9c40 | 0050
        assertEquals(0x989D06CD, flowIds.of(IngressTupleObservation.of(6, "10.244.1.11", 40000, "10.96.0.10", 80, new byte[0])));
    }

    @Test
    void ipv6Udp() throws Exception {
        assertEquals(0x7374B198, flowIds.of(IngressTupleObservation.of(17, "fd00:244:1::11", 5353, "fd00:99::2", 7001, new byte[0])));
    }

    @Test
    void icmpHasZeroPorts() throws Exception {
        assertEquals(0xDDD6F4BC, flowIds.of(IngressTupleObservation.of(1, "10.244.1.11", 0, "10.244.1.12", 0, new byte[0])));
    }

    @Test
    void unknownTupleIsZero() {
        assertEquals(0, flowIds.of(TestObservation.flow(1, 2, 3, 4, new byte[14])));
    }
}
