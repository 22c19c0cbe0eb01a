// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import static net.inthostreporter.report.GoldenReports.*;
import static net.inthostreporter.report.GoldenV2Reports.*;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class ReportV2EncoderTest {

    private static final byte[] FRAME = Hex.bytes(INNER_UDP_FRAME);

    static PacketObservation goldenFlow() throws Exception {
        return TupleObservation.of(
                TestObservation.flow(FLOW_INGRESS_IFINDEX, FLOW_EGRESS_IFINDEX, FLOW_INGRESS_TS, FLOW_EGRESS_TS, FRAME),
                FLOW_FLOW_ID, InetAddress.getByName("10.244.1.11"), 40000, InetAddress.getByName("10.96.0.10"), 5201, 17);
    }

    static PacketObservation goldenDrop() throws Exception {
        var base = new TestObservation(true, 65535, 0, 0xDEAD_BEEFL, 0xDEAD_BEEFL + 1000, IntDropReason.ACL_DENY,
                MemorySegment.ofArray(FRAME));
        return TupleObservation.of(base, 0, InetAddress.getByName("fd00::1"), 1234, InetAddress.getByName("fd00::2"), 80, 6);
    }

    @Test
    void flowDatagramMatchesGoldenBytes() throws Exception {
        assertEquals(FLOW_DATAGRAM, Hex.text(datagram(new ReportV2Encoder(SWITCH_ID, 5), 12, goldenFlow())));
    }

    @Test
    void dropDatagramMatchesGoldenBytes() throws Exception {
        assertEquals(DROP_DATAGRAM, Hex.text(datagram(new ReportV2Encoder(SWITCH_ID, 63), 0x3F_FFFF, goldenDrop())));
    }

    @Test
    void threeReportsFollowOneGroupHeader() {
        var encoder = new ReportV2Encoder(SWITCH_ID, 0);
        var flow = TestObservation.flow(FLOW_INGRESS_IFINDEX, FLOW_EGRESS_IFINDEX, FLOW_INGRESS_TS, FLOW_EGRESS_TS, FRAME);
        var drop = new TestObservation(true, 65535, 0, 0xDEAD_BEEFL, 0xDEAD_BEEFL + 1000, 80, MemorySegment.ofArray(FRAME));
        var empty = TestObservation.flow(1, 2, 1, 101, new byte[0]);
        assertEquals(THREE_REPORT_DATAGRAM, Hex.text(datagram(encoder, 100, flow, drop, empty)));
    }

    @Test
    void sequenceKeeps22BitsAndReportSizeIsWhatIsWritten() throws Exception {
        var encoder = new ReportV2Encoder(SWITCH_ID, 0);
        MemorySegment out = MemorySegment.ofArray(new byte[8]);
        encoder.encodeGroupHeader(0x40_0001, out, 0); // bit 22 and above are not sequence bits
        assertEquals("20000001", Hex.text(Arrays.copyOf(out.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), 4)));
        assertEquals(4 + 100, encoder.reportSize(goldenFlow())); // the header word plus Report Length 25 words
        assertEquals(4 + 120, encoder.reportSize(goldenDrop()));
    }

    @Test
    void tooSmallOutputThrowsAndWritesNothing() throws Exception {
        var encoder = new ReportV2Encoder(SWITCH_ID, 0);
        byte[] out = new byte[103];
        assertThrows(IndexOutOfBoundsException.class, () -> encoder.encodeReport(goldenFlow(), MemorySegment.ofArray(out), 0));
        assertArrayEquals(new byte[103], out);
    }

    @Test
    void maxReportSizeCoversTheLargestReport() throws Exception {
        // fixed 12 + baseline 24 + flow id 4 + IPv6 tuple 40 + frame padded to 4
        assertEquals(12 + 24 + 44 + 48, ReportV2Encoder.maxReportSize(46));
        var encoder = new ReportV2Encoder(SWITCH_ID, 0);
        var both = TupleObservation.of(TestObservation.drop(1, 2, 3, 4, FRAME), 7,
                InetAddress.getByName("fd00::1"), 1, InetAddress.getByName("fd00::2"), 2, 17);
        assertEquals(ReportV2Encoder.maxReportSize(46), encoder.reportSize(both));
        assertThrows(IllegalArgumentException.class, () -> new ReportV2Encoder(1, 64));
    }

    @Test
    void allocatesNothingPerReportOnceWarm() throws Exception {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var encoder = new ReportV2Encoder(SWITCH_ID, 1);
        PacketObservation flow = goldenFlow();
        PacketObservation drop = goldenDrop();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(1500);
            for (int i = 0; i < 20_000; i++) {
                encodeOne(encoder, out, (i & 1) == 0 ? flow : drop, i);
            }
            long thread = Thread.currentThread().threadId();
            long before = bean.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 100_000; i++) {
                encodeOne(encoder, out, (i & 1) == 0 ? flow : drop, i);
            }
            long allocated = bean.getThreadAllocatedBytes(thread) - before;
            assertTrue(allocated < 10_000, "encoding allocated " + allocated + " bytes over 100000 reports");
        }
    }

    private static void encodeOne(ReportV2Encoder encoder, MemorySegment out, PacketObservation obs, int seq) {
        encoder.encodeGroupHeader(seq, out, 0);
        encoder.encodeReport(obs, out, ReportV2Encoder.GROUP_HEADER_SIZE);
    }

    /** One datagram: the group header with {@code seq}, then the reports. */
    static byte[] datagram(ReportV2Encoder encoder, int seq, PacketObservation... reports) {
        byte[] out = new byte[1500];
        MemorySegment segment = MemorySegment.ofArray(out);
        encoder.encodeGroupHeader(seq, segment, 0);
        int at = ReportV2Encoder.GROUP_HEADER_SIZE;
        for (PacketObservation r : reports) {
            int n = encoder.encodeReport(r, segment, at);
            assertEquals(encoder.reportSize(r), n);
            at += n;
        }
        return Arrays.copyOf(out, at);
    }
}
