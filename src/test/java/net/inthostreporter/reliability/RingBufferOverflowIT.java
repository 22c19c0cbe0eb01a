// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import net.inthostreporter.datapath.DatapathCounter;
import net.inthostreporter.e2e.ChildProcess;
import net.inthostreporter.e2e.NodeLab;
import net.inthostreporter.e2e.Traffic;

/**
 * The smallest event ring (--ring-buffer-size 4096: 18 events of 216 bytes with the default
 * 128-byte snapshot) under a two-thread pod-to-pod flood: events that find it full are counted
 * in RINGBUF_FULL (read from the agent's counter map while it runs, then from its stop line),
 * the agent does not crash, and once the flood is over every datagram is reported again. The
 * agent is stopped (SIGSTOP) during the flood, so the ring fills whatever the machine's speed.
 */
class RingBufferOverflowIT {
    private static final int FLOOD_PORT = 7040;
    private static final int MARKER_PORT = 7041;
    private static final int MARKERS = 20;

    @Test
    void overflowIsCountedAndReportsResume() throws Exception {
        try (NodeLab lab = NodeLab.create();
             ReportReceiver collector = ReportReceiver.bind(lab.nodeNs());
             ChildProcess agent = LabAgent.start(lab, "127.0.0.1:" + collector.port(), "auto", "--ring-buffer-size", "4096")) {
            AgentProcessState state = new AgentProcessState(agent.pid());
            InetSocketAddress flooded = new InetSocketAddress(lab.fact("POD2_IP"), FLOOD_PORT);
            InetSocketAddress marked = new InetSocketAddress(lab.fact("POD2_IP"), MARKER_PORT);
            try (Traffic.UdpReceiver sink = Traffic.UdpReceiver.bind(lab.pod2Ns(), flooded);
                 Traffic.UdpReceiver markerSink = Traffic.UdpReceiver.bind(lab.pod2Ns(), marked)) {
                try (UdpFlood flood = UdpFlood.start(lab.pod1Ns(), flooded, 2)) {
                    // A stalled consumer (the agent stopped, as a long GC pause or a starved CPU
                    // would): the kernel keeps producing, the ring fills and the rest is counted.
                    agent.signal("STOP");
                    try {
                        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                        while (state.counter(DatapathCounter.RINGBUF_FULL) == 0) {
                            assertTrue(System.nanoTime() < deadline, "no overflow after " + flood.sent() + " datagrams");
                            Thread.sleep(50);
                        }
                    } finally {
                        agent.signal("CONT");
                    }
                }
                collector.drain(Duration.ofSeconds(1), MARKER_PORT); // what the flood left in flight
                assertTrue(agent.isAlive(), "the agent died under the flood");

                Traffic.sendUdp(lab.pod1Ns(), marked, MARKERS);
                assertEquals(MARKERS, markerSink.count(MARKERS, Duration.ofSeconds(5)), "datagrams after the flood");
                assertEquals(MARKERS, collector.drain(Duration.ofMillis(1500), MARKER_PORT), "reports after the flood");
                assertEquals(0, collector.undecodable(), "undecodable datagrams");
            }
            String stopLine = LabAgent.stop(agent);
            assertTrue(LabAgent.stopValue(stopLine, "RINGBUF_FULL=(\\d+)") > 0, stopLine);
            assertEquals(0, LabAgent.stopValue(stopLine, "(\\d+) pump failures"), stopLine);
        }
    }
}
