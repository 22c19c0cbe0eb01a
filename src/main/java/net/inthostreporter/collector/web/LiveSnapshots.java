// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.web;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The collector's picture for the live page, as compact JSON (one line: it travels as one SSE
 * data field). Taking the picture walks the collector's model, so one taken less than
 * {@code maxAge} ago is handed to every browser that asks instead of taking another.
 */
public final class LiveSnapshots {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<?> source;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private byte[] cached;
    private long takenAt;

    /**
     * @param source builds the picture (a tree of maps, lists, records or a Jackson node); called
     *               from the event streams' threads, so it must be safe to call concurrently with
     *               the collector's own updates
     */
    public LiveSnapshots(Supplier<?> source, Duration maxAge, LongSupplier nanoTime) {
        this.source = source;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    public LiveSnapshots(Supplier<?> source, Duration maxAge) {
        this(source, maxAge, System::nanoTime);
    }

    /** The current picture as UTF-8 JSON without line breaks. */
    public synchronized byte[] json() {
        long now = nanoTime.getAsLong();
        if (cached == null || now - takenAt >= maxAgeNanos) {
            try {
                cached = JSON.writeValueAsBytes(source.get());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the live picture as JSON", e);
            }
            takenAt = now;
        }
        return cached;
    }
}
