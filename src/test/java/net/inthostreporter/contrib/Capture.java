// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.contrib;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Wireshark's dumpcap capturing UDP to one port on an interface of a namespace
 * ({@code ip netns exec NS dumpcap ...}), until {@link #stop()}. Killed on close in any outcome.
 */
final class Capture implements AutoCloseable {
    private static final Path DUMPCAP = Path.of("/usr/bin/dumpcap");

    private final Process process;
    private final Path file;
    private final Path log;

    private Capture(Process process, Path file, Path log) {
        this.process = process;
        this.file = file;
        this.log = log;
    }

    /** Starts capturing and returns once dumpcap says it captures (filter compiled, interface open). */
    static Capture start(String ns, String device, int udpPort, Path file) throws IOException, InterruptedException {
        net.inthostreporter.testkit.KernelRequirement.require(Files.isExecutable(DUMPCAP),
                "needs dumpcap (package wireshark-common, installed with tshark by scripts/setup.sh)");
        Path log = Files.createTempFile("dumpcap", ".log");
        Process process = new ProcessBuilder(List.of("ip", "netns", "exec", ns, DUMPCAP.toString(), "-i", device,
                "-f", "udp dst port " + udpPort, "-w", file.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Capture capture = new Capture(process, file, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.readString(log).contains("Capturing on")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                capture.close();
                throw new AssertionError("dumpcap did not start capturing: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        return capture;
    }

    /** Stops with SIGINT (dumpcap flushes and closes the file) and returns the capture file, readable to all. */
    Path stop() throws IOException, InterruptedException {
        // ip netns exec execs dumpcap, so the process is dumpcap itself.
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
        if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("dumpcap did not stop cleanly: " + Files.readString(log));
        }
        Tshark.makeReadable(file);
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // nothing to do if it already stopped
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
