// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The number of possible CPUs, which is what per-CPU maps are sized by (not the online
 * count): {@code /sys/devices/system/cpu/possible} holds ranges like {@code 0-3} or {@code 0,2-5}.
 */
public final class PossibleCpus {
    private static final Path POSSIBLE = Path.of("/sys/devices/system/cpu/possible");

    private PossibleCpus() {
    }

    /** Highest possible CPU number plus one. */
    public static int count() {
        try {
            return parse(Files.readString(POSSIBLE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + POSSIBLE, e);
        }
    }

    /** Parses the kernel's CPU list format. */
    public static int parse(String list) {
        int max = -1;
        for (String part : list.trim().split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            int last = Integer.parseInt(dash < 0 ? part : part.substring(dash + 1));
            max = Math.max(max, last);
        }
        if (max < 0) {
            throw new IllegalArgumentException("empty CPU list: '" + list + "'");
        }
        return max + 1;
    }
}
