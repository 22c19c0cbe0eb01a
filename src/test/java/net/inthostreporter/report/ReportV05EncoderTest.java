// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import static net.inthostreporter.report.GoldenReports.*;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.management.ManagementFactory;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class ReportV05EncoderTest {

    private static final byte[] FRAME = Hex.bytes(INNER_UDP_FRAME);

    @Test
    void goldenFrameIsWhatItsCommentsSay() {
        assertEquals(INNER_UDP_FRAME_LENGTH, FRAME.length);
        assertEquals(12 + 16 + INNER_UDP_FRAME_LENGTH, Hex.bytes(FLOW_REPORT).length);
        assertEquals(12 + 12 + INNER_UDP_FRAME_LENGTH, Hex.bytes(DROP_REPORT).length);
    }

    @Test
    void flowReportMatchesGoldenBytes() {
        var encoder = new ReportV05Encoder(SWITCH_ID, FLOW_HW_ID);
        var obs = TestObservation.flow(FLOW_INGRESS_IFINDEX, FLOW_EGRESS_IFINDEX, FLOW_INGRESS_TS, FLOW_EGRESS_TS, FRAME);
        assertEquals(FLOW_REPORT, Hex.text(encode(encoder, obs, FLOW_SEQ)));
    }

    @Test
    void dropReportMatchesGoldenBytes() {
        var encoder = new ReportV05Encoder(SWITCH_ID, DROP_HW_ID);
        var obs = TestObservation.drop(DROP_INGRESS_IFINDEX, DROP_EGRESS_IFINDEX, DROP_INGRESS_TS,
                IntDropReason.ACL_DENY, FRAME);
        assertEquals(DROP_REPORT, Hex.text(encode(encoder, obs, DROP_SEQ)));
    }

    @Test
    void writesAtPositionAdvancesItAndReturnsLength() {
        var encoder = new ReportV05Encoder(SWITCH_ID, FLOW_HW_ID);
        var obs = TestObservation.flow(FLOW_INGRESS_IFINDEX, FLOW_EGRESS_IFINDEX, FLOW_INGRESS_TS, FLOW_EGRESS_TS, FRAME);
        ByteBuffer out = ByteBuffer.allocateDirect(1000);
        out.put(new byte[] {1, 2, 3});
        int first = encoder.encode(obs, FLOW_SEQ, out);
        int second = encoder.encode(obs, FLOW_SEQ, out);
        assertEquals(28 + FRAME.length, first);
        assertEquals(first, second);
        assertEquals(3 + 2 * first, out.position());
        byte[] written = new byte[first];
        out.get(3 + first, written);
        assertEquals(FLOW_REPORT, Hex.text(written));
        assertEquals(1, out.get(0)); // bytes before the position untouched
    }

    @Test
    void writesBigEndianWhateverTheBufferOrder() {
        var encoder = new ReportV05Encoder(SWITCH_ID, FLOW_HW_ID);
        var obs = TestObservation.flow(FLOW_INGRESS_IFINDEX, FLOW_EGRESS_IFINDEX, FLOW_INGRESS_TS, FLOW_EGRESS_TS, FRAME);
        ByteBuffer out = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
        int n = encoder.encode(obs, FLOW_SEQ, out);
        assertEquals(FLOW_REPORT, Hex.text(Arrays.copyOf(out.array(), n)));
    }

    @Test
    void tooSmallBufferThrowsAndWritesNothing() {
        var encoder = new ReportV05Encoder(SWITCH_ID, 0);
        var obs = TestObservation.flow(1, 2, 3, 4, FRAME);
        ByteBuffer out = ByteBuffer.allocate(28 + FRAME.length - 1);
        assertThrows(BufferOverflowException.class, () -> encoder.encode(obs, 1, out));
        assertEquals(0, out.position());
        assertTrue(Arrays.equals(new byte[out.capacity()], out.array()));
        assertThrows(ReadOnlyBufferException.class,
                () -> encoder.encode(obs, 1, ByteBuffer.allocate(500).asReadOnlyBuffer()));
    }

    @Test
    void emptyFrameGivesHeadersOnly() {
        var encoder = new ReportV05Encoder(SWITCH_ID, 0);
        assertEquals(28, encoder.encode(TestObservation.flow(1, 2, 3, 4, new byte[0]), 1, ByteBuffer.allocate(28)));
        assertEquals(24, encoder.encode(TestObservation.drop(1, 2, 3, 4, new byte[0]), 1, ByteBuffer.allocate(24)));
    }

    @Test
    void maxReportSizeCoversTheLargerHeader() {
        assertEquals(28, ReportV05Encoder.maxReportSize(0));
        assertEquals(28 + 512, ReportV05Encoder.maxReportSize(512));
        assertThrows(IllegalArgumentException.class, () -> ReportV05Encoder.maxReportSize(-1));
    }

    @Test
    void rejectsHwIdOutside6Bits() {
        assertThrows(IllegalArgumentException.class, () -> new ReportV05Encoder(1, 64));
        assertThrows(IllegalArgumentException.class, () -> new ReportV05Encoder(1, -1));
        assertEquals(63, new ReportV05Encoder(1, 63).hwId());
    }

    @Test
    void allocatesNothingPerCallOnceWarm() {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var encoder = new ReportV05Encoder(SWITCH_ID, 1);
        var flow = TestObservation.flow(FLOW_INGRESS_IFINDEX, FLOW_EGRESS_IFINDEX, FLOW_INGRESS_TS, FLOW_EGRESS_TS, FRAME);
        var drop = TestObservation.drop(3, 0, FLOW_INGRESS_TS, 80, FRAME);
        ByteBuffer out = ByteBuffer.allocateDirect(ReportV05Encoder.maxReportSize(FRAME.length));
        for (int i = 0; i < 20_000; i++) { // warm up: the first call creates the buffer view
            out.clear();
            encoder.encode((i & 1) == 0 ? flow : drop, i, out);
        }
        long thread = Thread.currentThread().threadId();
        long before = bean.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            out.clear();
            encoder.encode((i & 1) == 0 ? flow : drop, i, out);
        }
        long allocated = bean.getThreadAllocatedBytes(thread) - before;
        // A few hundred bytes of slack for the measurement itself; one object per call would be >= 1.6 MB.
        assertTrue(allocated < 10_000, "encode allocated " + allocated + " bytes over 100000 calls");
    }

    private static byte[] encode(ReportV05Encoder encoder, PacketObservation obs, int seq) {
        ByteBuffer out = ByteBuffer.allocate(ReportV05Encoder.maxReportSize(FRAME.length));
        int n = encoder.encode(obs, seq, out);
        assertEquals(n, out.position());
        return Arrays.copyOf(out.array(), n);
    }
}
