// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.inthostreporter.sys.NetNamespace;

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
    private static final Pattern UDP_PORT = Pattern.compile("listening on UDP [^ ]+:(\\d+)");
    private static final Pattern HTTP_PORT = Pattern.compile("HTTP API on http://[^ ]+:(\\d+)");
    private static final Pattern SUMMARY = Pattern.compile("summary: reports=(\\d+) malformed=(\\d+) lost=(\\d+)");
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
        Shell.runQuietly("ip", "netns", "del", ns);
        Shell.run("ip", "netns", "add", ns);
        try {
            Shell.run("ip", "-n", ns, "link", "set", "lo", "up");
            Collector collector = Collector.start(settings, ns);
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
                    totals = collector.get(ns, "/api/v1/switches");
                } catch (IOException e) {
                    throw new IllegalStateException("the collector's API did not answer (" + e + "); output:\n"
                            + String.join("\n", collector.lines), e);
                }
                sampler.interrupt();
                double cpu = collector.cpuSeconds() - cpuBefore;
                long[] summary = collector.stop();
                long received = summary[0], lost = summary[2];
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
            Shell.runQuietly("ip", "netns", "del", ns);
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

    /** The collector process: {@code ip netns exec NS taskset -c CPU bin/int-host-reporter collector ...}. */
    private static final class Collector {
        private final Process process;
        private final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Thread reader;
        int udpPort = -1;
        int httpPort = -1;

        private Collector(Process process) {
            this.process = process;
            this.reader = Thread.ofPlatform().daemon().start(this::read);
        }

        static Collector start(BenchSettings settings, String ns) throws Exception {
            ProcessBuilder builder = new ProcessBuilder("ip", "netns", "exec", ns, "taskset", "-c",
                    Integer.toString(COLLECTOR_CPU), settings.launcher().toString(), "collector",
                    "--listen", "127.0.0.1:0", "--http", "127.0.0.1:0", "--quiet", "--max-flows", Integer.toString(MAX_FLOWS))
                    .redirectErrorStream(true);
            builder.environment().put("INT_HOST_REPORTER_JAR", settings.agentJar().toString());
            Collector c = new Collector(builder.start());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((c.udpPort < 0 || c.httpPort < 0) && System.nanoTime() < deadline && c.process.isAlive()) {
                Thread.sleep(20);
                synchronized (c.lines) {
                    for (String line : c.lines) {
                        Matcher u = UDP_PORT.matcher(line), h = HTTP_PORT.matcher(line);
                        if (u.find()) {
                            c.udpPort = Integer.parseInt(u.group(1));
                        }
                        if (h.find()) {
                            c.httpPort = Integer.parseInt(h.group(1));
                        }
                    }
                }
            }
            if (c.udpPort < 0 || c.httpPort < 0) {
                c.kill();
                throw new IllegalStateException("the collector did not start; output:\n" + String.join("\n", c.lines));
            }
            return c;
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(output read failed: " + e + ")");
            }
        }

        /** GET on the collector's HTTP API, from inside its namespace. */
        String get(String ns, String path) throws Exception {
            return NetNamespace.call(ns, () -> {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + path).toURL().openConnection();
                c.setConnectTimeout(5000);
                c.setReadTimeout(30_000);
                try (InputStream in = c.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } finally {
                    c.disconnect();
                }
            });
        }

        double cpuSeconds() throws IOException {
            return ProcStatus.cpuSeconds(process.pid());
        }

        long residentKib() {
            return ProcStatus.residentKib(process.pid());
        }

        /** SIGTERM, then the summary line's reports, malformed and lost. */
        long[] stop() throws Exception {
            process.toHandle().destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            reader.join(5_000);
            synchronized (lines) {
                for (String line : lines) {
                    Matcher m = SUMMARY.matcher(line);
                    if (m.find()) {
                        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
                    }
                }
            }
            throw new IllegalStateException("no summary from the collector; output:\n" + String.join("\n", lines));
        }

        void kill() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
