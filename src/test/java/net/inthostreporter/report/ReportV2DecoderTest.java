// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import static net.inthostreporter.report.GoldenReports.*;
import static net.inthostreporter.report.GoldenV2Reports.*;
import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReportV2DecoderTest {

    private final ReportDecoder decoder = new ReportDecoder();

    @Test
    void decodesGoldenFlowReport() throws Exception {
        DecodedReport r = decoder.decodeSingle(Hex.bytes(FLOW_DATAGRAM));
        assertEquals(2, r.version());
        assertEquals(-1, r.nProto());
        assertTrue(r.trackedFlow());
        assertFalse(r.dropped());
        assertFalse(r.isDropReport());
        assertEquals(5, r.hwId());
        assertEquals(12, r.seqNo());
        assertEquals(0x0A00_0001L, r.switchId());
        assertEquals(0x2345, r.ingressPort());
        assertEquals(7, r.egressPort());
        assertEquals(23_456, r.hopLatencyNs());
        assertEquals(0x1122_3344_5566_7788L, r.ingressTimestamp());
        assertEquals(0x1122_3344_5566_D328L, r.egressTimestamp());
        assertEquals(-1, r.dropReason());
        assertEquals(0xCAFE_BABEL, r.flowId());
        assertEquals(new IngressTuple(4, InetAddress.getByName("10.244.1.11"), InetAddress.getByName("10.96.0.10"),
                17, 40000, 5201), r.ingressTuple());
        assertEquals(48, r.innerFrameLength()); // 46 + 2 bytes of padding, as carried
        assertEquals("10.244.1.12", AddressText.of(r.inner().dst()));
        assertEquals(5201, r.inner().dstPort());
        assertEquals(1, r.datagramReports());
    }

    @Test
    void decodesGoldenDropReport() throws Exception {
        DecodedReport r = decoder.decodeSingle(Hex.bytes(DROP_DATAGRAM));
        assertTrue(r.dropped());
        assertTrue(r.isDropReport());
        assertEquals(63, r.hwId());
        assertEquals(0x3F_FFFF, r.seqNo());
        assertEquals(65535, r.ingressPort());
        assertEquals(0, r.egressPort());
        assertEquals(-1, r.hopLatencyNs());
        assertEquals(0xDEAD_BEEFL, r.ingressTimestamp());
        assertEquals(0xDEAD_C2D7L, r.egressTimestamp());
        assertEquals(IntDropReason.ACL_DENY, r.dropReason());
        assertEquals(0, r.queueId());
        assertEquals(-1, r.flowId());
        assertEquals(new IngressTuple(6, InetAddress.getByName("fd00::1"), InetAddress.getByName("fd00::2"), 6, 1234, 80),
                r.ingressTuple());
    }

    @Test
    void decodesThreeReportsOfOneDatagramWithTheirOwnSequenceNumbers() throws Exception {
        List<DecodedReport> reports = decoder.decode(Hex.bytes(THREE_REPORT_DATAGRAM));
        assertEquals(3, reports.size());
        assertEquals(List.of(100L, 101L, 102L), reports.stream().map(DecodedReport::seqNo).toList());
        assertTrue(reports.stream().allMatch(r -> r.datagramReports() == 3 && r.switchId() == 0x0A00_0001L));
        assertFalse(reports.get(0).dropped());
        assertNull(reports.get(0).ingressTuple());
        assertTrue(reports.get(1).dropped());
        assertEquals(80, reports.get(1).dropReason());
        DecodedReport third = reports.get(2);
        assertEquals(0, third.innerFrameLength());
        assertEquals(1, third.ingressPort());
        assertEquals(2, third.egressPort());
        assertEquals(100, third.hopLatencyNs());
        assertEquals(101, third.egressTimestamp());
    }

    @Test
    void sequenceNumbersWrapAt22BitsInsideADatagram() throws Exception {
        String datagram = "203ffffe" + "0a000001" // seq 2^22 - 2
                + THREE_REPORT_DATAGRAM.substring(16);
        List<DecodedReport> reports = decoder.decode(Hex.bytes(datagram));
        assertEquals(List.of(0x3F_FFFEL, 0x3F_FFFFL, 0L), reports.stream().map(DecodedReport::seqNo).toList());
        assertEquals(22, ReportDecoder.sequenceBits(2));
    }

    @Test
    void skipsMetadataOfAnotherDomainAndReportLengthToTheEnd() throws Exception {
        String datagram = "20000001" + "00000009"
                + "13" + "ff" + "07" + "20"          // Report Length 0xFF: to the end of the datagram; MD 7 words
                + "4000" + "0001" + "8000" + "0000"  // L1 ports only; Domain Specific ID 1 (not ours), DSMdBits 0x8000
                + "00050006"                         // ports 5 -> 6
                + "aaaaaaaa" + "bbbbbbbb" + "cccccccc" + "dddddddd" + "eeeeeeee" + "ffffffff" // 24 bytes of their metadata
                + INNER_UDP_FRAME;                   // 46 bytes: "to the end" needs no padding
        DecodedReport r = decoder.decodeSingle(Hex.bytes(datagram));
        assertEquals(5, r.ingressPort());
        assertEquals(6, r.egressPort());
        assertEquals(-1, r.flowId());
        assertNull(r.ingressTuple());
        assertEquals(46, r.innerFrameLength());
        assertEquals(5201, r.inner().dstPort());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("2000000100000001", "too short for a group header and one report"),
                Arguments.of("20000001000000011305062000", "says 24 bytes but the datagram holds 5"),
                Arguments.of("2000000100000001" + "13010620" + "00000000", "exceed its length of 8 bytes"),
                Arguments.of("2000000100000001" + "23010020" + "00000000", "RepType 2"),
                Arguments.of("2000000100000001" + "13030120" + "6c000000" + "00000000" + "00000000",
                        "need 24 bytes but MD Length gives 4"),
                Arguments.of("2000000100000001" + "13040220" + "40004948" + "20000000" + "00010002" + "00000000",
                        "need 40 bytes after the baseline metadata"),
                Arguments.of("2000000100000001" + "10020020" + "0000000000000000" + "0102", "2 trailing bytes"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void rejectsMalformedWithAMessageSayingWhat(String hex, String expectedMessagePart) {
        var e = assertThrows(ReportFormatException.class, () -> decoder.decode(Hex.bytes(hex)));
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }

    @Test
    void roundTripsRandomObservations() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            byte[] frame = new byte[random.nextInt(130)];
            random.nextBytes(frame);
            boolean drop = random.nextBoolean();
            long ingress = random.nextLong() >>> 1;
            long egress = ingress + random.nextInt(1 << 30);
            int in = random.nextInt(1 << 16);
            int out = random.nextInt(1 << 16);
            int reason = random.nextInt(256);
            var base = new TestObservation(drop, in, out, ingress, egress, reason,
                    java.lang.foreign.MemorySegment.ofArray(frame));
            PacketObservation obs = base;
            int version = random.nextInt(3);
            int flowId = random.nextInt();
            if (version != 0) {
                byte[] a = new byte[version == 1 ? 4 : 16];
                byte[] b = new byte[a.length];
                random.nextBytes(a);
                random.nextBytes(b);
                obs = TupleObservation.of(base, flowId, InetAddress.getByAddress(a), random.nextInt(65536),
                        InetAddress.getByAddress(b), random.nextInt(65536), random.nextInt(256));
            }
            int seq = random.nextInt(1 << 22);
            int hw = random.nextInt(64);
            byte[] datagram = ReportV2EncoderTest.datagram(new ReportV2Encoder(0xC0A8_0001, hw), seq, obs, obs);
            List<DecodedReport> decoded = decoder.decode(datagram);
            assertEquals(2, decoded.size());
            DecodedReport r = decoded.get(1);
            assertEquals((seq + 1) & 0x3F_FFFF, r.seqNo());
            assertEquals(hw, r.hwId());
            assertEquals(0xC0A8_0001L, r.switchId());
            assertEquals(drop, r.dropped());
            assertEquals(in, r.ingressPort());
            assertEquals(out, r.egressPort());
            assertEquals(ingress, r.ingressTimestamp());
            assertEquals(egress, r.egressTimestamp());
            assertEquals(drop ? -1 : egress - ingress, r.hopLatencyNs());
            assertEquals(drop ? reason : -1, r.dropReason());
            byte[] carried = r.innerFrame();
            assertEquals((frame.length + 3) / 4 * 4, carried.length);
            assertArrayEquals(frame, java.util.Arrays.copyOf(carried, frame.length));
            if (obs instanceof TupleObservation t) {
                assertEquals(flowId == 0 ? -1 : Integer.toUnsignedLong(flowId), r.flowId());
                assertEquals(t.ingressSourcePort(), r.ingressTuple().srcPort());
                assertEquals(t.ingressDestinationPort(), r.ingressTuple().dstPort());
                assertEquals(t.ingressProtocol(), r.ingressTuple().protocol());
            } else {
                assertNull(r.ingressTuple());
            }
        }
    }
}
