// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import net.inthostreporter.testkit.CollectorProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import net.inthostreporter.testkit.FrameBuilder;
import net.inthostreporter.report.IntDropReason;
import net.inthostreporter.report.ReportV05Encoder;
import net.inthostreporter.report.SwitchId;
import net.inthostreporter.report.TestObservation;

/**
 * A real Prometheus (Debian's server) scrapes the collector's /metrics, and the hop-latency
 * histogram comes back through Prometheus's query API: histogram_quantile over the _bucket
 * series per switch, the received and drop counters. The collector is fed v0.5 reports with
 * known hop latencies over UDP on 127.0.0.1 (the agent's own encoder writes them).
 */
class PrometheusScrapeIT {
    private static final int NODE1_REPORTS = 300, NODE2_REPORTS = 200, DROPS = 7;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void prometheusScrapesAndQueriesTheHopLatencyHistogram() throws Exception {
        try (CollectorProcess collector = CollectorProcess.startWithHttp(null, "127.0.0.1");
             PrometheusServer prometheus = PrometheusServer.scraping(collector.httpPort())) {
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", collector.port());
            try (DatagramChannel channel = DatagramChannel.open()) {
                // Node 1: 40 µs per hop (bucket 25..50 µs); node 2: 8 µs (bucket 5..10 µs).
                send(channel, to, "10.99.0.1", 40001, NODE1_REPORTS, 40_000, false);
                send(channel, to, "10.99.0.2", 40002, NODE2_REPORTS, 8_000, false);
                send(channel, to, "10.99.0.2", 40003, DROPS, 0, true); // its own stream: hw_id 1
            }
            double received = awaitValue(prometheus, "int_collector_reports_received_total",
                    NODE1_REPORTS + NODE2_REPORTS + DROPS);
            assertEquals(NODE1_REPORTS + NODE2_REPORTS + DROPS, received, 0.0);

            double p50node1 = prometheus.scalar("histogram_quantile(0.5, sum by (le) "
                    + "(int_collector_hop_latency_seconds_bucket{switch_id=\"10.99.0.1\"}))");
            double p99node2 = prometheus.scalar("histogram_quantile(0.99, sum by (le) "
                    + "(int_collector_hop_latency_seconds_bucket{switch_id=\"10.99.0.2\"}))");
            assertTrue(p50node1 > 25e-6 && p50node1 <= 50e-6, "node 1 p50 in the 25..50 µs bucket: " + p50node1);
            assertTrue(p99node2 > 5e-6 && p99node2 <= 10e-6, "node 2 p99 in the 5..10 µs bucket: " + p99node2);
            assertEquals(NODE1_REPORTS, prometheus.scalar(
                    "int_collector_hop_latency_seconds_count{switch_id=\"10.99.0.1\"}"), 0.0);
            assertEquals(DROPS, prometheus.scalar(
                    "int_collector_drops_total{switch_id=\"10.99.0.2\",reason=\"acl_deny\"}"), 0.0);
            assertEquals(0, prometheus.scalar("sum(int_collector_reports_lost_total)"), 0.0);
            assertEquals(2, prometheus.scalar("int_collector_flows"), 0.0); // drops make no flow
        }
    }

    /** Sends {@code count} v0.5 reports of one switch about one flow (by its source port), one datagram each. */
    private static void send(DatagramChannel channel, InetSocketAddress to, String switchId, int srcPort, int count,
                             long latencyNs, boolean drop) throws Exception {
        ReportV05Encoder encoder = new ReportV05Encoder(SwitchId.parse(switchId), drop ? 1 : 0);
        byte[] frame = new FrameBuilder().ethernet(0x0800).ipv4(17, "10.244.1.11", "10.244.2.21")
                .udp(srcPort, 7001).payload(32).build();
        ByteBuffer buffer = ByteBuffer.allocate(ReportV05Encoder.maxReportSize(frame.length));
        for (int i = 1; i <= count; i++) {
            long ingress = 1_000_000L * i;
            TestObservation obs = drop
                    ? TestObservation.drop(3, 0, ingress, IntDropReason.ACL_DENY, frame)
                    : TestObservation.flow(2, 4, ingress, ingress + latencyNs, frame);
            buffer.clear();
            encoder.encode(obs, i, buffer);
            buffer.flip();
            channel.send(buffer, to);
            if (i % 50 == 0) {
                Thread.sleep(5); // stays far below the socket buffer: this test is not about loss
            }
        }
    }

    private static double awaitValue(PrometheusServer prometheus, String promql, double expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        double value = Double.NaN;
        while (System.nanoTime() < deadline) {
            value = prometheus.scalar(promql);
            if (value == expected) {
                return value;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(promql + " = " + value + " after " + WAIT + ", expected " + expected
                + "; prometheus stderr:\n" + prometheus.stderr());
    }
}
