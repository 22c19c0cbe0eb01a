// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the results file says about the machine: cores, kernel, CPU model, load (others may be building). */
final class MachineFacts {
    private MachineFacts() {
    }

    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpuModel() + "), kernel "
                + read("/proc/sys/kernel/osrelease") + ", Java " + Runtime.version();
    }

    /** The 1/5/15-minute load averages: a load above the CPU count means the figures are noisier. */
    static String loadAverage() {
        String[] parts = read("/proc/loadavg").split(" ");
        return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "unknown";
    }

    private static String cpuModel() {
        for (String line : read("/proc/cpuinfo").split("\n")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return "unknown CPU";
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path)).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
