// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.deploy;

import java.nio.file.Path;

/** The project root, set by the pom for the test JVM. */
final class ProjectFiles {
    private ProjectFiles() {
    }

    static Path root() {
        return Path.of(System.getProperty("ihr.project.dir", ".")).toAbsolutePath().normalize();
    }
}
