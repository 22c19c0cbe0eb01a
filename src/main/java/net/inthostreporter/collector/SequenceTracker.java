// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts lost reports from gaps in sequence numbers, one stream per (switch_id, hw_id), the way
 * an INT collector does. The width of the sequence number is a parameter (v0.5: 32 bits, v2.0:
 * 22 bits) and all arithmetic is modulo 2^width, so wrapping around is not a gap.
 *
 * <p>A number below the expected one is not a loss: if it was skipped recently it arrived late
 * (reordered, and it is taken back out of the lost count), if it was already seen it is a
 * duplicate. The last {@value #WINDOW} numbers of each stream are remembered to tell the two
 * apart. A number further behind than that is taken as the sender starting over (a restart) and
 * the stream continues from it.
 *
 * <p>The first report of a stream sets the starting point: reports sent before the collector
 * started are not counted as lost. Thread-safe.
 */
public final class SequenceTracker {

    /** How many recent sequence numbers each stream remembers. */
    public static final int WINDOW = 64;

    /** What a sequence number meant for its stream. */
    public enum Outcome { FIRST, IN_ORDER, GAP, LATE, DUPLICATE, RESTART }

    /** Counters of one stream, or of all streams together (then switchId and hwId are -1). */
    public record StreamStats(long switchId, int hwId, long received, long lost, long duplicates,
                              long reordered, long restarts) {
    }

    private record StreamKey(long switchId, int hwId) {
    }

    private static final Comparator<StreamKey> KEY_ORDER =
            Comparator.comparingLong(StreamKey::switchId).thenComparingInt(StreamKey::hwId);

    /** Mutable state of one stream; only touched under the tracker's lock. */
    private static final class Stream {
        long expected;    // the next sequence number if nothing is lost
        long seen;        // bit i set: number (expected - 1 - i) was received
        long span;        // how many numbers since the first one the window covers (at most WINDOW)
        long received;
        long lost;
        long duplicates;
        long reordered;
        long restarts;
    }

    private final int bits;
    private final long mask;
    private final long half;
    private final Map<StreamKey, Stream> streams = new TreeMap<>(KEY_ORDER);

    /** @param sequenceBits width of the sequence number, 8..32 */
    public SequenceTracker(int sequenceBits) {
        if (sequenceBits < 8 || sequenceBits > 32) {
            throw new IllegalArgumentException("sequence width must be 8..32 bits, got " + sequenceBits);
        }
        this.bits = sequenceBits;
        this.mask = (1L << sequenceBits) - 1;
        this.half = 1L << (sequenceBits - 1);
    }

    public int sequenceBits() {
        return bits;
    }

    /** Accounts one received report and says how its number fits in its stream. */
    public synchronized Outcome record(long switchId, int hwId, long seqNo) {
        if (seqNo < 0 || seqNo > mask) {
            throw new IllegalArgumentException("sequence number " + seqNo + " does not fit in " + bits + " bits");
        }
        StreamKey key = new StreamKey(switchId, hwId);
        Stream s = streams.get(key);
        if (s == null) {
            s = new Stream();
            streams.put(key, s);
            s.received = 1;
            startAt(s, seqNo);
            return Outcome.FIRST;
        }
        s.received++;
        long ahead = (seqNo - s.expected) & mask;
        if (ahead < half) {
            s.lost += ahead;
            long shift = ahead + 1;
            s.seen = shift >= WINDOW ? 1 : s.seen << shift | 1;
            s.span = Math.min(WINDOW, s.span + shift);
            s.expected = (seqNo + 1) & mask;
            return ahead == 0 ? Outcome.IN_ORDER : Outcome.GAP;
        }
        long behind = (s.expected - 1 - seqNo) & mask; // 0 = the newest number seen
        if (behind >= WINDOW) {
            s.restarts++;
            startAt(s, seqNo);
            return Outcome.RESTART;
        }
        long bit = 1L << behind;
        if (behind < s.span && (s.seen & bit) != 0) {
            s.duplicates++;
            return Outcome.DUPLICATE;
        }
        s.reordered++;
        if (behind < s.span) {
            // It was counted as lost when the stream moved past it.
            s.seen |= bit;
            s.lost--;
        }
        return Outcome.LATE;
    }

    private void startAt(Stream s, long seqNo) {
        s.expected = (seqNo + 1) & mask;
        s.seen = 1;
        s.span = 1;
    }

    /** Counters per stream, ordered by switch_id then hw_id. */
    public synchronized List<StreamStats> streams() {
        List<StreamStats> result = new ArrayList<>(streams.size());
        streams.forEach((key, s) -> result.add(new StreamStats(key.switchId(), key.hwId(),
                s.received, s.lost, s.duplicates, s.reordered, s.restarts)));
        return result;
    }

    /** Counters of one stream, all zero if it was never seen. */
    public synchronized StreamStats stream(long switchId, int hwId) {
        Stream s = streams.get(new StreamKey(switchId, hwId));
        return s == null
                ? new StreamStats(switchId, hwId, 0, 0, 0, 0, 0)
                : new StreamStats(switchId, hwId, s.received, s.lost, s.duplicates, s.reordered, s.restarts);
    }

    /** Counters summed over all streams. */
    public synchronized StreamStats total() {
        long received = 0, lost = 0, duplicates = 0, reordered = 0, restarts = 0;
        for (Stream s : streams.values()) {
            received += s.received;
            lost += s.lost;
            duplicates += s.duplicates;
            reordered += s.reordered;
            restarts += s.restarts;
        }
        return new StreamStats(-1, -1, received, lost, duplicates, reordered, restarts);
    }
}
