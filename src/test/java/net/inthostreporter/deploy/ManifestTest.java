// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.inthostreporter.watchlist.WatchlistParser;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Quantity;

/** deployment/kubernetes/int-host-reporter.yaml, read through the Kubernetes model classes. */
class ManifestTest {
    private static AgentPodChecks manifest() throws IOException {
        String yaml = Files.readString(ProjectFiles.root().resolve("deployment/kubernetes/int-host-reporter.yaml"));
        return new AgentPodChecks(KubernetesObjects.read(yaml));
    }

    @Test
    void holdsEverythingAnAgentPodMust() throws IOException {
        manifest().all(4048, AgentPodChecks.CAPABILITIES);
    }

    @Test
    void configuresTheAgentThroughItsVariables() throws IOException {
        AgentPodChecks m = manifest();
        assertEquals("/etc/watchlist/watchlist.yaml,/etc/int-host-reporter/watchlist/watchlist.yaml",
                m.env("WATCHLIST_CONF").orElseThrow());
        for (String required : List.of("COLLECTOR", "DATA_INTERFACE", "CNI")) {
            m.env(required).orElseThrow(() -> new AssertionError(required + " not set"));
        }
        assertEquals("kube-system", m.daemonSet.getMetadata().getNamespace());
    }

    @Test
    void appliesOverThePreviousManifest() throws IOException {
        manifest().upgradesThePreviousDaemonSet("watchlist-conf");
    }

    @Test
    void theSampleWatchlistLoadsAndLeavesOutControlTraffic() throws Exception {
        AgentPodChecks m = manifest();
        String text = m.configMap("int-host-reporter-watchlist").getData().get("watchlist.yaml");
        HelmChartTest.assertControlTrafficExcluded(WatchlistParser.parse(text, "manifest"));
    }

    @Test
    void theMemoryLimitLeavesRoomForHeapAndBpfMaps() throws IOException {
        Quantity limit = manifest().agent.getResources().getLimits().get("memory");
        assertEquals(160L << 20, Quantity.getAmountInBytes(limit).longValueExact());
    }

    @Test
    void theSampleWatchlistHasThePreviousToolsShape() throws IOException {
        AgentPodChecks m = manifest();
        ConfigMap watchlist = m.configMap(m.pod.getVolumes().stream()
                .filter(v -> v.getConfigMap() != null).findFirst().orElseThrow().getConfigMap().getName());
        var rules = AgentPodChecks.watchlistRules(watchlist.getData().get("watchlist.yaml"));
        assertEquals(2, rules.size());
        assertEquals("UDP", rules.get(0).get("protocol").asText());
        assertEquals("0.0.0.0/0", rules.get(0).get("src-addr").asText());
        assertEquals("TCP", rules.get(1).get("protocol").asText());
    }
}
