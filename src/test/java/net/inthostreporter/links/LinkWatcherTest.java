// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.links;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import net.inthostreporter.sys.NetNamespace;
import net.inthostreporter.testkit.TestNamespace;
import org.junit.jupiter.api.Test;

class LinkWatcherTest {
    @Test
    void seesExistingLinksThenVethCreatedAndDeletedAndTcChanges() throws Exception {
        try (TestNamespace ns = TestNamespace.create("ihrt")) {
            BlockingQueue<RouteMessage> events = new LinkedBlockingQueue<>();
            LinkWatcher.Listener listener = new LinkWatcher.Listener() {
                @Override
                public void onLinkEvent(LinkEvent event) {
                    events.add(event);
                }

                @Override
                public void onTcChange(TcChangeEvent event) {
                    events.add(event);
                }
            };
            try (LinkWatcher watcher = new LinkWatcher(() -> NetNamespace.call(ns.name(), RouteNetlinkSocket::open), listener)) {
                watcher.start();
                assertTrue(watcher.awaitInitialDump(Duration.ofSeconds(2)));
                expect(events, e -> e instanceof LinkEvent l && l.kind() == LinkEvent.Kind.NEW && l.name().equals("lo"), "lo from the dump");

                long start = System.nanoTime();
                ns.ip("link", "add", "ihrv0", "type", "veth", "peer", "name", "ihrv1");
                expect(events, e -> e instanceof LinkEvent l && l.kind() == LinkEvent.Kind.NEW && l.name().equals("ihrv0"), "ihrv0 new");
                System.out.printf("veth seen after %d ms%n", (System.nanoTime() - start) / 1_000_000);

                ns.tc("qdisc", "add", "dev", "ihrv0", "clsact");
                expect(events, e -> e instanceof TcChangeEvent t && t.change() == TcChangeEvent.Change.QDISC_ADDED, "clsact added");

                ns.ip("link", "set", "ihrv0", "up"); // a state change must not be a second NEW
                ns.ip("link", "del", "ihrv0");
                expect(events, e -> e instanceof LinkEvent l && l.kind() == LinkEvent.Kind.DELETED && l.name().equals("ihrv0"), "ihrv0 deleted");
                assertTrue(events.stream().noneMatch(e -> e instanceof LinkEvent l && l.kind() == LinkEvent.Kind.NEW
                        && l.name().equals("ihrv0")), "no repeated NEW for ihrv0: " + events);
                assertNull(watcher.failure());
            }
        }
    }

    private static void expect(BlockingQueue<RouteMessage> events, Predicate<RouteMessage> match, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline) {
            RouteMessage e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && match.test(e)) {
                return;
            }
        }
        throw new AssertionError("not seen within 2 s: " + what);
    }
}
