// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/**
 * Golden frames: the DNATed (egress) frame and the frame a client sent to the Service (ingress),
 * each with checksums computed in full over the headers by hand-written code outside this
 * project; writing the captured one in the ingress view, with checksums updated incrementally,
 * must give the other, and leave the captured frame as it was.
 */
class IngressViewFrameTest {
    private static final HexFormat HEX = HexFormat.of();

    // 10.244.1.11:40000 -> pod 10.244.1.12:8080, UDP "ping"; IPv4 checksum 119b, UDP checksum 4d36
    private static final String EGRESS_V4 = "020000000002020000000001" + "0800"
            + "450000201234" + "40003f11119b" + "0af4010b0af4010c" + "9c401f90000c4d36" + "70696e67";
    // 10.244.1.11:40000 -> Service 10.96.0.10:80; IPv4 checksum 1331, UDP checksum 6e0c
    private static final String INGRESS_V4 = "020000000002020000000001" + "0800"
            + "450000201234" + "40003f111331" + "0af4010b0a60000a" + "9c400050000c6e0c" + "70696e67";
    // TCP SYN fd00:244:1::11:40000 -> fd00:244:1::12:8080, checksum f562
    private static final String EGRESS_V6 = "02000000000202000000000186dd600000000014063f"
            + "fd000244000100000000000000000011" + "fd000244000100000000000000000012"
            + "9c401f9000000001000000005002fffff5620000";
    // TCP SYN fd00:244:1::11:40000 -> fd00:96::a:80, checksum 165a
    private static final String INGRESS_V6 = "02000000000202000000000186dd600000000014063f"
            + "fd000244000100000000000000000011" + "fd00009600000000000000000000000a"
            + "9c40005000000001000000005002ffff165a0000";

    @Test
    void ipv4UdpGetsServiceAddressPortAndValidChecksums() throws Exception {
        byte[] frame = HEX.parseHex(EGRESS_V4);
        assertWrittenInIngressView(IngressTupleObservation.of(17, "10.244.1.11", 40000, "10.96.0.10", 80, frame),
                EGRESS_V4, INGRESS_V4);
    }

    @Test
    void ipv6TcpGetsServiceAddressPortAndValidChecksum() throws Exception {
        byte[] frame = HEX.parseHex(EGRESS_V6);
        assertWrittenInIngressView(IngressTupleObservation.of(6, "fd00:244:1::11", 40000, "fd00:96::a", 80, frame),
                EGRESS_V6, INGRESS_V6);
    }

    private static void assertWrittenInIngressView(PacketObservation obs, String captured, String expected) {
        byte[] out = new byte[captured.length() / 2];
        assertTrue(IngressViewFrame.write(obs, MemorySegment.ofArray(out), 0));
        assertArrayEquals(HEX.parseHex(expected), out);
        assertArrayEquals(HEX.parseHex(captured), obs.frame().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                "the captured frame is only read");
    }

    @Test
    void writesOnlyInsideTheFramesPlace() throws Exception {
        byte[] report = HEX.parseHex("aabbccdd" + "00".repeat(EGRESS_V4.length() / 2) + "eeff");
        var obs = IngressTupleObservation.of(17, "10.244.1.11", 40000, "10.96.0.10", 80, HEX.parseHex(EGRESS_V4));
        IngressViewFrame.write(obs, MemorySegment.ofArray(report), 4);
        assertArrayEquals(HEX.parseHex("aabbccdd" + INGRESS_V4 + "eeff"), report);
    }

    @Test
    void truncatedFrameKeepsWhatItHasAndStaysInBounds() throws Exception {
        byte[] frame = HEX.parseHex(EGRESS_V4.substring(0, 2 * 38)); // ends inside the destination port
        var obs = IngressTupleObservation.of(17, "10.244.1.11", 40000, "10.96.0.10", 80, frame);
        byte[] out = new byte[frame.length];
        assertTrue(IngressViewFrame.write(obs, MemorySegment.ofArray(out), 0));
        assertArrayEquals(HEX.parseHex(INGRESS_V4.substring(0, 2 * 34) + "9c40"), java.util.Arrays.copyOf(out, 36));
    }

    @Test
    void leavesOtherProtocolsAlone() throws Exception {
        byte[] frame = HEX.parseHex(EGRESS_V4);
        var obs = IngressTupleObservation.of(6, "10.244.1.11", 40000, "10.96.0.10", 80, frame);
        byte[] out = new byte[frame.length];
        assertFalse(IngressViewFrame.write(obs, MemorySegment.ofArray(out), 0));
        assertArrayEquals(HEX.parseHex(EGRESS_V4), out);
    }

    @Test
    void v05EncoderWritesTheIngressViewAsTheReportsInnerFrame() throws Exception {
        var obs = IngressTupleObservation.of(17, "10.244.1.11", 40000, "10.96.0.10", 80, HEX.parseHex(EGRESS_V4));
        int size = ReportV05Encoder.maxReportSize(EGRESS_V4.length() / 2);
        java.nio.ByteBuffer egress = java.nio.ByteBuffer.allocate(size);
        java.nio.ByteBuffer ingress = java.nio.ByteBuffer.allocate(size);
        int n = new ReportV05Encoder(1, 0, NatView.EGRESS).encode(obs, 7, egress);
        assertEquals(n, new ReportV05Encoder(1, 0, NatView.INGRESS).encode(obs, 7, ingress));
        int headers = ReportV05Encoder.FLOW_HEADERS_SIZE;
        assertArrayEquals(java.util.Arrays.copyOf(egress.array(), headers), java.util.Arrays.copyOf(ingress.array(), headers));
        assertArrayEquals(HEX.parseHex(EGRESS_V4), java.util.Arrays.copyOfRange(egress.array(), headers, n));
        assertArrayEquals(HEX.parseHex(INGRESS_V4), java.util.Arrays.copyOfRange(ingress.array(), headers, n));
    }
}
