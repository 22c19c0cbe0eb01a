// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of a Dockerfile grouped by build stage: enough structure to check what each
 * stage installs and runs without a Docker engine. Handles comments, parser directives and
 * backslash continuations; nothing else of the syntax is needed by our file.
 */
record Dockerfile(List<Stage> stages) {
    private static final Pattern FROM = Pattern.compile("(?i)FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?");

    record Instruction(String keyword, String arguments) {
    }

    record Stage(String image, String name, List<Instruction> instructions) {
        List<String> arguments(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
        }

        /** The package names given to every {@code apt-get install} of the stage's RUN instructions. */
        List<String> aptPackages() {
            List<String> packages = new ArrayList<>();
            for (String run : arguments("RUN")) {
                for (String command : run.split("&&|;")) {
                    String[] words = command.trim().split("\\s+");
                    int install = List.of(words).indexOf("install");
                    if (install > 0 && words[install - 1].equals("apt-get")) {
                        for (int i = install + 1; i < words.length; i++) {
                            if (!words[i].startsWith("-")) {
                                packages.add(words[i]);
                            }
                        }
                    }
                }
            }
            return packages;
        }
    }

    static Dockerfile read(Path file) throws IOException {
        List<Stage> stages = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            add(stages, pending.toString().strip());
            pending.setLength(0);
        }
        return new Dockerfile(List.copyOf(stages));
    }

    private static void add(List<Stage> stages, String instruction) {
        String[] parts = instruction.split("\\s+", 2);
        String keyword = parts[0].toUpperCase(Locale.ROOT);
        String arguments = parts.length > 1 ? parts[1] : "";
        if (keyword.equals("FROM")) {
            Matcher m = FROM.matcher(instruction);
            if (!m.matches()) {
                throw new IllegalArgumentException("unreadable FROM: " + instruction);
            }
            stages.add(new Stage(m.group(1), m.group(2), new ArrayList<>()));
        } else if (stages.isEmpty()) {
            throw new IllegalArgumentException(keyword + " before the first FROM");
        } else {
            stages.getLast().instructions().add(new Instruction(keyword, arguments));
        }
    }

    Stage last() {
        return stages.getLast();
    }
}
