// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Calico-like node of scripts/lab.sh: node namespace with cali1/cali2 to two pods and eth1
 * to a remote node. Removed on close; bench/run.sh also removes it on any exit.
 */
final class Lab implements AutoCloseable {
    static final List<String> NODE_INTERFACES = List.of("cali1", "cali2", "eth1");

    private final Path script;
    private final String prefix;
    private final Map<String, String> facts;

    private Lab(Path script, String prefix, Map<String, String> facts) {
        this.script = script;
        this.prefix = prefix;
        this.facts = facts;
    }

    static Lab create(Path projectDir, String prefix) {
        Path script = projectDir.resolve("scripts/lab.sh");
        String output;
        try {
            output = Shell.run(List.of("bash", script.toString(), "create", prefix), Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            Shell.runQuietly("bash", script.toString(), "destroy", prefix);
            throw e;
        }
        Map<String, String> facts = new HashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                facts.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return new Lab(script, prefix, facts);
    }

    String fact(String key) {
        String value = facts.get(key);
        if (value == null) {
            throw new IllegalStateException("lab.sh did not print " + key);
        }
        return value;
    }

    String nodeNs() {
        return fact("NODE_NS");
    }

    String pod1Ns() {
        return fact("POD1_NS");
    }

    String pod2Ns() {
        return fact("POD2_NS");
    }

    String pod2Ip() {
        return fact("POD2_IP");
    }

    String switchId() {
        return fact("NODE_IP");
    }

    @Override
    public void close() {
        Shell.runQuietly("bash", script.toString(), "destroy", prefix);
    }
}
