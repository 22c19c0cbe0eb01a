// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.reliability;

import net.inthostreporter.testkit.AgentFlags;
import net.inthostreporter.testkit.AgentProcess;
import net.inthostreporter.testkit.ProcessState;
import net.inthostreporter.testkit.PrometheusText;

import net.inthostreporter.testkit.ReportReceiver;
import net.inthostreporter.testkit.UdpFlood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import net.inthostreporter.datapath.DatapathCounter;
import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.testkit.Traffic;

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
             ReportReceiver collector = ReportReceiver.counting(lab.nodeNs(), MARKER_PORT);
             AgentProcess agent = AgentProcess.start(lab, AgentFlags.forLab(lab, collector.address()).reportEveryPacket()
                     .ringBufferSize(4096))) {
            // Read from the kernel's map: the stopped agent cannot answer /metrics.
            ProcessState state = new ProcessState(agent.pid());
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
                collector.awaitQuiet(Duration.ofSeconds(1)); // what the flood left in flight
                long markedBefore = collector.marked();
                assertTrue(agent.isAlive(), "the agent died under the flood");

                Traffic.sendUdp(lab.pod1Ns(), marked, MARKERS);
                assertEquals(MARKERS, markerSink.count(MARKERS, Duration.ofSeconds(5)), "datagrams after the flood");
                collector.awaitQuiet(Duration.ofMillis(1500));
                assertEquals(MARKERS, collector.marked() - markedBefore, "reports after the flood");
                assertEquals(0, collector.undecodable(), "undecodable datagrams");
            }
            PrometheusText last = agent.stopCleanly();
            assertTrue(last.value("int_host_reporter_datapath_packets_total",
                    java.util.Map.of("outcome", DatapathCounter.RINGBUF_FULL.metricName())) > 0, "events lost to a full ring");
            assertTrue(last.value("int_host_reporter_ringbuf_lost_events_total") > 0, "lost events, every stage");
            assertEquals(0, last.value("int_host_reporter_event_pump_failures_total"), "pump failures");
        }
    }
}
