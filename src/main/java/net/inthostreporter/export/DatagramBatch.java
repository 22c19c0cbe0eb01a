// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.export;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.inthostreporter.sys.Errno;

/**
 * Datagrams waiting to be sent, written back to back into one native buffer and sent with one
 * sendmmsg(2) call. Runs of consecutive datagrams of equal size (the last of a run may be
 * shorter) go as one message with UDP_SEGMENT (GSO): the kernel cuts it into those datagrams,
 * which costs far less than one message each. If the kernel refuses segmentation (no GSO on
 * the route, MTU below a segment) the batch falls back to one message per datagram for good.
 *
 * <p>All memory is allocated once; {@link #send} allocates nothing. One thread only.
 */
final class DatagramBatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatagramBatch.class);
    /** UDP_MAX_SEGMENTS of older kernels (newer ones allow more). */
    static final int MAX_SEGMENTS = 64;
    /** A GSO message's payload stays below the 64 KiB IP datagram limit. */
    static final int MAX_GSO_BYTES = 65_000;

    private final UdpSocket socket;
    private final ExportCounters counters;
    private final SendErrorLog errors;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer;
    private final ByteBuffer byteView;
    private final MessageVector messages;
    private final int capacity;
    private final int maxDatagram;
    // Per datagram: where it starts and its size, and how many reports it carries.
    private final long[] offsets;
    private final int[] lengths;
    private final int[] reports;
    // Per message of the current send: its first datagram, datagram and report counts.
    private final int[] messageFirst;
    private final int[] messageDatagrams;
    private final int[] messageReports;
    private int count;
    private long end;
    private boolean gso;

    DatagramBatch(UdpSocket socket, int capacity, int maxDatagram, boolean gso, ExportCounters counters,
                  SendErrorLog errors) {
        this.socket = socket;
        this.capacity = capacity;
        this.maxDatagram = maxDatagram;
        this.gso = gso;
        this.counters = counters;
        this.errors = errors;
        this.buffer = arena.allocate((long) capacity * maxDatagram, 8);
        this.byteView = buffer.asByteBuffer();
        this.messages = new MessageVector(arena, capacity, socket.destination());
        this.offsets = new long[capacity];
        this.lengths = new int[capacity];
        this.reports = new int[capacity];
        this.messageFirst = new int[capacity];
        this.messageDatagrams = new int[capacity];
        this.messageReports = new int[capacity];
    }

    /** The whole buffer; the next datagram is written at {@link #nextOffset()}. */
    MemorySegment buffer() {
        return buffer;
    }

    /** The same memory as a ByteBuffer (always the same object, so encoders can keep their view of it). */
    ByteBuffer byteBuffer() {
        return byteView;
    }

    long nextOffset() {
        return end;
    }

    int maxDatagram() {
        return maxDatagram;
    }

    /** Datagram slots not committed yet (an open datagram being filled sits in the first of them). */
    int freeSlots() {
        return capacity - count;
    }

    boolean isFull() {
        return count == capacity;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Records that a datagram of {@code length} bytes carrying {@code reportCount} reports was written at {@link #nextOffset()}. */
    void commit(int length, int reportCount) {
        if (count == capacity || length > maxDatagram || length <= 0) {
            throw new IllegalStateException("cannot commit a datagram of " + length + " bytes to a batch holding "
                    + count + "/" + capacity);
        }
        offsets[count] = end;
        lengths[count] = length;
        reports[count] = reportCount;
        count++;
        end += length;
    }

    /** Sends every committed datagram, counts what was sent and what was lost, and empties the batch. */
    void send() {
        int from = 0;
        while (from < count) {
            int built = build(from);
            int next = sendMessages(built);
            if (next < 0) { // GSO refused: rebuild the rest without it
                from = -next - 1;
                continue;
            }
            from = count;
        }
        count = 0;
        end = 0;
    }

    /** Fills the message vector from datagram {@code from} on; returns the number of messages. */
    private int build(int from) {
        int m = 0;
        for (int i = from; i < count; m++) {
            int segment = lengths[i];
            int j = i + 1;
            long bytes = segment;
            int reportCount = reports[i];
            if (gso) {
                // Equal sizes extend the run; a shorter datagram may end it.
                while (j < count && j - i < MAX_SEGMENTS && lengths[j] <= segment
                        && bytes + lengths[j] <= MAX_GSO_BYTES) {
                    bytes += lengths[j];
                    reportCount += reports[j];
                    j++;
                    if (lengths[j - 1] < segment) {
                        break;
                    }
                }
            }
            messages.set(m, buffer.address() + offsets[i], bytes, j - i > 1 ? segment : 0);
            messageFirst[m] = i;
            messageDatagrams[m] = j - i;
            messageReports[m] = reportCount;
            i = j;
        }
        return m;
    }

    /**
     * Sends the built messages. Returns 0 when done, or -(first datagram + 1) to rebuild from
     * after GSO was switched off.
     */
    private int sendMessages(int total) {
        int done = 0;
        while (done < total) {
            int rc = socket.sendmmsg(messages.address(done), total - done);
            counters.add(ExportCounter.SEND_CALLS, 1);
            if (rc > 0) {
                long sentReports = 0;
                long sentDatagrams = 0;
                for (int k = done; k < done + rc; k++) {
                    sentReports += messageReports[k];
                    sentDatagrams += messageDatagrams[k];
                }
                counters.add(ExportCounter.REPORTS_SENT, sentReports);
                counters.add(ExportCounter.DATAGRAMS_SENT, sentDatagrams);
                errors.succeeded();
                done += rc;
                continue;
            }
            int errno = rc == 0 ? Errno.EIO : -rc;
            if (errno == Errno.EINTR) {
                continue;
            }
            if (gso && messageDatagrams[done] > 1 && (errno == Errno.EINVAL || errno == Errno.EIO
                    || errno == Errno.EOPNOTSUPP)) {
                gso = false;
                counters.add(ExportCounter.GSO_FALLBACKS, 1);
                LOG.warn("UDP segmentation offload refused ({}): sending one message per datagram from now on",
                        Errno.describe(errno));
                return -messageFirst[done] - 1;
            }
            counters.add(ExportCounter.REPORTS_LOST_SEND_ERROR, messageReports[done]);
            errors.failed(errno, messageReports[done]);
            done++;
        }
        return 0;
    }

    boolean usesGso() {
        return gso;
    }

    @Override
    public void close() {
        arena.close();
    }
}
