// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import net.inthostreporter.testkit.EmptyProgram;
import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.testkit.ReportReceiver;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Pod → pod throughput through the node's veths with nothing attached (the baseline), with the
 * empty program attached like ours (TCX, both directions, cali1/cali2/eth1), and with the agent
 * running; the three are interleaved within each repetition (the order rotates) so that load
 * from other work on the machine spreads over all three. The agent reports to a socket that is
 * never read, so no collector's CPU is billed to it.
 */
final class ThroughputBench {
    static final String NAME = "throughput";

    enum Setup { NOTHING, EMPTY_PROGRAMS, AGENT }

    private final BenchSettings settings;

    ThroughputBench(BenchSettings settings) {
        this.settings = settings;
    }

    List<Figure> run() throws Exception {
        Map<Setup, List<Double>> tcp = new EnumMap<>(Setup.class);
        Map<Setup, List<Double>> udp = new EnumMap<>(Setup.class);
        double udpSentTotal = 0;
        int udpRuns = 0;
        for (Setup s : Setup.values()) {
            tcp.put(s, new ArrayList<>());
            udp.put(s, new ArrayList<>());
        }
        try (NodeLab lab = settings.lab();
             EmptyProgram empty = EmptyProgram.load();
             PodTraffic traffic = PodTraffic.start(lab);
             ReportReceiver sink = ReportReceiver.sink(lab.nodeNs())) {
            traffic.udpPacketsPerSecond(1); // warm-up: ARP/proxy ARP, JIT
            Setup[] setups = Setup.values();
            for (int rep = 0; rep < settings.repetitions(); rep++) {
                for (int k = 0; k < setups.length; k++) {
                    Setup setup = setups[(rep + k) % setups.length];
                    try (AutoCloseable attached = attach(setup, lab, empty, sink)) {
                        tcp.get(setup).add(traffic.tcpBitsPerSecond(settings.seconds()));
                        double[] pps = traffic.udpPacketsPerSecond(settings.seconds());
                        udp.get(setup).add(pps[0]);
                        udpSentTotal += pps[1];
                        udpRuns++;
                    }
                    System.out.printf("   rep %d %-14s tcp %.2f Gbit/s, udp %.0f pkt/s%n", rep + 1, setup,
                            tcp.get(setup).getLast() / 1e9, udp.get(setup).getLast());
                }
            }
        }
        double tcpNothing = Stats.median(tcp.get(Setup.NOTHING));
        double tcpEmpty = Stats.median(tcp.get(Setup.EMPTY_PROGRAMS));
        double tcpAgent = Stats.median(tcp.get(Setup.AGENT));
        double udpNothing = Stats.median(udp.get(Setup.NOTHING));
        double udpEmpty = Stats.median(udp.get(Setup.EMPTY_PROGRAMS));
        double udpAgent = Stats.median(udp.get(Setup.AGENT));
        String runs = settings.repetitions() + " runs of " + settings.seconds() + " s, median";
        double emptyShare = udpEmpty / udpNothing;
        double agentShare = udpAgent / udpNothing;
        return List.of(
                Figure.of(NAME, "iperf3 TCP pod->pod, empty programs attached", tcpEmpty / 1e6, "Mbit/s", "nothing attached",
                        tcpNothing / 1e6, runs),
                Figure.withTarget(NAME, "iperf3 TCP pod->pod, agent running", tcpAgent / 1e6, "Mbit/s", "nothing attached",
                        tcpNothing / 1e6, ">= 0.97", tcpAgent / tcpNothing >= 0.97, runs),
                Figure.of(NAME, "64 B UDP pod->pod, empty programs attached", udpEmpty, "pkt/s", "nothing attached",
                        udpNothing, runs + "; counted at pod2's eth0; sender offered "
                                + String.format("%.0f", udpSentTotal / udpRuns) + " pkt/s on average"),
                Figure.withTarget(NAME, "64 B UDP pod->pod, agent running", udpAgent, "pkt/s", "nothing attached",
                        udpNothing, ">= empty-3pp", agentShare >= emptyShare - 0.03,
                        String.format("%s; agent %.1f %% vs empty programs %.1f %% of nothing attached (%+.1f pp)", runs,
                                100 * agentShare, 100 * emptyShare, 100 * (agentShare - emptyShare))));
    }

    private AutoCloseable attach(Setup setup, NodeLab lab, EmptyProgram empty, ReportReceiver sink) throws Exception {
        return switch (setup) {
            case NOTHING -> () -> { };
            case EMPTY_PROGRAMS -> empty.attachEverywhere(lab.nodeNs(), NodeLab.NODE_INTERFACES);
            case AGENT -> {
                yield settings.startAgent(lab, sink.port(), settings.agentJar(), List.of());
            }
        };
    }
}
