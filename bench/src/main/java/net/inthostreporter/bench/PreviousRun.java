// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The run the README's figures come from (bench/results/README-run.json, committed with them):
 * each figure of this run is printed next to the same figure of that one, so that a clean clone
 * shows at once what a change did. Figures are matched by benchmark and name.
 */
final class PreviousRun {
    static final String FILE = "README-run.json";

    private final String started;
    private final String machine;
    private final Map<String, JsonNode> figures;

    private PreviousRun(String started, String machine, Map<String, JsonNode> figures) {
        this.started = started;
        this.machine = machine;
        this.figures = figures;
    }

    /** The README's run from {@code resultsDir}, or none when the file is missing. */
    static PreviousRun read(Path resultsDir) throws IOException {
        Path file = resultsDir.resolve(FILE);
        if (!Files.exists(file)) {
            return new PreviousRun("", "", Map.of());
        }
        JsonNode document = new ObjectMapper().readTree(file.toFile());
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode figure : document.path("figures")) {
            byName.put(key(figure.path("benchmark").asText(), figure.path("name").asText()), figure);
        }
        return new PreviousRun(document.path("started").asText(), document.path("machine").asText(), byName);
    }

    /** Prints "figure: now X, README run Y" for every figure of {@code now} that run also has. */
    void printAgainst(List<Figure> now, PrintStream out) {
        if (figures.isEmpty()) {
            out.println("no " + FILE + ": nothing to compare with");
            return;
        }
        out.printf("against the README's run (%s, %s):%n", started, machine);
        for (Figure f : now) {
            JsonNode before = figures.get(key(f.benchmark(), f.name()));
            if (before != null) {
                out.printf(Locale.ROOT, "  %s / %s: now %.3f %s, README run %.3f %s (baseline then %.3f)%n", f.benchmark(), f.name(),
                        f.value(), f.unit(), before.path("value").asDouble(), before.path("unit").asText(),
                        before.path("baseline").asDouble());
            }
        }
    }

    private static String key(String benchmark, String name) {
        return benchmark + "\u0000" + name;
    }
}
