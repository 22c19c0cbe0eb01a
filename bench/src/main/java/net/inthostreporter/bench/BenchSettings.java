// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import java.nio.file.Path;

/**
 * How long and how often to measure.
 *
 * @param projectDir     the repository (for scripts/lab.sh, bin/int-host-reporter, target/)
 * @param repetitions    repetitions of each throughput/pipeline/start-up measurement (the median is reported)
 * @param seconds        length of one traffic run
 * @param interfaces     veth creations of the hook-latency benchmark
 * @param labPrefix      prefix of the namespaces of this run (unique per run)
 */
record BenchSettings(Path projectDir, int repetitions, int seconds, int interfaces, String labPrefix) {
    Path launcher() {
        return projectDir.resolve("bin/int-host-reporter");
    }

    Path agentJar() {
        return projectDir.resolve("target/int-host-reporter.jar");
    }
}
