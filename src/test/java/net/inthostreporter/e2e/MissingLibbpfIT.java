// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.inthostreporter.testkit.AgentFlags;
import net.inthostreporter.testkit.AgentProcess;
import net.inthostreporter.testkit.KernelRequirement;
import net.inthostreporter.testkit.NodeHooks;
import net.inthostreporter.testkit.NodeLab;

/**
 * A node without libbpf: the agent says so in one line and exits with the status of a failed
 * start (1), with nothing attached, instead of printing a stack trace. The library is hidden
 * from the agent alone: in a private mount namespace ({@code unshare --mount}), /dev/null is
 * bind-mounted over the file libbpf.so.1 resolves to, so loading it fails as on a node that lacks it.
 */
class MissingLibbpfIT {
    private static final Path UNSHARE = Path.of("/usr/bin/unshare");
    private static final String HIDE_LIBBPF = "lib=$(readlink -f \"$(ldconfig -p | awk '/libbpf\\.so\\.1 /{print $NF; exit}')\")"
            + " && mount --bind /dev/null \"$lib\" && exec \"$0\" \"$@\"";

    @Test
    void missingLibbpfIsOneLineAndExitStatusOne() throws Exception {
        KernelRequirement.require(Files.isExecutable(UNSHARE), UNSHARE + " (util-linux) is missing");
        try (NodeLab lab = NodeLab.create();
             AgentProcess agent = AgentProcess.launch(lab.nodeNs(), AgentFlags.forLab(lab, "127.0.0.1:9"),
                     AgentProcess.Launch.PLAIN.withWrapper(List.of(UNSHARE.toString(), "--mount", "--", "sh", "-c", HIDE_LIBBPF)))) {
            assertEquals(1, agent.awaitExit(AgentProcess.START_TIMEOUT), agent.stderrText());
            String log = agent.stderrText();
            List<String> errors = log.lines().filter(l -> l.contains("ERROR")).toList();
            assertEquals(1, errors.size(), log);
            assertTrue(errors.getFirst().contains("cannot start: ") && errors.getFirst().contains("libbpf"), log);
            assertFalse(log.contains("\tat ") || log.contains("Exception in thread"), "a stack trace:\n" + log);
            for (String dev : NodeLab.NODE_INTERFACES) {
                for (String direction : List.of("ingress", "egress")) {
                    assertEquals(0, NodeHooks.ours(lab, dev, direction), dev + " " + direction + ": nothing attached");
                }
            }
        }
    }
}
