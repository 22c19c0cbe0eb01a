// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

import java.util.List;

/**
 * The answer of {@code /readyz}: ready, or the reasons why not (each a short sentence).
 */
public record Readiness(List<String> problems) {
    public Readiness {
        problems = List.copyOf(problems);
    }

    public static Readiness ready() {
        return new Readiness(List.of());
    }

    public boolean isReady() {
        return problems.isEmpty();
    }
}
