// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.reliability;

import net.inthostreporter.testkit.AgentFlags;
import net.inthostreporter.testkit.AgentProcess;
import net.inthostreporter.testkit.ProcessState;

import net.inthostreporter.testkit.ReportReceiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.inthostreporter.datapath.DatapathCounter;
import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.testkit.Traffic;
import net.inthostreporter.testkit.TestNamespace;

/**
 * Real frames through a hooked node, the kinds the previous implementation dropped: ARP (the
 * neighbour caches are flushed first, so every path needs fresh ARP through cali1/cali2/eth1)
 * and IP fragments whose last piece carries 1..8 bytes (IPv4 frames of 35..42 bytes, IPv6 of
 * 63..70; the sender's FragCreates counters prove the sizes fragmented), and jumbo datagrams at MTU 9000, unfragmented and with a tiny last fragment. Every
 * datagram must be delivered; the datapath must have seen the traffic (ARP as NOT_IP, events
 * for the forwarded fragments).
 */
class RealTrafficUnharmedIT {
    /** Bytes of IP payload per fragment at MTU 1500: IPv4 1480; IPv6 1448 (1500 - 40 - 8, floored to 8). */
    private static final int V4_FRAGMENT = 1480;
    private static final int V6_FRAGMENT = 1448;
    private static final int V4_JUMBO_FRAGMENT = 8980; // MTU 9000 - 20
    private static final int UDP_HEADER = 8;
    private static final int EACH = 3;

    @ParameterizedTest(name = "attach mode {0}")
    @ValueSource(strings = {"tcx", "tc"})
    void arpFragmentsAndJumboFramesAreDelivered(String mode) throws Exception {
        try (NodeLab lab = NodeLab.create();
             ReportReceiver collector = ReportReceiver.sink(lab.nodeNs());
             AgentProcess agent = AgentProcess.start(lab, AgentFlags.forLab(lab, collector.address()).attachMode(mode)
                     .reportEveryPacket())) {
            ProcessState state = new ProcessState(agent.pid());
            long notIpBefore = state.counter(DatapathCounter.NOT_IP);
            for (String ns : List.of(lab.pod1Ns(), lab.pod2Ns(), lab.nodeNs(), lab.remoteNs())) {
                TestNamespace.run(List.of("ip", "-n", ns, "neigh", "flush", "all"));
            }
            long eventsBefore = state.counter(DatapathCounter.EVENTS_SUBMITTED);
            int datagrams = 0;
            InetSocketAddress pod2 = new InetSocketAddress(lab.fact("POD2_IP"), 7050);
            InetSocketAddress remote = new InetSocketAddress(lab.fact("REMOTE_IP"), 7051);
            InetSocketAddress pod2v6 = new InetSocketAddress(lab.fact("POD2_IP6"), 7052);
            for (int lastPiece = 1; lastPiece <= 8; lastPiece++) {
                datagrams += deliver(lab.pod1Ns(), lab.pod2Ns(), pod2, V4_FRAGMENT - UDP_HEADER + lastPiece);
                datagrams += deliver(lab.pod1Ns(), lab.remoteNs(), remote, V4_FRAGMENT - UDP_HEADER + lastPiece);
                datagrams += deliver(lab.pod1Ns(), lab.pod2Ns(), pod2v6, 2 * V6_FRAGMENT - UDP_HEADER + lastPiece);
            }
            // The sizes really fragmented: 2 fragments per IPv4 datagram, 3 per IPv6 one.
            assertEquals(2L * 2 * 8 * EACH, fragmentsCreated(lab.pod1Ns(), "/proc/net/snmp"), "IPv4 fragments sent");
            assertEquals(3L * 8 * EACH, fragmentsCreated(lab.pod1Ns(), "/proc/net/snmp6"), "IPv6 fragments sent");
            assertTrue(state.counter(DatapathCounter.NOT_IP) > notIpBefore, "no ARP went through the hooks");

            for (List<String> link : List.of(List.of(lab.pod1Ns(), "eth0"), List.of(lab.nodeNs(), "cali1"),
                    List.of(lab.nodeNs(), "cali2"), List.of(lab.pod2Ns(), "eth0"))) {
                TestNamespace.run(List.of("ip", "-n", link.get(0), "link", "set", link.get(1), "mtu", "9000"));
            }
            datagrams += deliver(lab.pod1Ns(), lab.pod2Ns(), pod2, 8000);
            datagrams += deliver(lab.pod1Ns(), lab.pod2Ns(), pod2, V4_JUMBO_FRAGMENT - UDP_HEADER + 1);

            // Each datagram is at least one forwarded packet (fragments: two or more).
            long events = state.counter(DatapathCounter.EVENTS_SUBMITTED) - eventsBefore;
            assertTrue(events >= datagrams, events + " events for " + datagrams + " datagrams");
            agent.stopCleanly();
        }
    }

    /** FragCreates of IPv4 (snmp: a header line, then a value line) or Ip6FragCreates (snmp6). */
    private static long fragmentsCreated(String ns, String file) {
        List<String> lines = TestNamespace.run(List.of("ip", "netns", "exec", ns, "cat", file)).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            List<String> fields = List.of(lines.get(i).trim().split("\\s+"));
            if (fields.getFirst().equals("Ip6FragCreates")) {
                return Long.parseLong(fields.get(1));
            }
            if (fields.getFirst().equals("Ip:") && fields.contains("FragCreates")) {
                return Long.parseLong(lines.get(i + 1).trim().split("\\s+")[fields.indexOf("FragCreates")]);
            }
        }
        throw new IllegalStateException("no fragment counter in " + file + " of " + ns);
    }

    /** Sends {@link #EACH} datagrams of {@code size} bytes and counts them at the receiver. */
    private static int deliver(String fromNs, String toNs, InetSocketAddress to, int size) throws Exception {
        try (Traffic.UdpReceiver receiver = Traffic.UdpReceiver.bind(toNs, to);
             DatagramChannel sender = NodeLab.in(fromNs, DatagramChannel::open)) {
            for (int i = 0; i < EACH; i++) {
                sender.send(ByteBuffer.allocate(size), to);
            }
            assertEquals(EACH, receiver.count(EACH, Duration.ofSeconds(5)), size + "-byte datagrams to " + to);
        }
        return EACH;
    }
}
