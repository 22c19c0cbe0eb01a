// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import net.inthostreporter.testkit.AgentProcess;
import net.inthostreporter.testkit.CollectorProcess;
import net.inthostreporter.testkit.Traffic;
import net.inthostreporter.testkit.TwoNodeLab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import net.inthostreporter.testkit.Browser;

/**
 * Issue 13 end to end: the collector's live page in headless chromium, fed by the real agents of
 * the two-node lab. The page is opened before any agent runs (the empty state names the UDP port),
 * then live traffic must appear in the flows table within 2 s of being sent with no reload, a
 * drop forced on node 2 (nftables) must appear in the drops view and on node 2 in the graph, and
 * the filter must narrow the table. Screenshots go to target/screenshots/.
 */
class LivePageEndToEndIT {
    private static final Duration LIVE = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int ROUTED_PORT = 7001, OVERLAY_PORT = 7002, STEADY_PORT = 7003, DROPPED_PORT = 7777, TCP_PORT = 8080;
    /** 2 ms apart: about 6 s of one flow. */
    private static final int STEADY_PACKETS = 3000;

    @Test
    void liveTrafficDropsAndFilteringInTheBrowser() throws Exception {
        try (TwoNodeLab lab = TwoNodeLab.create();
             CollectorProcess collector = CollectorProcess.startWithHttp(lab.fact("COLLECTOR_NS"), "0.0.0.0");
             NamespacePortForward page = new NamespacePortForward(lab.fact("COLLECTOR_NS"), collector.httpPort());
             Browser browser = Browser.start(1400, 1000)) {
            browser.open(page.url());
            WebElement empty = browser.await(WAIT, d -> {
                WebElement e = d.findElement(By.id("empty-state"));
                return e.isDisplayed() ? e : null;
            });
            assertTrue(empty.getText().contains("No reports yet — is the agent's --collector pointing here?"), empty.getText());
            assertTrue(empty.getText().contains("UDP port " + collector.port() + " (all addresses)"), empty.getText());
            browser.script("window.loadedOnce = 'yes'");
            browser.screenshot("e2e-live-page-empty");

            try (AgentProcess agent1 = lab.startAgent(1, collector.port());
                 AgentProcess agent2 = lab.startAgent(2, collector.port())) {
                Nftables.load(lab.fact("NODE2_NS"), "table inet ihrtest {\nchain filter_forward {\n"
                        + "type filter hook forward priority 0;\nudp dport " + DROPPED_PORT + " drop\n}\n}");
                String pod = lab.fact("N1_POD1_NS");
                String routedDst = lab.fact("N2_POD1_IP") + ":" + ROUTED_PORT;

                // Live: the first flow's row is on the page within 2 s of its packets, without a reload.
                try (var atRouted = Traffic.UdpReceiver.bind(lab.fact("N2_POD1_NS"),
                        new InetSocketAddress(lab.fact("N2_POD1_IP"), ROUTED_PORT))) {
                    long sent = System.nanoTime();
                    Traffic.sendUdp(pod, new InetSocketAddress(lab.fact("N2_POD1_IP"), ROUTED_PORT), 5);
                    browser.await(LIVE, d -> destinations(browser).contains(routedDst));
                    long shownMs = (System.nanoTime() - sent) / 1_000_000;
                    assertTrue(shownMs <= LIVE.toMillis(), "shown " + shownMs + " ms after sending");
                    assertEquals(5, atRouted.count(5, Duration.ofSeconds(5)), "routed datagrams delivered");
                }
                assertEquals("yes", browser.script("return window.loadedOnce"), "the page was not reloaded");
                assertTrue(browser.script("return document.getElementById('empty-state').hidden").equals(Boolean.TRUE));

                // Its path: node 1 (cali1 → eth1), then node 2 (eth1 → cali1), in network order.
                String routedRow = "#flows tr.flow[data-key$='|" + ROUTED_PORT + "'] ";
                List<String> expectedPath = List.of(
                        "10.99.0.1 " + lab.ifindex("N1_CALI1_IFINDEX") + "→" + lab.ifindex("N1_DATA_IFINDEX"),
                        "10.99.0.2 " + lab.ifindex("N2_DATA_IFINDEX") + "→" + lab.ifindex("N2_CALI1_IFINDEX"));
                browser.await(WAIT, d -> chipPorts(browser, routedRow).equals(expectedPath));

                // More traffic of other kinds: a steady flow for a few seconds (the latency view fills
                // column by column), the overlay pod, TCP both ways, and the dropped port.
                CompletableFuture<Void> steady = CompletableFuture.runAsync(() -> {
                    try {
                        Traffic.sendUdp(pod, new InetSocketAddress(lab.fact("N2_POD1_IP"), STEADY_PORT), STEADY_PACKETS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                CompletableFuture<Integer> tcp = CompletableFuture.supplyAsync(() -> {
                    try {
                        return Traffic.tcpExchange(pod, lab.fact("N2_POD2_NS"),
                                new InetSocketAddress(lab.fact("N2_POD2_IP"), TCP_PORT), 64 * 1024);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Traffic.sendUdp(pod, new InetSocketAddress(lab.fact("N2_POD2_IP"), OVERLAY_PORT), 5);
                Traffic.sendUdp(pod, new InetSocketAddress(lab.fact("N2_POD1_IP"), DROPPED_PORT), 3);
                assertEquals(64 * 1024, tcp.get(), "TCP bytes echoed");

                // The drop: in the drops view at node 2, its data interface, ACL deny (nftables), 3 times.
                String dropRow = lab.fact("NODE2_IP") + " " + lab.ifindex("N2_DATA_IFINDEX") + " ACL deny 3 UDP "
                        + lab.fact("N1_POD1_IP") + ":";
                browser.await(WAIT, d -> cells(browser, "#drops tr.drop").stream().anyMatch(r -> r.startsWith(dropRow)));
                assertTrue(browser.texts("#drop-reasons .reason").contains("ACL deny"), "by reason: " + browser.cells("#drops tr.drop"));
                browser.await(WAIT, d -> browser.attributes("#topology .node.dropping", "data-switch").contains("10.99.0.2"));
                assertEquals(List.of("10.99.0.1", "10.99.0.2"), browser.attributes("#topology .node", "data-switch"));
                browser.await(WAIT, d -> browser.attributes("#topology .link-group", "data-from").contains("10.99.0.1"));
                browser.await(WAIT, d -> destinations(browser).containsAll(List.of(
                        lab.fact("N2_POD2_IP") + ":" + OVERLAY_PORT, lab.fact("N2_POD2_IP") + ":" + TCP_PORT)));
                assertTrue(browser.texts("#streams tr.stream").size() == 2, "one stream per node");
                steady.get();
                browser.await(WAIT, d -> browser.texts("#heatmap .heat-row").size() >= 2
                        && browser.attributes("#heatmap rect.cell", "class").size() >= 8);
                browser.fullPageScreenshot("e2e-live-page-two-nodes");

                // Filtering: by port, then by protocol, then by address.
                WebElement filter = browser.driver().findElement(By.id("flow-filter"));
                filter.sendKeys(":" + ROUTED_PORT);
                browser.await(WAIT, d -> destinations(browser).equals(List.of(routedDst)));
                filter.clear();
                filter.sendKeys("tcp");
                browser.await(WAIT, d -> !browser.texts("#flows tr.flow").isEmpty()
                        && browser.attributes("#flows tr.flow", "data-protocol").stream().allMatch("TCP"::equals));
                assertTrue(destinations(browser).contains(lab.fact("N2_POD2_IP") + ":" + TCP_PORT), "the request direction");
                assertTrue(destinations(browser).stream().anyMatch(d -> d.startsWith(lab.fact("N1_POD1_IP") + ":")),
                        "the reply direction: " + destinations(browser));
                filter.clear();
                filter.sendKeys(lab.fact("N2_POD2_IP") + " udp");
                browser.await(WAIT, d -> destinations(browser).equals(List.of(lab.fact("N2_POD2_IP") + ":" + OVERLAY_PORT)));
                browser.screenshot("e2e-live-page-filtered");
                stop(agent1);
                stop(agent2);
            }
        }
    }

    private static List<String> destinations(Browser browser) {
        return browser.texts("#flows tr.flow .dst");
    }

    /** Each hop chip of a row as "switch in→out" (without the latency, which varies). */
    private static List<String> chipPorts(Browser browser, String row) {
        return browser.texts(row + ".chip").stream()
                .map(chip -> chip.substring(0, chip.indexOf(' ', chip.indexOf(' ') + 1))).toList();
    }

    private static List<String> cells(Browser browser, String css) {
        return browser.cells(css).stream().map(r -> String.join(" ", r)).toList();
    }

    private static void stop(AgentProcess agent) throws Exception {
        assertEquals(AgentProcess.EXIT_AFTER_SIGTERM, agent.stop(), "exit status after SIGTERM");
    }
}
