// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import static net.inthostreporter.report.GoldenReports.*;
import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReportDecoderTest {

    private final ReportDecoder decoder = new ReportDecoder();

    @Test
    void decodesGoldenFlowReport() throws Exception {
        DecodedReport r = decoder.decodeSingle(Hex.bytes(FLOW_REPORT));
        assertEquals(0, r.version());
        assertEquals(2, r.nProto());
        assertFalse(r.dropped());
        assertFalse(r.congested());
        assertTrue(r.trackedFlow());
        assertFalse(r.isDropReport());
        assertEquals(5, r.hwId());
        assertEquals(12, r.seqNo());
        assertEquals(0x55667788L, r.ingressTimestamp());
        assertEquals(0x0A000001L, r.switchId());
        assertEquals(0x2345, r.ingressPort());
        assertEquals(7, r.egressPort());
        assertEquals(0, r.queueId());
        assertEquals(0, r.queueOccupancy());
        assertEquals(0x5566D328L, r.egressTimestamp());
        assertEquals(23_456, r.hopLatencyNs());
        assertEquals(-1, r.dropReason());
        assertArrayEquals(Hex.bytes(INNER_UDP_FRAME), r.innerFrame());
        assertGoldenInner(r.inner());
    }

    @Test
    void decodesGoldenDropReport() throws Exception {
        DecodedReport r = decoder.decodeSingle(Hex.bytes(DROP_REPORT));
        assertEquals(0, r.version());
        assertEquals(1, r.nProto());
        assertTrue(r.dropped());
        assertFalse(r.trackedFlow());
        assertTrue(r.isDropReport());
        assertEquals(63, r.hwId());
        assertEquals(0xFFFFFFFFL, r.seqNo());
        assertEquals(0xDEADBEEFL, r.ingressTimestamp());
        assertEquals(0x0A000001L, r.switchId());
        assertEquals(65535, r.ingressPort());
        assertEquals(0, r.egressPort());
        assertEquals(0, r.queueId());
        assertEquals(80, r.dropReason());
        assertEquals(-1, r.egressTimestamp());
        assertEquals(-1, r.hopLatencyNs());
        assertEquals(-1, r.queueOccupancy());
        assertEquals(INNER_UDP_FRAME_LENGTH, r.innerFrameLength());
        assertGoldenInner(r.inner());
    }

    private static void assertGoldenInner(InnerPacket p) throws Exception {
        assertEquals(0x0800, p.etherType());
        assertEquals(4, p.ipVersion());
        assertEquals(InetAddress.getByName("10.244.1.11"), p.src());
        assertEquals(InetAddress.getByName("10.244.1.12"), p.dst());
        assertEquals(17, p.protocol());
        assertEquals(40000, p.srcPort());
        assertEquals(5201, p.dstPort());
        assertFalse(p.truncated());
    }

    @Test
    void readsFromPositionToLimitWithoutMovingThem() throws Exception {
        byte[] golden = Hex.bytes(FLOW_REPORT);
        ByteBuffer buffer = ByteBuffer.allocate(golden.length + 10);
        buffer.position(4).put(golden).flip().position(4);
        DecodedReport r = decoder.decode(buffer).getFirst();
        assertEquals(12, r.seqNo());
        assertEquals(4, buffer.position());
        assertEquals(INNER_UDP_FRAME_LENGTH, r.innerFrameLength());
    }

    @Test
    void readsQueueFieldsAndCongestedFlag() throws Exception {
        byte[] b = Hex.bytes(FLOW_REPORT);
        b[1] = (byte) 0x60;          // Q and F
        b[12 + 8] = 3;               // queue_id
        b[12 + 9] = 0x01;            // occupancy 0x010203
        b[12 + 10] = 0x02;
        b[12 + 11] = 0x03;
        DecodedReport r = decoder.decodeSingle(b);
        assertTrue(r.congested());
        assertEquals(3, r.queueId());
        assertEquals(0x010203, r.queueOccupancy());
    }

    @Test
    void decodesNProtoZeroAsFrameOnly() throws Exception {
        byte[] b = Hex.bytes("00" + "00" + "00" + "01" + "00000002" + "00000003" + INNER_UDP_FRAME);
        DecodedReport r = decoder.decodeSingle(b);
        assertEquals(0, r.nProto());
        assertEquals(-1, r.switchId());
        assertEquals(-1, r.ingressPort());
        assertEquals(40000, r.inner().srcPort());
    }

    @Test
    void innerFrameCannotBeChangedFromOutside() throws Exception {
        DecodedReport r = decoder.decodeSingle(Hex.bytes(FLOW_REPORT));
        r.innerFrame()[0] = 0x7F;
        assertEquals(0x02, r.innerFrame()[0]);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("", "empty datagram"),
                Arguments.of("0220000500", "too short for its fixed header: 5 bytes, need 12"),
                Arguments.of("022000050000000c55667788" + "0a000001", "too short for its Switch Local Report header: 16 bytes, need 28"),
                Arguments.of("018000050000000c55667788" + "0a0000010001", "too short for its Drop Report header: 18 bytes, need 24"),
                Arguments.of("052000050000000c55667788", "unknown NProto 5"),
                Arguments.of("320000050000000c55667788", "unsupported telemetry report version 3"),
                Arguments.of("f20000050000000c55667788", "unsupported telemetry report version 15"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void rejectsMalformedWithAMessageSayingWhat(String hex, String expectedMessagePart) {
        var e = assertThrows(ReportFormatException.class, () -> decoder.decode(Hex.bytes(hex)));
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }

    @Test
    void knowsSequenceWidthPerVersion() throws Exception {
        assertEquals(32, ReportDecoder.sequenceBits(0));
        assertThrows(ReportFormatException.class, () -> ReportDecoder.sequenceBits(7));
    }

    // --- round trips: encoder output decoded back ---

    static Stream<Arguments> flowRoundTrips() {
        return Stream.of(
                // switchId, hwId, seq, in, out, ingressTs, egressTs, expected latency
                Arguments.of(0, 0, 1, 1, 2, 1_000L, 1_500L, 500L),
                Arguments.of(-1, 63, 0xFFFFFFFF, 65535, 65535, 0xFFFF_FFFFL, 0xFFFF_FFFFL, 0L),
                // ifindex above 16 bits is truncated
                Arguments.of(0x7F000001, 1, 0x80000000, 0x1FFFF, 0x10000, 5L, 6L, 1L),
                // egress low 32 bits wrapped past 2^32: latency is still egress - ingress mod 2^32
                Arguments.of(42, 7, 99, 3, 4, 0x1_FFFF_FF00L, 0x2_0000_0100L, 0x200L),
                // 64-bit timestamps far apart in the high bits: only the low 32 matter
                Arguments.of(42, 7, 100, 3, 4, 0x7FFF_0000_0000_0010L, 0x1234_0000_0000_0030L, 0x20L),
                // egress "before" ingress (clock oddity) wraps rather than going negative
                Arguments.of(42, 7, 101, 3, 4, 100L, 99L, 0xFFFF_FFFFL));
    }

    @ParameterizedTest
    @MethodSource("flowRoundTrips")
    void flowRoundTrip(int switchId, int hwId, int seq, int in, int out, long ingressTs, long egressTs,
                       long latency) throws Exception {
        byte[] frame = Hex.bytes(INNER_UDP_FRAME);
        DecodedReport r = roundTrip(new ReportV05Encoder(switchId, hwId), TestObservation.flow(in, out, ingressTs, egressTs, frame), seq);
        assertEquals(Integer.toUnsignedLong(switchId), r.switchId());
        assertEquals(hwId, r.hwId());
        assertEquals(Integer.toUnsignedLong(seq), r.seqNo());
        assertEquals(in & 0xFFFF, r.ingressPort());
        assertEquals(out & 0xFFFF, r.egressPort());
        assertEquals(ingressTs & 0xFFFF_FFFFL, r.ingressTimestamp());
        assertEquals(egressTs & 0xFFFF_FFFFL, r.egressTimestamp());
        assertEquals(latency, r.hopLatencyNs());
        assertTrue(r.trackedFlow());
        assertFalse(r.dropped());
        assertArrayEquals(frame, r.innerFrame());
    }

    @ParameterizedTest
    @MethodSource("dropReasons")
    void dropRoundTrip(int reason) throws Exception {
        byte[] frame = Arrays.copyOf(Hex.bytes(INNER_UDP_FRAME), 30); // cut inside the IPv4 header
        DecodedReport r = roundTrip(new ReportV05Encoder(0xC0A80001, 63),
                TestObservation.drop(70000, 0, 0x1_0000_0001L, reason, frame), 0xFFFFFFFF);
        assertTrue(r.dropped());
        assertEquals(1, r.nProto());
        assertEquals(reason, r.dropReason());
        assertEquals(70000 & 0xFFFF, r.ingressPort());
        assertEquals(1, r.ingressTimestamp());
        assertEquals(0xFFFFFFFFL, r.seqNo());
        assertEquals(63, r.hwId());
        assertEquals(-1, r.hopLatencyNs());
        assertArrayEquals(frame, r.innerFrame());
        assertTrue(r.inner().truncated());
    }

    static List<Integer> dropReasons() {
        return List.of(0, 26, 80, 171, 184, 255);
    }

    private DecodedReport roundTrip(ReportV05Encoder encoder, PacketObservation obs, int seq) throws Exception {
        ByteBuffer out = ByteBuffer.allocate(ReportV05Encoder.maxReportSize((int) obs.frame().byteSize()));
        encoder.encode(obs, seq, out);
        return decoder.decodeSingle(Arrays.copyOf(out.array(), out.position()));
    }
}
