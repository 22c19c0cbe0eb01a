// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import net.inthostreporter.sys.Errno;

/**
 * Consumes a BPF ring buffer map through libbpf (ring_buffer__new / poll / consume): libbpf
 * calls back into Java once per record, on the thread that polls.
 *
 * <p>The upcall stub is made once per poller, bound to this poller's handler. It catches every
 * Throwable (an exception escaping an upcall ends the JVM) and counts it; the record is then
 * skipped and consumption goes on. Poll, consume and close are serialised: close waits for a
 * poll in progress (at most its timeout) before freeing the ring buffer.
 */
public final class RingBufferPoller implements AutoCloseable {
    /** Receives one record; the segment is only valid during the call (it points into the ring). */
    @FunctionalInterface
    public interface RecordHandler {
        void onRecord(MemorySegment record);
    }

    private static final MethodHandle ON_SAMPLE;

    static {
        try {
            ON_SAMPLE = MethodHandles.lookup().findVirtual(RingBufferPoller.class, "onSample",
                    MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What onSample returns to make ring_buffer__poll stop after the record it just handed over. */
    private static final int STOP = -125; // -ECANCELED; libbpf hands the callback's value back as the poll's
    private static final java.util.function.BooleanSupplier ALWAYS = () -> true;

    private final RecordHandler handler;
    private final java.util.function.BooleanSupplier keepConsuming;
    /** Records handed over by the poll or consume in progress (read when it stopped early). */
    private int handedThisCall;
    private final Arena arena = Arena.ofShared();
    private final String description;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong handlerFailures = new AtomicLong();
    private final AtomicReference<Throwable> lastFailure = new AtomicReference<>();
    private MemorySegment ringBuffer;

    private RingBufferPoller(int mapFd, RecordHandler handler, java.util.function.BooleanSupplier keepConsuming) {
        this.handler = handler;
        this.keepConsuming = keepConsuming;
        this.description = "ring buffer map fd " + mapFd;
        MemorySegment callback = NativeUpcall.stub(ON_SAMPLE.bindTo(this),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG), arena);
        try {
            MemorySegment rb = (MemorySegment) Libbpf.RingCalls.RING_BUFFER_NEW.invokeExact(Libbpf.errnoState(), mapFd, callback,
                    MemorySegment.NULL, MemorySegment.NULL);
            this.ringBuffer = Libbpf.checkPointer(rb, "ring_buffer__new", description);
        } catch (Throwable t) {
            arena.close();
            throw Libbpf.rethrow(t);
        }
    }

    /** Opens a poller on a BPF_MAP_TYPE_RINGBUF map. */
    public static RingBufferPoller open(int mapFd, RecordHandler handler) {
        return new RingBufferPoller(mapFd, handler, ALWAYS);
    }

    /**
     * Opens a poller that stops a poll or consume early when {@code keepConsuming} turns false
     * after a record (the records after it stay in the ring for the next call): the consumer can
     * then act outside the libbpf callback, e.g. send a full batch, and go on.
     */
    public static RingBufferPoller open(int mapFd, RecordHandler handler, java.util.function.BooleanSupplier keepConsuming) {
        return new RingBufferPoller(mapFd, handler, keepConsuming);
    }

    // Called by libbpf for each record: (void *ctx, void *data, size_t size).
    @SuppressWarnings("unused")
    private int onSample(MemorySegment ctx, MemorySegment data, long size) {
        try {
            records.incrementAndGet();
            handedThisCall++;
            handler.onRecord(data.reinterpret(size));
            // libbpf moved past this record before calling: stopping loses nothing
            return keepConsuming.getAsBoolean() ? 0 : STOP;
        } catch (Throwable t) {
            handlerFailures.incrementAndGet();
            lastFailure.set(t);
        }
        return 0; // any other negative value would stop ring_buffer__poll: one bad record must not
    }

    /**
     * Waits up to {@code timeoutMs} (-1: forever) for records and hands every available one over.
     *
     * @return the number of records consumed; 0 on timeout or when interrupted by a signal (EINTR)
     */
    public synchronized int poll(int timeoutMs) {
        requireOpen();
        int rc;
        try {
            handedThisCall = 0;
            rc = (int) Libbpf.RingCalls.RING_BUFFER_POLL.invokeExact(ringBuffer, timeoutMs);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
        if (rc == -Errno.EINTR) {
            return 0;
        }
        if (rc == STOP) {
            return handedThisCall;
        }
        return BpfException.check(rc, "ring_buffer__poll", description);
    }

    /** Hands over every available record without waiting. */
    public synchronized int consume() {
        requireOpen();
        int rc;
        try {
            handedThisCall = 0;
            rc = (int) Libbpf.RingCalls.RING_BUFFER_CONSUME.invokeExact(ringBuffer);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
        if (rc == STOP) {
            return handedThisCall;
        }
        return BpfException.check(rc, "ring_buffer__consume", description);
    }

    /** Records handed to the handler so far (including those whose handler threw). */
    public long records() {
        return records.get();
    }

    /** How many times the handler threw; such records were skipped. */
    public long handlerFailures() {
        return handlerFailures.get();
    }

    /** The last exception the handler threw, or null. */
    public Throwable lastFailure() {
        return lastFailure.get();
    }

    private void requireOpen() {
        if (ringBuffer == null) {
            throw new IllegalStateException(description + ": poller is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (ringBuffer == null) {
            return;
        }
        try {
            Libbpf.RingCalls.RING_BUFFER_FREE.invokeExact(ringBuffer);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        } finally {
            ringBuffer = null;
            arena.close(); // the upcall stub must outlive every libbpf use of it
        }
    }
}
