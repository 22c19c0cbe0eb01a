// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The launcher's JVM options file (bin/jvm.options, a java @argfile: one option a line, # comments). */
record JvmOptions(List<String> options) {
    static JvmOptions read(Path file) throws IOException {
        return new JvmOptions(Files.readAllLines(file).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList());
    }

    /** -Xmx in bytes; throws when the file sets none (the JVM would pick a quarter of the node). */
    long maxHeapBytes() {
        String xmx = options.stream().filter(o -> o.startsWith("-Xmx")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no -Xmx in jvm.options: " + options));
        return bytes(xmx.substring("-Xmx".length()));
    }

    static long bytes(String size) {
        String s = size.toLowerCase(Locale.ROOT);
        long unit = switch (s.charAt(s.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
    }
}
