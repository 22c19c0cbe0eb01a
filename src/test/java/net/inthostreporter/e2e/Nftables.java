// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.inthostreporter.testkit.TestNamespace;

/** Loads nftables rulesets into lab namespaces (they go with the namespace). */
final class Nftables {
    private Nftables() {
    }

    /** Loads a ruleset (one statement per line) into a namespace. */
    static void load(String ns, String rules) throws Exception {
        Path file = Files.createTempFile("ihr-nft-", ".nft");
        try {
            Files.writeString(file, rules + "\n");
            TestNamespace.run(List.of("ip", "netns", "exec", ns, "nft", "-f", file.toString()));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
