// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.inthostreporter.libbpf.RingBufferPoller;

/**
 * One thread that drains the events ring buffer and hands every event to a sink, through one
 * reusable {@link EventView} (nothing is allocated per event here). Records that do not parse
 * as events are counted, never thrown into the libbpf upcall.
 */
public final class EventPump implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventPump.class);
    /**
     * The datapath wakes the reader only when the ring fills up (ihr_submit_flags in ihr.bpf.c),
     * so the pump drains it at least this often: the longest a lone event waits.
     */
    private static final int POLL_TIMEOUT_MS = 10;

    private final RingBufferPoller poller;
    private final EventView view = new EventView();
    private final EventSink sink;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private EventPump(int eventsMapFd, EventSink sink) {
        this.sink = sink;
        this.poller = RingBufferPoller.open(eventsMapFd, this::onRecord, sink::keepConsuming);
        this.thread = Thread.ofPlatform().name("event-pump").daemon(true).unstarted(this::run);
    }

    /** Opens the ring buffer and starts draining it. */
    public static EventPump start(int eventsMapFd, EventSink sink) {
        EventPump pump = new EventPump(eventsMapFd, sink);
        pump.thread.start();
        return pump;
    }

    private void onRecord(java.lang.foreign.MemorySegment record) {
        EventView event;
        try {
            event = view.wrap(record);
        } catch (IllegalArgumentException e) {
            if (malformed.getAndIncrement() == 0) {
                LOG.error("malformed event from the datapath: {}", e.getMessage());
            }
            return;
        }
        events.incrementAndGet();
        sink.onEvent(event);
    }

    private void run() {
        try {
            while (running) {
                // A sink holding a batch waits only what is left of its delay; a poll that
                // finds nothing in that time tells it to send.
                int consumed = poller.poll(sink.pollTimeoutMs(POLL_TIMEOUT_MS));
                if (consumed == 0) {
                    consumed = poller.consume(); // committed without a wake-up
                }
                sink.afterPoll(consumed == 0);
            }
            // What was committed before the programs were detached; a consume stops when a batch must go.
            while (poller.consume() > 0) {
                sink.afterPoll(false);
            }
            sink.afterPoll(true);
        } catch (RuntimeException e) {
            LOG.error("event pump stopped", e);
        }
    }

    /** Whether the pump thread is draining the ring buffer. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Events handed to the sink. */
    public long events() {
        return events.get();
    }

    /** Records that were not valid events, plus events whose sink threw. */
    public long failures() {
        return malformed.get() + poller.handlerFailures();
    }

    /** Stops after draining what is in the ring, then frees it. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poller.close();
        Throwable last = poller.lastFailure();
        if (last != null) {
            LOG.warn("{} event(s) failed in the sink; last failure:", poller.handlerFailures(), last);
        }
    }
}
