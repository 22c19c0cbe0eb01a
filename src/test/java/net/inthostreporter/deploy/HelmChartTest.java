// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import net.inthostreporter.watchlist.PortRange;
import net.inthostreporter.watchlist.Protocol;
import net.inthostreporter.watchlist.Watchlist;
import net.inthostreporter.watchlist.WatchlistParser;

/**
 * The chart rendered by Helm's own template engine (helm-java runs the Helm Go library, so
 * this is what {@code helm template} and {@code helm install} produce), then read through the
 * Kubernetes model classes: the security properties hold for the defaults and for custom
 * values, and each value lands where it should.
 */
class HelmChartTest {
    private static final Path CHART = ProjectFiles.root().resolve("deployment/helm/int-host-reporter");
    private static final String NAMESPACE = "telemetry";

    @TempDir
    Path tmp;

    private String render(String values) throws IOException {
        Path file = tmp.resolve("values-" + System.nanoTime() + ".yaml");
        Files.writeString(file, values);
        return new Helm(CHART).template().withName("ihr").withNamespace(NAMESPACE).withValuesFile(file).call();
    }

    private AgentPodChecks renderChecked(String values) throws IOException {
        return new AgentPodChecks(KubernetesObjects.read(render(values)));
    }

    @Test
    void lintsClean() {
        var result = new Helm(CHART).lint().strict().call();
        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
    }

    @Test
    void theDefaultsHoldEverythingAnAgentPodMust() throws IOException {
        AgentPodChecks chart = renderChecked("intCollector: 10.0.0.5:32766\n");
        chart.all(4048, AgentPodChecks.CAPABILITIES);
        assertEquals(NAMESPACE, chart.daemonSet.getMetadata().getNamespace());
        assertEquals("int-host-reporter:0.1.0", chart.agent.getImage());
        assertEquals(Optional.of("10.0.0.5:32766"), chart.env("COLLECTOR"));
        assertEquals(Optional.of("calico-iptables"), chart.env("CNI"));
        assertEquals(Optional.of("eth0"), chart.env("DATA_INTERFACE"));
        assertEquals(Optional.of("info"), chart.env("LOG_LEVEL"));
        assertEquals(Optional.of("0.0.0.0:4048"), chart.env("API_ADDRESS"));
        for (String unset : List.of("ATTACH_MODE", "SNAP_LENGTH", "HW_ID", "IFACE_PATTERN", "REPORT_FORMAT")) {
            assertEquals(Optional.empty(), chart.env(unset), unset + " is left to the agent's default");
        }
    }

    /**
     * The previous chart's values (every key it had), rendered through this chart: each keeps its
     * meaning, the DaemonSet replaces the previous one in place (same selector, command from PATH,
     * the previous ConfigMap read first when present), and an old watchlist reports what it did.
     */
    @Test
    void thePreviousChartsValuesUpgradeInPlace() throws Exception {
        AgentPodChecks chart = renderChecked("""
                name: int-host-reporter
                image: {repository: registry.example/ihr, tag: "1.2.3", pullPolicy: Always}
                cni: cilium
                dataInterface: enp0s8
                intCollector: 192.168.33.50:30001
                logLevel: debug
                intWatchlistRules:
                  - protocol: "UDP"
                    srcAddr: "192.168.99.50/32"
                    dstAddr: "192.168.99.20/32"
                  - protocol: "TCP"
                    srcAddr: "10.68.235.0/24"
                    dstAddr: "10.68.235.0/24"
                """);
        chart.all(4048, AgentPodChecks.CAPABILITIES);
        assertEquals("registry.example/ihr:1.2.3", chart.agent.getImage());
        assertEquals("Always", chart.agent.getImagePullPolicy());
        assertEquals(Optional.of("cilium"), chart.env("CNI"));
        assertEquals(Optional.of("enp0s8"), chart.env("DATA_INTERFACE"));
        assertEquals(Optional.of("192.168.33.50:30001"), chart.env("COLLECTOR"));
        assertEquals(Optional.of("debug"), chart.env("LOG_LEVEL"));
        JsonNode rules = AgentPodChecks.watchlistRules(watchlist(chart));
        assertEquals(KubernetesObjects.YAML.readTree("""
                - {protocol: UDP, src-addr: 192.168.99.50/32, dst-addr: 192.168.99.20/32}
                - {protocol: TCP, src-addr: 10.68.235.0/24, dst-addr: 10.68.235.0/24}
                """), rules);
        chart.upgradesThePreviousDaemonSet("int-watchlist");
        assertControlTrafficExcluded(WatchlistParser.parse(watchlist(chart), "rendered"));
    }

    /** The previous datapath never reported TCP to or from 6443, 8181, 8080 and 4240, on any address. */
    static void assertControlTrafficExcluded(Watchlist watchlist) {
        for (int port : new int[] {6443, 8181, 8080, 4240}) {
            for (boolean destination : new boolean[] {true, false}) {
                assertTrue(watchlist.excludes().stream().anyMatch(e -> e.protocol() == Protocol.TCP
                                && e.srcAddr().isEmpty() && e.dstAddr().isEmpty()
                                && (destination ? e.srcPort().isEmpty() && e.dstPort().equals(Optional.of(new PortRange(port, port)))
                                        : e.dstPort().isEmpty() && e.srcPort().equals(Optional.of(new PortRange(port, port))))),
                        "no exclude for TCP " + (destination ? "to" : "from") + " port " + port + ": " + watchlist.excludes());
            }
        }
        assertEquals(8, watchlist.excludes().size(), watchlist.excludes().toString());
    }

    @Test
    void theNewOptionsBecomeVariables() throws IOException {
        AgentPodChecks chart = renderChecked("""
                intCollector: collector.example:32766
                attachMode: tc
                snapLength: 256
                hwId: 3
                ifacePattern: "veth.*"
                reportFormat: "2.0"
                api: {address: 127.0.0.1, port: 9090}
                extraEnv: {NAT_VIEW: "true"}
                """);
        chart.all(9090, AgentPodChecks.CAPABILITIES);
        assertEquals(Optional.of("tc"), chart.env("ATTACH_MODE"));
        assertEquals(Optional.of("256"), chart.env("SNAP_LENGTH"));
        assertEquals(Optional.of("3"), chart.env("HW_ID"));
        assertEquals(Optional.of("veth.*"), chart.env("IFACE_PATTERN"));
        assertEquals(Optional.of("2.0"), chart.env("REPORT_FORMAT"));
        assertEquals(Optional.of("127.0.0.1:9090"), chart.env("API_ADDRESS"));
        assertEquals(Optional.of("true"), chart.env("NAT_VIEW"));
    }

    @Test
    void excludesAndPortsReachTheWatchlist() throws IOException {
        AgentPodChecks chart = renderChecked("""
                intCollector: 10.0.0.5:32766
                intWatchlistRules:
                  - {protocol: any, srcAddr: 10.244.0.0/16, dstAddr: 0.0.0.0/0, dstPort: "1000-2000"}
                intWatchlistExclude:
                  - {protocol: TCP, srcAddr: 0.0.0.0/0, dstAddr: 0.0.0.0/0, dstPort: 6443}
                """);
        JsonNode watchlist = KubernetesObjects.YAML.readTree(watchlist(chart));
        assertEquals(KubernetesObjects.YAML.readTree("""
                rules:
                  - {protocol: any, src-addr: 10.244.0.0/16, dst-addr: 0.0.0.0/0, dst-port: "1000-2000"}
                exclude:
                  - {protocol: TCP, src-addr: 0.0.0.0/0, dst-addr: 0.0.0.0/0, dst-port: "6443"}
                """), watchlist);
    }

    @Test
    void anEmptyRuleListIsAnEmptyWatchlistNotAMissingOne() throws IOException {
        AgentPodChecks chart = renderChecked("intCollector: 10.0.0.5:32766\nintWatchlistRules: []\nintWatchlistExclude: []\n");
        JsonNode watchlist = KubernetesObjects.YAML.readTree(watchlist(chart));
        assertEquals(KubernetesObjects.YAML.readTree("rules: []"), watchlist);
    }

    @Test
    void extraCapabilitiesAreOptInAndStillDropTheRest() throws IOException {
        AgentPodChecks chart = renderChecked("""
                intCollector: 10.0.0.5:32766
                securityContext: {extraCapabilities: [SYS_RESOURCE]}
                """);
        chart.leastPrivilege(List.of("BPF", "NET_ADMIN", "PERFMON", "SYS_RESOURCE"));
    }

    /** Pod-side hooks are opt-in: SYS_ADMIN and the host's pod namespaces, read-only, only then. */
    @Test
    void podSideHooksAddSysAdminAndThePodNamespacesOnlyWhenAskedFor() throws IOException {
        List<io.fabric8.kubernetes.api.model.HasMetadata> objects = KubernetesObjects.read(render("""
                intCollector: 10.0.0.5:32766
                podSideHooks: {enabled: true}
                """));
        io.fabric8.kubernetes.api.model.PodSpec pod = objects.stream()
                .filter(o -> o instanceof io.fabric8.kubernetes.api.model.apps.DaemonSet).findFirst()
                .map(o -> ((io.fabric8.kubernetes.api.model.apps.DaemonSet) o).getSpec().getTemplate().getSpec()).orElseThrow();
        io.fabric8.kubernetes.api.model.Container agent = pod.getContainers().getFirst();
        assertEquals(List.of("BPF", "NET_ADMIN", "PERFMON", "SYS_ADMIN"), agent.getSecurityContext().getCapabilities().getAdd());
        io.fabric8.kubernetes.api.model.Volume netns = pod.getVolumes().stream().filter(v -> v.getName().equals("netns"))
                .findFirst().orElseThrow();
        assertEquals("/var/run/netns", netns.getHostPath().getPath());
        io.fabric8.kubernetes.api.model.VolumeMount mount = agent.getVolumeMounts().stream()
                .filter(m -> m.getName().equals("netns")).findFirst().orElseThrow();
        assertEquals("/var/run/netns", mount.getMountPath());
        assertEquals(Boolean.TRUE, mount.getReadOnly());
        assertEquals("HostToContainer", mount.getMountPropagation());
        renderChecked("intCollector: 10.0.0.5:32766\npodSideHooks: {enabled: false}\n")
                .leastPrivilege(List.of("BPF", "NET_ADMIN", "PERFMON"));
    }

    @Test
    void scrapeAnnotationsCanBeTurnedOff() throws IOException {
        AgentPodChecks chart = renderChecked("intCollector: 10.0.0.5:32766\nprometheus: {scrape: false}\n");
        var annotations = chart.daemonSet.getSpec().getTemplate().getMetadata().getAnnotations();
        assertTrue(annotations == null || annotations.isEmpty(), String.valueOf(annotations));
    }

    @Test
    void refusesToRenderWithoutACollector() {
        var error = assertThrows(IllegalStateException.class, () -> render("cni: cilium\n"));
        assertTrue(error.getMessage().contains("intCollector"), error.getMessage());
    }

    private static String watchlist(AgentPodChecks chart) {
        ConfigMap configMap = chart.configMap("int-host-reporter-watchlist");
        return configMap.getData().get("watchlist.yaml");
    }
}
