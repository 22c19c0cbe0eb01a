// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector;

import static net.inthostreporter.collector.SequenceTracker.Outcome.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.inthostreporter.collector.SequenceTracker.StreamStats;

class SequenceTrackerTest {

    private static final long SW = 0x0A000001L;

    @Test
    void inOrderLosesNothing() {
        var t = new SequenceTracker(32);
        assertEquals(FIRST, t.record(SW, 0, 1));
        assertEquals(IN_ORDER, t.record(SW, 0, 2));
        assertEquals(IN_ORDER, t.record(SW, 0, 3));
        assertEquals(new StreamStats(SW, 0, 3, 0, 0, 0, 0), t.stream(SW, 0));
    }

    @Test
    void firstReportSetsTheStartSoEarlierOnesAreNotLost() {
        var t = new SequenceTracker(32);
        t.record(SW, 0, 1000);
        t.record(SW, 0, 1001);
        assertEquals(0, t.stream(SW, 0).lost());
    }

    @Test
    void gapsCountAsLost() {
        var t = new SequenceTracker(32);
        t.record(SW, 0, 1);
        assertEquals(GAP, t.record(SW, 0, 4));   // 2, 3 lost
        assertEquals(GAP, t.record(SW, 0, 10));  // 5..9 lost
        assertEquals(IN_ORDER, t.record(SW, 0, 11));
        assertEquals(7, t.stream(SW, 0).lost());
    }

    @Test
    void wrapsAt32BitsWithoutAGap() {
        var t = new SequenceTracker(32);
        t.record(SW, 1, 0xFFFF_FFFEL);
        assertEquals(IN_ORDER, t.record(SW, 1, 0xFFFF_FFFFL));
        assertEquals(IN_ORDER, t.record(SW, 1, 0));
        assertEquals(GAP, t.record(SW, 1, 2));
        assertEquals(1, t.stream(SW, 1).lost());
    }

    @Test
    void gapAcrossTheWrapIsCountedModulo() {
        var t = new SequenceTracker(32);
        t.record(SW, 1, 0xFFFF_FFFDL);
        t.record(SW, 1, 1); // FFFFFFFE, FFFFFFFF, 0 lost
        assertEquals(3, t.stream(SW, 1).lost());
    }

    @Test
    void wrapsAt22BitsForV2() {
        var t = new SequenceTracker(22);
        long max = (1 << 22) - 1;
        t.record(SW, 0, max - 1);
        assertEquals(IN_ORDER, t.record(SW, 0, max));
        assertEquals(IN_ORDER, t.record(SW, 0, 0));
        assertEquals(GAP, t.record(SW, 0, 5));
        assertEquals(4, t.stream(SW, 0).lost());
        assertThrows(IllegalArgumentException.class, () -> t.record(SW, 0, max + 1));
    }

    @Test
    void lateArrivalIsReorderingNotLoss() {
        var t = new SequenceTracker(32);
        t.record(SW, 0, 1);
        t.record(SW, 0, 3);                        // 2 counted lost for now
        assertEquals(1, t.stream(SW, 0).lost());
        assertEquals(LATE, t.record(SW, 0, 2));    // ...then it arrives
        assertEquals(IN_ORDER, t.record(SW, 0, 4));
        assertEquals(new StreamStats(SW, 0, 4, 0, 0, 1, 0), t.stream(SW, 0));
    }

    @Test
    void lateArrivalAcrossTheWrap() {
        var t = new SequenceTracker(32);
        t.record(SW, 0, 0xFFFF_FFFEL);
        t.record(SW, 0, 0);                        // FFFFFFFF skipped
        assertEquals(LATE, t.record(SW, 0, 0xFFFF_FFFFL));
        assertEquals(0, t.stream(SW, 0).lost());
    }

    @Test
    void duplicatesAreCountedOnce() {
        var t = new SequenceTracker(32);
        t.record(SW, 0, 1);
        t.record(SW, 0, 2);
        assertEquals(DUPLICATE, t.record(SW, 0, 2));
        assertEquals(DUPLICATE, t.record(SW, 0, 1));
        t.record(SW, 0, 4);
        assertEquals(LATE, t.record(SW, 0, 3));
        assertEquals(DUPLICATE, t.record(SW, 0, 3));
        assertEquals(new StreamStats(SW, 0, 7, 0, 3, 1, 0), t.stream(SW, 0));
    }

    @Test
    void numberBeforeTheFirstOneIsReorderedNotNegativeLoss() {
        var t = new SequenceTracker(32);
        t.record(SW, 0, 10);
        assertEquals(LATE, t.record(SW, 0, 9));
        assertEquals(0, t.stream(SW, 0).lost());
        assertEquals(1, t.stream(SW, 0).reordered());
    }

    @Test
    void farBehindIsASenderRestart() {
        var t = new SequenceTracker(32);
        for (long s = 1; s <= 500; s++) {
            t.record(SW, 0, s);
        }
        assertEquals(RESTART, t.record(SW, 0, 1));
        assertEquals(IN_ORDER, t.record(SW, 0, 2));
        assertEquals(new StreamStats(SW, 0, 502, 0, 0, 0, 1), t.stream(SW, 0));
    }

    @Test
    void streamsAreKeptApartAndTotalled() {
        var t = new SequenceTracker(32);
        t.record(SW, 0, 1);
        t.record(SW, 0, 3);        // 1 lost
        t.record(SW, 1, 1);
        t.record(SW, 1, 2);
        t.record(7, 0, 5);
        t.record(7, 0, 9);         // 3 lost
        List<StreamStats> streams = t.streams();
        assertEquals(List.of(
                new StreamStats(7, 0, 2, 3, 0, 0, 0),
                new StreamStats(SW, 0, 2, 1, 0, 0, 0),
                new StreamStats(SW, 1, 2, 0, 0, 0, 0)), streams);
        assertEquals(new StreamStats(-1, -1, 6, 4, 0, 0, 0), t.total());
        assertEquals(new StreamStats(99, 9, 0, 0, 0, 0, 0), t.stream(99, 9));
    }

    @Test
    void widthMustBeReasonable() {
        assertThrows(IllegalArgumentException.class, () -> new SequenceTracker(33));
        assertThrows(IllegalArgumentException.class, () -> new SequenceTracker(4));
        assertEquals(22, new SequenceTracker(22).sequenceBits());
    }
}
