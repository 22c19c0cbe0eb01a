// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The figures of one run: printed as a table, written as JSON with the machine they came from. */
final class Results {
    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, String> failures = new LinkedHashMap<>();
    private final OffsetDateTime started = OffsetDateTime.now();
    private final String loadAtStart = MachineFacts.loadAverage();

    void add(List<Figure> more) {
        figures.addAll(more);
    }

    List<Figure> figures() {
        return List.copyOf(figures);
    }

    void failed(String benchmark, Exception e) {
        failures.put(benchmark, e.toString());
    }

    void print(PrintStream out) {
        String format = "%-10s %-62s %12s %-5s %12s %9s  %-12s %-7s%n";
        out.printf(Locale.ROOT, format, "benchmark", "figure", "value", "unit", "baseline", "ratio", "target", "verdict");
        for (Figure f : figures) {
            out.printf(Locale.ROOT, format, f.benchmark(), shorten(f.name(), 62), number(f.value()), f.unit(),
                    number(f.baseline()), String.format(Locale.ROOT, "%.3f", f.ratio()), f.target(), f.verdict());
        }
        out.println();
        out.println("baselines and notes:");
        for (Figure f : figures) {
            out.printf(Locale.ROOT, "  %s / %s: baseline = %s%s%n", f.benchmark(), f.name(), f.baselineName(),
                    f.note().isEmpty() ? "" : "; " + f.note());
        }
        failures.forEach((benchmark, error) -> out.printf("  %s FAILED: %s%n", benchmark, error));
        out.printf("machine: %s; load average at start %s, at end %s%n", MachineFacts.describe(), loadAtStart,
                MachineFacts.loadAverage());
    }

    /** Writes results-DATE.json into {@code directory}; returns the file. */
    Path write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("results-" + started.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("started", started.toString());
        document.put("machine", MachineFacts.describe());
        document.put("loadAverageAtStart", loadAtStart);
        document.put("loadAverageAtEnd", MachineFacts.loadAverage());
        document.put("figures", figures);
        document.put("failures", failures);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), document);
        return file;
    }

    boolean hasFailures() {
        return !failures.isEmpty();
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return Math.abs(value) >= 1000 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String shorten(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
