// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import net.inthostreporter.testkit.TestNamespace;
import net.inthostreporter.testkit.TestObjects;
import org.junit.jupiter.api.Test;

/**
 * Proves TCX placement by behaviour: tcx_count counts and passes on, tcx_drop drops. With the
 * dropper attached first, a counter attached FIRST still sees the packets; one appended LAST does not.
 */
class TcxLinkTest {
    private static final int PACKETS = 20;

    @Test
    void firstPositionRunsBeforeEarlierProgramsAndCloseDetaches() throws Exception {
        try (TestNamespace ns = TestNamespace.create("ihrt");
             BpfObject obj = BpfObject.openMemory("tcx_order", TestObjects.bytes("tcx_order"))) {
            obj.load();
            int countFd = obj.programFd("tcx_count");
            int dropFd = obj.programFd("tcx_drop");
            int countId = ProgramInfo.ofFd(countFd).id();
            int dropId = ProgramInfo.ofFd(dropFd).id();
            int seenFd = obj.mapFd("seen");

            ns.addVeth("ihrv0", "02:00:00:00:00:01", "ihrv1", "02:00:00:00:00:02");
            ns.ip("addr", "add", "10.200.0.1/24", "dev", "ihrv0");
            ns.ip("neigh", "add", "10.200.0.2", "lladdr", "02:00:00:00:00:02", "dev", "ihrv0", "nud", "permanent");
            int ifindex = ns.ifindex("ihrv1");
            TcxLink.Direction in = TcxLink.Direction.INGRESS;

            try (TcxLink drop = ns.call(() -> TcxLink.attach(ifindex, in, dropFd, TcxLink.Position.LAST))) {
                assertTrue(drop.isAttached());
                assertEquals(dropId, drop.programId());

                // FIRST: before the dropper, so it sees every packet.
                try (TcxLink count = ns.call(() -> TcxLink.attachFirst(ifindex, in, countFd))) {
                    assertEquals(countId, count.programId());
                    assertEquals(List.of(countId, dropId), ns.call(() -> TcxLink.programIds(ifindex, in)));
                    long before = seen(seenFd);
                    send(ns);
                    assertTrue(seen(seenFd) - before >= PACKETS, "counter first sees the packets: " + (seen(seenFd) - before));
                }
                // Closing the fd detached it.
                assertEquals(List.of(dropId), ns.call(() -> TcxLink.programIds(ifindex, in)));
                long afterClose = seen(seenFd);
                send(ns);
                assertEquals(afterClose, seen(seenFd), "a closed link no longer runs");

                // Control: appended after the dropper, the counter never runs.
                try (TcxLink last = ns.call(() -> TcxLink.attach(ifindex, in, countFd, TcxLink.Position.LAST))) {
                    assertTrue(last.isAttached());
                    assertEquals(List.of(dropId, countId), ns.call(() -> TcxLink.programIds(ifindex, in)));
                    send(ns);
                    assertEquals(afterClose, seen(seenFd), "behind the dropper the counter sees nothing");
                }

                // When the interface goes, the link is detached but its fd stays valid.
                ns.ip("link", "del", "ihrv0");
                assertFalse(drop.isAttached());
            }
        }
    }

    private static long seen(int mapFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
            BpfMaps.lookup(mapFd, arena.allocateFrom(ValueLayout.JAVA_INT, 0), value);
            return value.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    /** UDP datagrams out of ihrv0 (static neighbour, no ARP), so they arrive at ihrv1's ingress. */
    private static void send(TestNamespace ns) throws Exception {
        ns.call(() -> {
            try (DatagramChannel channel = DatagramChannel.open()) {
                InetSocketAddress target = new InetSocketAddress("10.200.0.2", 9);
                for (int i = 0; i < PACKETS; i++) {
                    channel.send(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), target);
                }
            }
            return null;
        });
        Thread.sleep(50); // veth delivery is asynchronous (backlog)
    }
}
