// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Server-sent events for the live page: each connected browser gets a {@code snapshot} event
 * at once and then one per interval, each a whole picture of the collector (see
 * {@link LiveSnapshots}). Whole pictures rather than deltas: a browser that missed events or
 * reconnects is right again with the next one, and the page needs no merge logic.
 *
 * <p>Each stream holds its exchange's thread for as long as the browser stays, so the server
 * must run exchanges on virtual threads (or a pool larger than {@link #MAX_CLIENTS}); clients
 * beyond that limit get 503, and a browser's EventSource retries by itself.
 */
public final class EventStream implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    static final int MAX_CLIENTS = 32;
    /** How long the browser waits before reconnecting after the stream ends. */
    private static final int RETRY_MS = 1000;

    private final LiveSnapshots snapshots;
    private final Duration interval;
    private final Semaphore clients = new Semaphore(MAX_CLIENTS);

    public EventStream(LiveSnapshots snapshots, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("event interval must be positive: " + interval);
        }
        this.snapshots = snapshots;
        this.interval = interval;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream request = exchange.getRequestBody()) {
            request.transferTo(OutputStream.nullOutputStream());
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (!clients.tryAcquire()) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            try {
                stream(exchange);
            } finally {
                clients.release();
            }
        }
    }

    private void stream(HttpExchange exchange) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "text/event-stream; charset=utf-8");
        headers.set("Cache-Control", "no-store");
        headers.set("X-Accel-Buffering", "no");
        exchange.sendResponseHeaders(200, 0); // chunked: the stream has no length
        OutputStream out = exchange.getResponseBody();
        try {
            out.write(("retry: " + RETRY_MS + "\n\n").getBytes(StandardCharsets.US_ASCII));
            while (!Thread.currentThread().isInterrupted()) {
                out.write(event("snapshot", snapshots.json()));
                out.flush();
                Thread.sleep(interval);
            }
        } catch (IOException e) {
            LOG.debug("event stream to {} ended: {}", exchange.getRemoteAddress(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping
        }
    }

    /** One SSE event; the JSON is written on one line, so it is one {@code data:} field. */
    static byte[] event(String name, byte[] json) {
        byte[] head = ("event: " + name + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
        byte[] event = new byte[head.length + json.length + 2];
        System.arraycopy(head, 0, event, 0, head.length);
        System.arraycopy(json, 0, event, head.length, json.length);
        event[event.length - 2] = '\n';
        event[event.length - 1] = '\n';
        return event;
    }
}
