// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of scripts/lab.sh: {@code lab.sh MODE PREFIX} builds namespaces and prints
 * {@code KEY=VALUE} facts (namespace names, addresses, ifindexes); {@code lab.sh destroy PREFIX}
 * removes everything with that prefix. The one-node lab ({@link NodeLab}) is mode
 * {@code create}; another topology (two nodes, say) is another mode of the same script and
 * another typed view over the same facts.
 */
public final class LabScript implements AutoCloseable {
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(120);

    private final String prefix;
    private final String destroyMode;
    private final Map<String, String> facts;

    private LabScript(String prefix, String destroyMode, Map<String, String> facts) {
        this.prefix = prefix;
        this.destroyMode = destroyMode;
        this.facts = facts;
    }

    public static Path script() {
        return ProjectPaths.root().resolve("scripts/lab.sh");
    }

    /**
     * Runs {@code lab.sh MODE PREFIX}; on failure removes whatever it built and rethrows. Each
     * create mode has its destroy mode ({@code create} / {@code destroy}, {@code create2} /
     * {@code destroy2}).
     */
    public static LabScript create(String mode, String prefix, String... options) {
        KernelRequirement.requireRoot();
        String destroyMode = mode.replace("create", "destroy");
        String output;
        try {
            List<String> command = new java.util.ArrayList<>(List.of("bash", script().toString(), mode, prefix));
            command.addAll(List.of(options));
            output = Commands.run(command, CREATE_TIMEOUT);
        } catch (RuntimeException e) {
            Commands.runQuietly("bash", script().toString(), destroyMode, prefix);
            throw e;
        }
        Map<String, String> facts = new HashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                facts.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return new LabScript(prefix, destroyMode, Map.copyOf(facts));
    }

    public String prefix() {
        return prefix;
    }

    /** A fact the script printed; fails naming the key when it did not. */
    public String fact(String key) {
        String value = facts.get(key);
        if (value == null) {
            throw new IllegalStateException("lab.sh did not print " + key);
        }
        return value;
    }

    @Override
    public void close() {
        Commands.run("bash", script().toString(), destroyMode, prefix);
    }
}
