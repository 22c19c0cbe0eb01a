// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put things: the project root (set by the pom) and the launcher. */
public final class ProjectPaths {
    private ProjectPaths() {
    }

    public static Path root() {
        return Path.of(System.getProperty("ihr.project.dir", ".")).toAbsolutePath().normalize();
    }

    public static Path launcher() {
        return root().resolve("bin/int-host-reporter");
    }

    /** The runnable jar, built by the package phase that runs before the integration tests. */
    public static Path jar() {
        Path jar = root().resolve("target/int-host-reporter.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the integration tests with ./mvnw verify");
        }
        return jar;
    }
}
