// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/** Free ports inside a namespace, asked from the kernel there. */
public final class UdpPorts {
    private UdpPorts() {
    }

    /** A UDP port on 127.0.0.1 that nothing is bound to in {@code ns} now. */
    public static int free(String ns) throws Exception {
        return NodeLab.in(ns, () -> {
            try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            }
        });
    }

    /** A UDP port on 127.0.0.1 that nothing is bound to in the test's own namespace now. */
    public static int freeHere() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /**
     * Whether the kernel lists a UDP socket bound to {@code port} in the network namespace of
     * process {@code pid} ({@code /proc/PID/net/udp} and {@code udp6}: local_address is HEXADDR:HEXPORT).
     */
    public static boolean isBound(long pid, int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        // Java's sockets are dual-stack IPv6 sockets unless told otherwise: they are listed in udp6.
        for (String table : new String[] {"udp", "udp6"}) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table))) {
                    String[] columns = line.strip().split("\\s+");
                    if (columns.length > 1 && columns[1].endsWith(hexPort)) {
                        return true;
                    }
                }
            } catch (IOException gone) {
                return false;
            }
        }
        return false;
    }

    /** Waits until {@link #isBound}; fails when {@code alive} turns false or time runs out. */
    public static void awaitBound(long pid, int port, Duration timeout, BooleanSupplier alive) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isBound(pid, port)) {
            if (!alive.getAsBoolean() || System.nanoTime() > deadline) {
                throw new AssertionError("UDP port " + port + " was not bound by process " + pid + " within " + timeout);
            }
            Thread.sleep(10);
        }
    }
}
