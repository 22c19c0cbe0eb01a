// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests (no maintained Java
 * parser of the format is published on Maven Central). It rejects what Prometheus would reject
 * and a little more: bad names, bad escapes, unparsable values, a TYPE after its samples or
 * twice, samples that do not belong to the family typed above them, duplicate series, and
 * histograms whose buckets are not cumulative or whose +Inf bucket differs from _count.
 */
public final class PrometheusText {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, String> help = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {
    }

    public static PrometheusText parse(String text) {
        PrometheusText result = new PrometheusText();
        String[] lines = text.split("\n", -1);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        Set<String> seenSeries = new HashSet<>();
        Set<String> familiesWithSamples = new HashSet<>();
        String currentFamily = null;
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            try {
                if (line.isBlank()) {
                    continue;
                }
                if (line.startsWith("#")) {
                    String[] parts = line.split(" ", 4);
                    if (parts.length >= 3 && (parts[1].equals("TYPE") || parts[1].equals("HELP"))) {
                        String name = requireName(parts[2]);
                        String rest = parts.length == 4 ? parts[3] : "";
                        if (parts[1].equals("TYPE")) {
                            if (!TYPES.contains(rest)) {
                                throw new IllegalArgumentException("unknown type '" + rest + "'");
                            }
                            if (result.types.containsKey(name) || familiesWithSamples.contains(name)) {
                                throw new IllegalArgumentException("TYPE of " + name + " repeated or after its samples");
                            }
                            result.types.put(name, rest);
                            currentFamily = name;
                        } else {
                            if (result.help.put(name, unescapeHelp(rest)) != null) {
                                throw new IllegalArgumentException("HELP of " + name + " repeated");
                            }
                        }
                    }
                    continue; // other comments are allowed
                }
                Sample sample = parseSample(line);
                String family = familyOf(sample.name(), currentFamily, result.types);
                familiesWithSamples.add(family);
                if (!seenSeries.add(sample.name() + new TreeMap<>(sample.labels()))) {
                    throw new IllegalArgumentException("duplicate series " + sample.name() + sample.labels());
                }
                result.samples.add(sample);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + lineNo + " '" + line + "': " + e.getMessage(), e);
            }
        }
        result.checkHistograms();
        return result;
    }

    /** The family a sample belongs to: the typed one above it if the name fits, else its own (untyped). */
    private static String familyOf(String sampleName, String currentFamily, Map<String, String> types) {
        if (currentFamily != null) {
            String type = types.get(currentFamily);
            List<String> allowed = switch (type) {
                case "histogram" -> List.of(currentFamily + "_bucket", currentFamily + "_sum", currentFamily + "_count",
                        currentFamily + "_created");
                case "summary" -> List.of(currentFamily, currentFamily + "_sum", currentFamily + "_count", currentFamily + "_created");
                case "counter" -> List.of(currentFamily, currentFamily + "_created");
                default -> List.of(currentFamily);
            };
            if (allowed.contains(sampleName)) {
                return currentFamily;
            }
        }
        if (types.containsKey(sampleName)) {
            throw new IllegalArgumentException("sample of " + sampleName + " separated from its TYPE line");
        }
        return sampleName;
    }

    private static Sample parseSample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = requireName(line.substring(0, i));
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (true) {
                if (line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                    throw new IllegalArgumentException("bad label name '" + label + "'");
                }
                if (line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException("label value of " + label + " is not quoted");
                }
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(switch (next) {
                            case '\\' -> '\\';
                            case '"' -> '"';
                            case 'n' -> '\n';
                            default -> throw new IllegalArgumentException("bad escape \\" + next + " in label " + label);
                        });
                    } else {
                        value.append(c);
                    }
                }
                if (labels.put(label, value.toString()) != null) {
                    throw new IllegalArgumentException("label " + label + " repeated");
                }
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                } else if (line.charAt(i) != '}') {
                    throw new IllegalArgumentException("expected ',' or '}' after label " + label);
                }
            }
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException("expected a space before the value");
        }
        String[] rest = line.substring(i + 1).split(" ");
        if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) {
            throw new IllegalArgumentException("expected VALUE [TIMESTAMP]");
        }
        double value = parseValue(rest[0]);
        if (rest.length == 2) {
            Long.parseLong(rest[1]);
        }
        return new Sample(name, Map.copyOf(labels), value);
    }

    private static double parseValue(String text) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                if (!text.matches("[-+]?[0-9.]+([eE][-+]?[0-9]+)?")) {
                    throw new IllegalArgumentException("bad value '" + text + "'");
                }
                yield Double.parseDouble(text);
            }
        };
    }

    private static String requireName(String name) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad metric name '" + name + "'");
        }
        return name;
    }

    private static String unescapeHelp(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            out.append(switch (next) {
                case '\\' -> '\\';
                case 'n' -> '\n';
                default -> throw new IllegalArgumentException("bad escape \\" + next + " in HELP");
            });
        }
        return out.toString();
    }

    private void checkHistograms() {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            Map<Map<String, String>, TreeMap<Double, Double>> bucketsBySeries = new HashMap<>();
            for (Sample s : samples) {
                if (s.name().equals(family + "_bucket")) {
                    Map<String, String> series = new HashMap<>(s.labels());
                    String le = series.remove("le");
                    if (le == null) {
                        throw new IllegalArgumentException(family + "_bucket without le");
                    }
                    bucketsBySeries.computeIfAbsent(series, k -> new TreeMap<>()).put(parseValue(le), s.value());
                }
            }
            bucketsBySeries.forEach((series, buckets) -> {
                double previous = 0;
                for (double count : buckets.values()) {
                    if (count < previous) {
                        throw new IllegalArgumentException(family + " buckets are not cumulative: " + buckets);
                    }
                    previous = count;
                }
                Double inf = buckets.get(Double.POSITIVE_INFINITY);
                if (inf == null || inf != value(family + "_count", series)) {
                    throw new IllegalArgumentException(family + " +Inf bucket differs from _count");
                }
            });
        });
    }

    /** The TYPE of a family, or null. */
    public String type(String family) {
        return types.get(family);
    }

    public String help(String family) {
        return help.get(family);
    }

    public List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The value of the one sample with exactly these labels; fails if there is none. */
    public double value(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .findFirst().orElseThrow(() -> new AssertionError("no sample " + name + labels)).value();
    }

    public double value(String name) {
        return value(name, Map.of());
    }

    /** The cumulative count of the histogram bucket with this upper bound. */
    public double bucket(String family, double upperBound) {
        return samples(family + "_bucket").stream().filter(s -> parseValue(s.labels().get("le")) == upperBound)
                .findFirst().orElseThrow(() -> new AssertionError("no bucket le=" + upperBound + " in " + family)).value();
    }
}
