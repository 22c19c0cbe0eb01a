// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import java.util.Map;

/** The KEY=VALUE lines a {@code lab.sh create…} command printed: namespaces, addresses, ifindexes. */
record LabFacts(Map<String, String> values) {
    LabFacts {
        values = Map.copyOf(values);
    }

    String fact(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("lab.sh did not print " + key);
        }
        return value;
    }

    int ifindex(String key) {
        return Integer.parseInt(fact(key));
    }
}
