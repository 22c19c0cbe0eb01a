// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tests that need the kernel (root, BPF, namespaces) skip with a reason on a developer
 * machine without those rights, but fail in CI (env CI=true), where skipping would hide
 * that nothing was tested.
 */
public final class KernelRequirement {
    private KernelRequirement() {
    }

    /** Skips (or fails in CI) unless the test runs as root. */
    public static void requireRoot() {
        require(effectiveUid() == 0, "needs root (BPF, network namespaces)");
    }

    /** Skips (or fails in CI) with a reason when a condition for a kernel test does not hold. */
    public static void require(boolean condition, String reason) {
        if (condition) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("kernel test cannot run in CI: " + reason);
        }
        assumeTrue(false, reason);
    }

    private static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.split("\\s+")[2]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
