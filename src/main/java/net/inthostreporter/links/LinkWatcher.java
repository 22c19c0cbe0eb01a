// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.links;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the interfaces of a network namespace: dumps the existing links, then follows
 * route-netlink notifications, and tells a listener about links that appear or go away and
 * about TC changes.
 *
 * <p>The listener sees each link once as NEW (state changes such as up/down that the kernel
 * also announces as RTM_NEWLINK are filtered out; a rename is DELETED + NEW). When the kernel
 * reports lost notifications (ENOBUFS) the watcher dumps again and reports the difference.
 * Listener calls come from the watcher thread; a throwing listener is logged and the
 * watcher goes on.
 */
public final class LinkWatcher implements AutoCloseable {
    /** Receives changes, on the watcher thread. */
    public interface Listener {
        void onLinkEvent(LinkEvent event);

        default void onTcChange(TcChangeEvent event) {
        }
    }

    /** Opens the socket to watch, e.g. in another namespace: {@code () -> NetNamespace.call(ns, RouteNetlinkSocket::open)}. */
    @FunctionalInterface
    public interface SocketFactory {
        RouteNetlinkSocket open() throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(LinkWatcher.class);

    private final SocketFactory socketFactory;
    private final Listener listener;
    private final CountDownLatch firstDump = new CountDownLatch(1);
    private volatile boolean running;
    private volatile Throwable failure;
    private Thread thread;
    private RouteNetlinkSocket socket;

    public LinkWatcher(SocketFactory socketFactory, Listener listener) {
        this.socketFactory = socketFactory;
        this.listener = listener;
    }

    /** A watcher of the calling thread's namespace (the host's, for the agent). */
    public LinkWatcher(Listener listener) {
        this(RouteNetlinkSocket::open, listener);
    }

    /**
     * Opens the socket (errors surface here) and starts the watcher thread.
     *
     * @throws Exception what the socket factory throws
     */
    public synchronized void start() throws Exception {
        if (thread != null) {
            throw new IllegalStateException("link watcher already started");
        }
        socket = socketFactory.open();
        running = true;
        thread = Thread.ofPlatform().name("link-watcher").daemon(true).start(this::run);
    }

    /** Waits until the first dump was reported to the listener. */
    public boolean awaitInitialDump(Duration timeout) throws InterruptedException {
        return firstDump.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Why the watcher thread stopped on its own, or null while it runs. */
    public Throwable failure() {
        return failure;
    }

    private void run() {
        // Thread-confined view of the namespace: ifindex -> name.
        Map<Integer, String> known = new HashMap<>();
        Dump dump = startDump();
        try {
            while (running) {
                for (RouteMessage message : socket.receive()) {
                    switch (message) {
                        case LinkEvent event -> onLink(event, known, dump);
                        case TcChangeEvent event -> deliver(() -> listener.onTcChange(event));
                        case RouteMessage.DumpDone done -> {
                            if (dump == null) {
                                break; // a stray DONE (e.g. of an abandoned dump)
                            }
                            if (done.interrupted()) {
                                dump = startDump();
                            } else {
                                finishDump(dump, known);
                                dump = null;
                                firstDump.countDown();
                            }
                        }
                        case RouteMessage.Overrun overrun -> {
                            LOG.warn("netlink notifications were lost; dumping links again");
                            dump = startDump();
                        }
                    }
                }
            }
        } catch (Throwable t) {
            if (running) {
                failure = t;
                LOG.error("link watcher stopped", t);
            }
        }
    }

    /** Links seen in the dump so far and links announced since it began. */
    private record Dump(Set<Integer> seen, Set<Integer> announced) {
    }

    private Dump startDump() {
        socket.requestLinkDump();
        return new Dump(new HashSet<>(), new HashSet<>());
    }

    private void onLink(LinkEvent event, Map<Integer, String> known, Dump dump) {
        if (dump != null) {
            (event.kind() == LinkEvent.Kind.NEW ? dump.seen() : dump.announced()).add(event.ifindex());
            if (event.kind() == LinkEvent.Kind.DELETED) {
                dump.seen().remove(event.ifindex());
            }
        }
        if (event.kind() == LinkEvent.Kind.NEW) {
            String previous = known.get(event.ifindex());
            if (event.name().equals(previous)) {
                return; // a change of a link already reported (up/down, MTU...)
            }
            if (previous != null) {
                deliver(() -> listener.onLinkEvent(new LinkEvent(LinkEvent.Kind.DELETED, event.ifindex(), previous)));
            }
            known.put(event.ifindex(), event.name());
            deliver(() -> listener.onLinkEvent(event));
        } else {
            String previous = known.remove(event.ifindex());
            if (previous != null) {
                deliver(() -> listener.onLinkEvent(new LinkEvent(LinkEvent.Kind.DELETED, event.ifindex(), previous)));
            }
        }
    }

    /** After a complete dump, links we knew that neither the dump nor a notification showed are gone. */
    private void finishDump(Dump dump, Map<Integer, String> known) {
        Iterator<Map.Entry<Integer, String>> it = known.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, String> entry = it.next();
            if (!dump.seen().contains(entry.getKey()) && !dump.announced().contains(entry.getKey())) {
                it.remove();
                LinkEvent gone = new LinkEvent(LinkEvent.Kind.DELETED, entry.getKey(), entry.getValue());
                deliver(() -> listener.onLinkEvent(gone));
            }
        }
    }

    private void deliver(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("link watcher listener failed", e);
        }
    }

    /**
     * Stops the thread (within the socket's receive timeout) and closes the socket. If the
     * caller is interrupted while waiting, the interrupt flag is kept and the socket is still closed.
     */
    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
