// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import net.inthostreporter.testkit.AgentProcess;
import net.inthostreporter.testkit.Commands;
import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.testkit.PrometheusText;
import net.inthostreporter.testkit.ReportReceiver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import net.inthostreporter.datapath.DatapathCounter;
import net.inthostreporter.export.ExportCounter;

/**
 * Kernel → collector: the agent runs in the node namespace, small UDP packets go pod1 → pod2
 * (each forwarded packet is one ingress/egress pair, one event), a counting receiver on
 * 127.0.0.1 takes the reports. Loss is counted by stage: the datapath's counters and the
 * agent's sent/error counts from its stop log line, the receiving socket's buffer errors in the
 * node namespace, and what arrived. The agent's resident memory is sampled during the load.
 *
 * <p>The producer is real traffic from one Java thread, so events/s is bounded by how many
 * packets that thread and the node forward on this machine: the baseline (packets forwarded per
 * second) says how much was offered.
 */
final class PipelineBench {
    static final String NAME = "pipeline";
    private static final double TARGET_V05 = 500_000;
    private static final double TARGET_V2 = 1_000_000;
    private static final double TARGET_RSS_MIB = 64;

    private final BenchSettings settings;

    PipelineBench(BenchSettings settings) {
        this.settings = settings;
    }

    List<Figure> run() throws Exception {
        List<Figure> figures = new ArrayList<>();
        boolean hasFormatFlag = Commands.run(settings.launcher().toString(), "--help").contains("--report-format");
        List<String> formats = hasFormatFlag ? List.of("v0.5", "v2") : List.of("v0.5");
        for (String format : formats) {
            // Every packet an event: the pipeline under its heaviest load (report on change would
            // turn a one-flow flood into a few reports per second).
            List<String> flags = new ArrayList<>(List.of("--report-every-packet"));
            if (hasFormatFlag) {
                flags.addAll(List.of("--report-format", format));
            }
            figures.addAll(measure(format, flags));
        }
        return figures;
    }

    private List<Figure> measure(String format, List<String> flags) throws Exception {
        List<Double> eventRates = new ArrayList<>();
        List<Double> forwardedRates = new ArrayList<>();
        long produced = 0;
        long ringFull = 0;
        long sent = 0;
        long sendErrors = 0;
        long received = 0;
        long socketErrors = 0;
        long peakRssKib = 0;
        long highWaterKib = 0;
        List<Double> idleRssKib = new ArrayList<>();
        int seconds = Math.max(3, settings.seconds());
        int runs = Math.min(3, settings.repetitions());
        try (NodeLab lab = settings.lab();
             PodTraffic traffic = PodTraffic.start(lab)) {
            for (int run = 0; run < runs; run++) {
                try (ReportReceiver receiver = ReportReceiver.counting(lab.nodeNs());
                     AgentProcess agent = settings.startAgent(lab, receiver.port(), settings.agentJar(), flags)) {
                    Thread.sleep(500);
                    idleRssKib.add((double) agent.residentKib());
                    AtomicLong peak = new AtomicLong();
                    Thread sampler = Thread.ofPlatform().daemon(true).start(() -> sampleRss(agent, peak));
                    long rcvErrorsBefore = udpReceiveBufferErrors(lab.nodeNs());
                    long rxBefore = traffic.pod2RxPackets();
                    long start = System.nanoTime();
                    traffic.udpPacketsPerSecond(seconds);
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    long forwarded = traffic.pod2RxPackets() - rxBefore;
                    Thread.sleep(1000); // let the agent drain what is queued
                    long got = receiver.reports();
                    sampler.interrupt();
                    sampler.join();
                    highWaterKib = Math.max(highWaterKib, agent.highWaterKib());
                    Map<String, Long> counts = counts(agent.metrics());
                    agent.stop();
                    socketErrors += udpReceiveBufferErrors(lab.nodeNs()) - rcvErrorsBefore;
                    eventRates.add(got / elapsed);
                    forwardedRates.add(forwarded / elapsed);
                    produced += counts.getOrDefault("EVENTS_SUBMITTED", -1L);
                    ringFull += counts.getOrDefault("RINGBUF_FULL", -1L);
                    sent += counts.getOrDefault("REPORTS_SENT", -1L);
                    sendErrors += counts.getOrDefault("SEND_ERRORS", -1L);
                    received += got;
                    peakRssKib = Math.max(peakRssKib, peak.get());
                    System.out.printf("   %s run %d: %.0f reports/s received, %.0f pkt/s forwarded, agent counts %s%n",
                            format, run + 1, got / elapsed, forwarded / elapsed, counts);
                }
            }
        }
        double eventsPerSecond = Stats.median(eventRates);
        double forwardedPerSecond = Stats.median(forwardedRates);
        double target = format.equals("v2") ? TARGET_V2 : TARGET_V05;
        double lost = ringFull + (produced - received);
        String stages = String.format("%d runs of %d s; totals: events submitted %d, ring buffer full %d, reports sent %d, "
                        + "lost to send errors %d, collector socket buffer errors %d, reports received %d (agent counts from "
                        + "/metrics)", runs, seconds, produced, ringFull, sent, sendErrors, socketErrors, received);
        return List.of(
                Figure.withTarget(NAME, "reports/s received, " + format, eventsPerSecond, "ev/s",
                        "packets/s forwarded pod1->pod2", forwardedPerSecond, String.format(">= %.0f", target),
                        eventsPerSecond >= target, "median; the offered load (one sending thread) is the limit "
                                + "when the ratio is ~1; " + stages),
                format.equals("v2")
                        ? Figure.withTarget(NAME, "events lost (all stages), v2", lost, "events", "events produced",
                                produced + ringFull, "0", lost == 0, stages)
                        : Figure.of(NAME, "events lost (all stages), " + format, lost, "events", "events produced",
                                produced + ringFull, stages),
                Figure.withTarget("memory", "agent VmRSS peak under pipeline load, " + format, peakRssKib / 1024.0, "MiB",
                        "VmRSS idle after start", Stats.median(idleRssKib) / 1024.0, "<= 64 MiB",
                        peakRssKib / 1024.0 <= TARGET_RSS_MIB, "sampled every 100 ms during the load"),
                // VmHWM is the kernel's own peak since exec: it includes the start (BTF parsing).
                Figure.withTarget("memory", "agent VmHWM after pipeline load, " + format, highWaterKib / 1024.0, "MiB",
                        "VmRSS idle after start", Stats.median(idleRssKib) / 1024.0, "<= 64 MiB",
                        highWaterKib / 1024.0 <= TARGET_RSS_MIB, "largest of the runs, read before SIGTERM"));
    }

    /** The agent's own counts, scraped from /metrics once the load is over. */
    private static Map<String, Long> counts(PrometheusText metrics) {
        return Map.of(
                "EVENTS_SUBMITTED", (long) metrics.value("int_host_reporter_datapath_packets_total",
                        Map.of("outcome", DatapathCounter.EVENTS_SUBMITTED.metricName())),
                "RINGBUF_FULL", (long) metrics.value("int_host_reporter_ringbuf_lost_events_total"),
                "REPORTS_SENT", (long) metrics.value("int_host_reporter_reports_sent_total"),
                "SEND_ERRORS", (long) metrics.value("int_host_reporter_export_total",
                        Map.of("counter", ExportCounter.REPORTS_LOST_SEND_ERROR.metricName())));
    }

    private static void sampleRss(AgentProcess agent, AtomicLong peak) {
        while (!Thread.currentThread().isInterrupted()) {
            peak.accumulateAndGet(agent.residentKib(), Math::max);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Udp RcvbufErrors of the node namespace (/proc/net/snmp as seen from inside it). */
    static long udpReceiveBufferErrors(String nodeNs) {
        String[] lines = Commands.run("ip", "netns", "exec", nodeNs, "cat", "/proc/net/snmp").split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith("Udp:") && lines[i + 1].startsWith("Udp:")) {
                List<String> names = List.of(lines[i].split("\\s+"));
                String[] values = lines[i + 1].split("\\s+");
                int index = names.indexOf("RcvbufErrors");
                return index > 0 ? Long.parseLong(values[index]) : 0;
            }
        }
        return 0;
    }
}
