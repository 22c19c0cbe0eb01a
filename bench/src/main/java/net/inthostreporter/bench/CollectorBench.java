// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.inthostreporter.sys.CpuPinning;
import net.inthostreporter.sys.NetNamespace;
import net.inthostreporter.testkit.ApiClient;
import net.inthostreporter.testkit.CollectorProcess;
import net.inthostreporter.testkit.Commands;
import net.inthostreporter.testkit.PrometheusText;

/**
 * Issue 15's collector figure: the collector ({@code collector --http --quiet}, pinned to one
 * CPU with taskset) fed 100 000 reports/s by a synthetic sender pinned to another CPU, in a
 * namespace of its own (loopback only, so its UDP counters are ours): 50 000 flows of two hops in
 * v0.5 and in v2, then a churn run of 150 000 flows against the default --max-flows 100 000,
 * where eviction runs all the time and memory must stay bounded. Loss is counted three ways: the
 * collector's received total against what was sent, its sequence-gap count, and the namespace's
 * UDP RcvbufErrors.
 */
final class CollectorBench {
    static final String NAME = "collector";
    static final double RATE = 100_000;
    /** Flows of the throughput runs: held without eviction. */
    static final int FLOWS = 50_000;
    /** Flows of the churn run: half as many again as --max-flows, so every report of an evicted flow creates it anew. */
    static final int CHURN_FLOWS = 150_000;
    static final int MAX_FLOWS = 100_000;
    private static final int COLLECTOR_CPU = 1, SENDER_CPU = 0;
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Pattern FLOWS_HELD = Pattern.compile("\"flows\" : (\\d+)");
    private static final Pattern FLOWS_EVICTED = Pattern.compile("\"flows_evicted\" : (\\d+)");

    private final BenchSettings settings;

    CollectorBench(BenchSettings settings) {
        this.settings = settings;
    }

    List<Figure> run() throws Exception {
        List<Figure> figures = new ArrayList<>();
        figures.addAll(runOnce(false, FLOWS));
        figures.addAll(runOnce(true, FLOWS));
        figures.addAll(runOnce(false, CHURN_FLOWS));
        return figures;
    }

    private List<Figure> runOnce(boolean v2, int flows) throws Exception {
        String format = (v2 ? "v2 (7 reports per datagram)" : "v0.5 (1 report per datagram)") + ", " + flows + " flows";
        String ns = settings.labPrefix() + "-colb";
        Commands.runQuietly("ip", "netns", "del", ns);
        Commands.run("ip", "netns", "add", ns);
        try {
            Commands.run("ip", "-n", ns, "link", "set", "lo", "up");
            Collector collector = Collector.start(ns);
            try {
                long idleRss = collector.residentKib();
                AtomicLong peakRss = new AtomicLong();
                Thread sampler = Thread.ofPlatform().daemon().start(() -> sample(collector, peakRss));
                long rcvbufBefore = PipelineBench.udpReceiveBufferErrors(ns);
                double cpuBefore = collector.cpuSeconds();
                Duration length = WARM_UP.plusSeconds(Math.max(settings.seconds(), 10));
                Sent sent = send(ns, collector.udpPort, new SyntheticReportStream(flows, v2), length);
                Thread.sleep(1000); // what is queued in the socket drains
                String totals;
                try {
                    totals = collector.get("/api/v1/switches");
                } catch (IOException e) {
                    throw new IllegalStateException("the collector's API did not answer (" + e + "); output:\n"
                            + collector.output(), e);
                }
                sampler.interrupt();
                double cpu = collector.cpuSeconds() - cpuBefore;
                long[] summary = collector.stop();
                long received = summary[0], lost = summary[1];
                long rcvbuf = PipelineBench.udpReceiveBufferErrors(ns) - rcvbufBefore;
                double seconds = sent.nanos / 1e9;
                boolean kept = received == sent.reports && lost == 0 && rcvbuf == 0 && sent.reports / seconds >= 0.98 * RATE;
                String note = "sent " + sent.reports + " in " + String.format("%.1f", seconds) + " s, received " + received
                        + ", sequence gaps " + lost + ", UDP RcvbufErrors " + rcvbuf + ", flows held "
                        + number(FLOWS_HELD, totals) + ", evicted " + number(FLOWS_EVICTED, totals)
                        + "; collector CPU time " + String.format("%.1f", cpu) + " s ("
                        + String.format("%.2f", cpu * 1e6 / Math.max(1, received)) + " µs per report received, every thread)"
                        + "; collector on CPU " + COLLECTOR_CPU + " (taskset), sender on CPU " + SENDER_CPU;
                return List.of(
                        Figure.withTarget(NAME, "collector reports received per second, " + format, received / seconds,
                                "reports/s", "offered by the sender", sent.reports / seconds,
                                "100 000 reports/s, no loss, one core", kept, note),
                        Figure.of("memory", "collector VmRSS peak, --max-flows " + MAX_FLOWS + ", " + format,
                                peakRss.get() / 1024.0, "MiB", "VmRSS idle after start", idleRss / 1024.0,
                                "sampled every 100 ms"));
            } finally {
                collector.kill();
            }
        } finally {
            Commands.runQuietly("ip", "netns", "del", ns);
        }
    }

    private record Sent(long reports, long nanos) {
    }

    /** Sends at {@link #RATE} reports/s for {@code length}, paced every 0.1 ms, from a thread pinned to one CPU. */
    private static Sent send(String ns, int port, SyntheticReportStream stream, Duration length) throws Exception {
        return NetNamespace.call(ns, () -> {
            CpuPinning.pinCurrentThread(SENDER_CPU);
            try (DatagramChannel channel = DatagramChannel.open()) {
                channel.connect(new InetSocketAddress("127.0.0.1", port));
                ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
                double datagramsPerNano = RATE / stream.reportsPerDatagram() / 1e9;
                long start = System.nanoTime(), end = start + length.toNanos();
                long datagrams = 0;
                long now;
                while ((now = System.nanoTime()) < end) {
                    long due = (long) ((now - start) * datagramsPerNano);
                    while (datagrams < due) {
                        stream.fill(buffer);
                        channel.write(buffer);
                        datagrams++;
                    }
                    Thread.onSpinWait();
                }
                return new Sent(datagrams * stream.reportsPerDatagram(), System.nanoTime() - start);
            } finally {
                CpuPinning.unpinCurrentThread();
            }
        });
    }

    private static void sample(Collector collector, AtomicLong peak) {
        while (!Thread.currentThread().isInterrupted()) {
            peak.accumulateAndGet(collector.residentKib(), Math::max);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String number(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : "?";
    }

    /** The collector ({@code taskset -c CPU bin/int-host-reporter collector ...}) and its numbers from /metrics. */
    private static final class Collector {
        private final CollectorProcess process;
        final int udpPort;

        private Collector(CollectorProcess process) {
            this.process = process;
            this.udpPort = process.port();
        }

        static Collector start(String ns) throws Exception {
            return new Collector(CollectorProcess.startWithHttp(ns, "127.0.0.1",
                    List.of("taskset", "-c", Integer.toString(COLLECTOR_CPU)),
                    "--quiet", "--max-flows", Integer.toString(MAX_FLOWS)));
        }

        /** GET on the collector's HTTP API, from inside its namespace. */
        String get(String path) throws Exception {
            ApiClient.Answer answer = process.api().get(path);
            if (answer.status() != 200) {
                throw new IOException("GET " + path + " answered " + answer.status() + ": " + answer.body());
            }
            return answer.body();
        }

        String output() {
            return process.process().stderrText();
        }

        double cpuSeconds() throws IOException {
            return ProcStatus.cpuSeconds(process.process().pid());
        }

        long residentKib() {
            return ProcStatus.residentKib(process.process().pid());
        }

        /** Reports received and lost (sequence gaps, every stream), from /metrics, then SIGTERM. */
        long[] stop() throws Exception {
            PrometheusText metrics = PrometheusText.parse(get("/metrics"));
            long received = (long) metrics.value("int_collector_reports_received_total");
            long lost = (long) metrics.samples("int_collector_reports_lost_total").stream()
                    .mapToDouble(PrometheusText.Sample::value).sum();
            process.process().signal("TERM");
            process.process().awaitExit(Duration.ofSeconds(15));
            return new long[] {received, lost};
        }

        void kill() {
            process.close();
        }
    }
}
