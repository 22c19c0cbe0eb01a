// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import net.inthostreporter.testkit.AgentProcess;
import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.testkit.ReportReceiver;
import net.inthostreporter.testkit.UdpFlood;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import net.inthostreporter.sys.NetNamespace;

/**
 * Start-up: from spawning the launcher to the first 200 of /readyz (programs attached, polled every 10 ms) and
 * to the first report at a collector socket, while one small packet per millisecond goes pod1 →
 * pod2. With the build's AOT cache (the launcher picks target/int-host-reporter.aot next to the
 * jar) against the baseline without it (a copy of the jar in a folder with no cache); the two
 * alternate. Includes `ip netns exec` and the launcher script, as an operator would see it.
 */
final class StartupBench {
    static final String NAME = "startup";
    private static final double TARGET_SECONDS = 0.5;

    private final BenchSettings settings;

    StartupBench(BenchSettings settings) {
        this.settings = settings;
    }

    List<Figure> run() throws Exception {
        Path plainDir = Files.createTempDirectory("ihr-bench-noaot");
        Path plainJar = plainDir.resolve("int-host-reporter.jar");
        Files.copy(settings.agentJar(), plainJar, StandardCopyOption.REPLACE_EXISTING);
        boolean haveAot = Files.exists(settings.projectDir().resolve("target/int-host-reporter.aot"));
        List<Double> attachedPlain = new ArrayList<>();
        List<Double> reportPlain = new ArrayList<>();
        List<Double> attachedAot = new ArrayList<>();
        List<Double> reportAot = new ArrayList<>();
        try (NodeLab lab = settings.lab();
             PodTraffic sink = PodTraffic.start(lab)) {
            Thread ticker = Thread.ofPlatform().daemon(true).start(() -> tick(lab));
            try {
                for (int rep = 0; rep < settings.repetitions(); rep++) {
                    measure(lab, plainJar, attachedPlain, reportPlain);
                    measure(lab, settings.agentJar(), attachedAot, reportAot);
                }
            } finally {
                ticker.interrupt();
                ticker.join();
            }
        } finally {
            Files.deleteIfExists(plainJar);
            Files.deleteIfExists(plainDir);
        }
        String note = settings.repetitions() + " starts each, alternating, median"
                + (haveAot ? "" : "; target/int-host-reporter.aot is MISSING, both arms ran without a cache");
        double firstReport = Stats.median(reportAot);
        return List.of(
                Figure.of(NAME, "start -> programs attached, AOT cache", Stats.median(attachedAot), "s",
                        "without AOT cache", Stats.median(attachedPlain), note),
                Figure.withTarget(NAME, "start -> first report received, AOT cache", firstReport, "s",
                        "without AOT cache", Stats.median(reportPlain), "<= 0.5 s", firstReport <= TARGET_SECONDS,
                        note + "; one packet per ms, so up to 1 ms is waiting for traffic"));
    }

    private void measure(NodeLab lab, Path jar, List<Double> attached, List<Double> firstReport) throws Exception {
        try (ReportReceiver receiver = ReportReceiver.counting(lab.nodeNs());
             AgentProcess agent = settings.startAgent(lab, receiver.port(), jar, List.of())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (receiver.firstArrivalNanos() == 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(100_000);
            }
            if (receiver.firstArrivalNanos() == 0) {
                throw new IllegalStateException("no report within 10 s of the agent's start; log:\n" + agent.stderrText());
            }
            attached.add((agent.readyNanos() - agent.startNanos()) / 1e9);
            firstReport.add((receiver.firstArrivalNanos() - agent.startNanos()) / 1e9);
            agent.stop();
        }
    }

    /** One small datagram per millisecond pod1 → pod2 until interrupted. */
    private static void tick(NodeLab lab) {
        try (DatagramChannel channel = NetNamespace.call(lab.pod1Ns(), () -> DatagramChannel.open()
                .connect(new InetSocketAddress(lab.pod2Ip(), PodTraffic.UDP_SINK_PORT)))) {
            ByteBuffer payload = ByteBuffer.allocate(UdpFlood.PAYLOAD_FOR_64_BYTE_FRAME);
            while (!Thread.currentThread().isInterrupted()) {
                payload.clear();
                try {
                    channel.write(payload);
                } catch (java.io.IOException e) {
                    // a refused or dropped tick does not matter
                }
                LockSupport.parkNanos(1_000_000);
            }
        } catch (Exception e) {
            throw new IllegalStateException("ticker failed: " + e, e);
        }
    }
}
