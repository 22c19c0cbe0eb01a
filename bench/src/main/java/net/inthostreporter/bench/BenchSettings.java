// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import java.util.List;

import net.inthostreporter.testkit.AgentFlags;
import net.inthostreporter.testkit.AgentProcess;
import net.inthostreporter.testkit.NodeLab;

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

    /**
     * Starts the agent in the lab's node namespace, reporting to 127.0.0.1:port, from {@code jar}
     * (the launcher uses the AOT cache next to it when there is one), and waits for /readyz.
     */
    AgentProcess startAgent(NodeLab lab, int port, Path jar, List<String> extra) throws Exception {
        AgentFlags flags = AgentFlags.forLab(lab, "127.0.0.1:" + port).withRaw(extra.toArray(String[]::new));
        return AgentProcess.start(lab.nodeNs(), flags,
                AgentProcess.Launch.PLAIN.withEnvironment("INT_HOST_REPORTER_JAR", jar.toString()));
    }

    NodeLab lab() {
        return NodeLab.create(labPrefix);
    }
}
