// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.web;

import static net.inthostreporter.collector.web.Pictures.drop;
import static net.inthostreporter.collector.web.Pictures.flow;
import static net.inthostreporter.collector.web.Pictures.hop;
import static net.inthostreporter.collector.web.Pictures.link;
import static net.inthostreporter.collector.web.Pictures.picture;
import static net.inthostreporter.collector.web.Pictures.sender;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import net.inthostreporter.testkit.Browser;

/**
 * The live page in headless chromium against its real handlers, fed hand-written collector
 * pictures: what each view shows, that updates arrive without a reload, sorting, filtering, the
 * empty state, and that the page asks nothing of any other origin.
 */
class LivePageIT {
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String LISTEN = "10.0.0.5:32766";
    private static final String NODE1 = "10.99.0.1";
    private static final String NODE2 = "10.99.0.2";
    private static Browser browser;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start(1400, 1000);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void saysWhereToPointTheAgentWhenNoReportsCame() throws Exception {
        try (PageServer server = new PageServer(Pictures.empty(LISTEN), INTERVAL)) {
            browser.open(server.url());
            WebElement empty = browser.await(WAIT, d -> {
                WebElement e = d.findElement(By.id("empty-state"));
                return e.isDisplayed() && e.getText().contains(LISTEN) ? e : null;
            });
            assertTrue(empty.getText().contains("No reports yet — is the agent's --collector pointing here?"), empty.getText());
            assertEquals("live", browser.driver().findElement(By.id("status")).getDomAttribute("data-state"));
            assertEquals("No flows yet.", browser.driver().findElement(By.id("flows-none")).getText());
            assertEquals("No drops reported.", browser.driver().findElement(By.id("drops-none")).getText());
            browser.screenshot("live-page-empty");
        }
    }

    @Test
    void showsFlowsPathsDropsAndLossAndUpdatesWithoutReload() throws Exception {
        try (PageServer server = new PageServer(Pictures.empty(LISTEN), INTERVAL)) {
            browser.open(server.url());
            browser.await(WAIT, d -> d.findElement(By.id("empty-state")).isDisplayed());
            browser.script("window.loadedOnce = 'yes'");

            // Node 2's histogram grows by 3 reports ≤ 25 µs and 1 report ≤ 250 µs per picture.
            java.util.concurrent.atomic.AtomicLong pictures = new java.util.concurrent.atomic.AtomicLong();
            server.show(() -> {
                long n = pictures.incrementAndGet();
                return Pictures.withHistogram(twoNodePicture(System.currentTimeMillis()), NODE2,
                        new long[] {0, 0, 0, 0, 3 * n, 0, 0, n, 0, 0, 0, 0, 0, 0, 0, 0});
            });
            long shownAfter = waitForRows(3);
            assertTrue(shownAfter < 2000, "rows appeared after " + shownAfter + " ms");
            assertEquals("yes", browser.script("return window.loadedOnce"), "the page was not reloaded");
            assertFalse(browser.driver().findElement(By.id("empty-state")).isDisplayed());

            // The page redraws on every event: read what it shows in one script call each.
            String tcp = "#flows tr.flow[data-protocol=TCP] ";
            assertEquals(List.of("10.244.1.11:40000"), texts(tcp + ".src"));
            assertEquals(List.of("10.244.2.21:80"), texts(tcp + ".dst"));
            assertEquals(List.of("10.99.0.1 3→2 4.0 µs / 9.5 µs", "10.99.0.2 2→5 12.0 µs / 40.0 µs"), texts(tcp + ".chip"));
            assertEquals(List.of("16.0 µs"), texts(tcp + ".p50"), "4 µs + 12 µs");
            assertEquals(List.of("49.5 µs"), texts(tcp + ".p99"), "9.5 µs + 40 µs");

            assertEquals("3", text("stat-flows"));
            assertEquals("1,234", text("stat-received"));
            assertEquals("7", text("stat-lost"));
            assertEquals("12", text("stat-drops"));
            assertEquals("2", text("stat-senders"));

            assertEquals(List.of(List.of("10.99.0.1", "0", "234", "0", "0.0 %"), List.of("10.99.0.2", "0", "1,000", "7", "0.7 %")),
                    cells("#streams tr.stream"));
            List<List<String>> drops = cells("#drops tr.drop");
            assertEquals(2, drops.size());
            assertEquals(List.of("10.99.0.2", "2", "ACL deny", "10", "UDP 10.244.1.11:5000 → 10.244.2.21:7777"), drops.get(0));
            assertEquals(List.of("10.99.0.1", "3", "IP TTL expired", "2", "UDP 10.244.1.12:6000 → 10.244.1.13:53"), drops.get(1));
            assertEquals(List.of("ACL deny", "IP TTL expired"), texts("#drop-reasons .reason"));

            assertEquals(List.of(NODE1, NODE2), attributes("#topology .node", "data-switch"));
            assertEquals(List.of(NODE1 + ">" + NODE2 + ": port 2 → port 2", NODE2 + ">" + NODE1 + ": port 2 → port 2"), browser.script(
                    "return [...document.querySelectorAll('#topology .link-group')]"
                            + ".map(g => g.dataset.from + '>' + g.dataset.to + ': ' + g.textContent)"));
            assertEquals(List.of("10.99.0.1 3→2", "10.99.0.2 2→5"), attributes("#heatmap .heat-row", "data-hop"),
                    "one row per hop (switch, ingress→egress) of the flows seen in the last 3 s (not the DNS flow)");
            browser.await(WAIT, d -> d.findElements(By.cssSelector("#heatmap rect.cell")).size() >= 4);
            browser.await(WAIT, d -> browser.attributes("#heatmap .hist-cell", "class").size() >= 4);
            assertEquals(List.of(NODE2), browser.attributes("#heatmap .hist-block", "data-switch"), "only node 2 counted reports");
            List<String> cellTitles = browser.texts("#heatmap .hist-cell title");
            assertTrue(cellTitles.stream().anyMatch(t -> t.startsWith(NODE2 + " ≤ 25.0 µs: ")), cellTitles.toString());
            assertTrue(cellTitles.stream().anyMatch(t -> t.startsWith(NODE2 + " ≤ 250 µs: ")), cellTitles.toString());
            assertTrue(cellTitles.stream().allMatch(t -> t.contains("≤ 25.0 µs") || t.contains("≤ 250 µs")), cellTitles.toString());
            assertEquals(List.of("≤ 250 µs", "≤ 50.0 µs"), browser.texts("#heatmap .hist-block text.axis"),
                    "buckets 25 µs … 250 µs drawn, every other one labelled, slowest on top");
            browser.fullPageScreenshot("live-page-two-nodes");

            // A new flow later appears in place, still without a reload.
            Map<String, Object> later = twoNodePicture(System.currentTimeMillis());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> flows = (List<Map<String, Object>>) ((Map<String, Object>) later.get("flows")).get("flows");
            flows.add(flow("ICMP", "10.244.1.12", 0, "10.244.2.22", 0, System.currentTimeMillis(), hop(NODE1, 4, 2, 3000, 3500, 2)));
            ((Map<String, Object>) later).put("flows", Map.of("flows", flows));
            server.show(later);
            waitForRows(4);
            assertEquals("yes", browser.script("return window.loadedOnce"));
            assertEquals(List.of("10.244.2.22"), texts("#flows tr.flow[data-protocol=ICMP] .dst"), "ICMP has no ports");
        }
    }

    @Test
    void saysSoWhenTheCollectorGoesAway() throws Exception {
        PageServer server = new PageServer(Pictures.empty(LISTEN), INTERVAL);
        try {
            browser.open(server.url());
            browser.await(WAIT, d -> "live".equals(browser.attributes("#status", "data-state").getFirst()));
        } finally {
            server.close();
        }
        browser.await(WAIT, d -> "down".equals(browser.attributes("#status", "data-state").getFirst()));
        String status = browser.text("status");
        assertTrue(status.equals("reconnecting…") || status.equals("disconnected") || status.startsWith("no update for"), status);
    }

    @Test
    void filtersAndSortsTheFlows() throws Exception {
        try (PageServer server = new PageServer(twoNodePicture(System.currentTimeMillis()), INTERVAL)) {
            browser.open(server.url());
            waitForRows(3);
            WebElement filter = browser.driver().findElement(By.id("flow-filter"));

            filter.sendKeys("udp");
            assertEquals(List.of("10.244.2.21:7777", "10.244.1.13:53"), awaitDestinations(2));
            filter.clear();
            filter.sendKeys(":53");
            assertEquals(List.of("10.244.1.13:53"), awaitDestinations(1));
            filter.clear();
            filter.sendKeys("10.244.2.21 tcp");
            assertEquals(List.of("10.244.2.21:80"), awaitDestinations(1));
            assertEquals("1 of 3 flows", text("flow-count"));
            filter.clear();
            filter.sendKeys("10.1.1.1");
            awaitDestinations(0);
            assertEquals("No flow matches the filter.", text("flows-none"));
            filter.clear();
            filter.sendKeys(" ");
            new Select(browser.driver().findElement(By.id("protocol-filter"))).selectByValue("TCP");
            assertEquals(List.of("10.244.2.21:80"), awaitDestinations(1));
            new Select(browser.driver().findElement(By.id("protocol-filter"))).selectByValue("");
            filter.clear();
            awaitDestinations(3);

            // Sorting by the path's p99: descending first, a second click ascending.
            WebElement p99 = browser.driver().findElement(By.cssSelector("#flows th[data-sort=p99]"));
            p99.click();
            assertEquals("descending", p99.getDomAttribute("aria-sort"));
            assertEquals(List.of("49.5 µs", "20.0 µs", "2.0 µs"), texts("#flows tr.flow .p99"));
            p99.click();
            assertEquals("ascending", p99.getDomAttribute("aria-sort"));
            assertEquals(List.of("2.0 µs", "20.0 µs", "49.5 µs"), texts("#flows tr.flow .p99"));
            browser.driver().findElement(By.cssSelector("#flows th[data-sort=dst]")).click();
            assertEquals(List.of("10.244.1.13:53", "10.244.2.21:80", "10.244.2.21:7777"), texts("#flows tr.flow .dst"));
            filter.sendKeys("udp");
            awaitDestinations(2);
            browser.screenshot("live-page-filtered");
        }
    }

    @Test
    void servesOnlyItsOwnFilesAndLoadsNothingFromElsewhere() throws Exception {
        try (PageServer server = new PageServer(Pictures.empty(LISTEN), INTERVAL)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.url())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().startsWith("default-src 'self'"));
            for (String missing : List.of("x.js", "../pom.xml", "net/inthostreporter/collector/web/app.js", "META-INF/MANIFEST.MF")) {
                int status = http.send(HttpRequest.newBuilder(URI.create(server.url() + missing)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                assertEquals(404, status, missing);
            }
            browser.open(server.url());
            browser.await(WAIT, d -> d.findElement(By.id("empty-state")).isDisplayed());
            @SuppressWarnings("unchecked")
            List<String> resources = (List<String>) browser.script(
                    "return performance.getEntriesByType('resource').map(e => e.name)");
            assertTrue(resources.size() >= 3, "page, styles, script and event stream: " + resources);
            for (String resource : resources) {
                assertTrue(resource.startsWith(server.url()), "loaded from elsewhere: " + resource);
            }
        }
    }

    /** Two nodes (the flow pod1 → node-2 pod crosses both), one local flow, two drops, a link each way. */
    private static Map<String, Object> twoNodePicture(long now) {
        var tcp = flow("TCP", "10.244.1.11", 40000, "10.244.2.21", 80, now - 300,
                hop(NODE1, 3, 2, 4000, 9500, 20), hop(NODE2, 2, 5, 12000, 40000, 20));
        var udp = flow("UDP", "10.244.1.11", 5000, "10.244.2.21", 7777, now - 500, hop(NODE1, 3, 2, 5000, 20000, 4));
        var dns = flow("UDP", "10.244.1.12", 6000, "10.244.1.13", 53, now - 8000, hop(NODE1, 4, 6, 1500, 2000, 3));
        var drops = List.of(
                drop(NODE2, 2, 80, "acl_deny", 10, List.of(udp)),
                drop(NODE1, 3, 26, "ip_ttl_zero", 2, List.of(dns)));
        var streams = List.of(sender(NODE1, 234, 0), sender(NODE2, 1000, 7));
        return picture(LISTEN, new java.util.ArrayList<>(List.of(tcp, udp, dns)), drops, streams,
                List.of(link(NODE1, 2, NODE2, 2), link(NODE2, 2, NODE1, 2)), 1234);
    }

    private static long waitForRows(int rows) {
        long start = System.nanoTime();
        browser.await(WAIT, d -> d.findElements(By.cssSelector("#flows tr.flow")).size() == rows);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static List<String> awaitDestinations(int rows) {
        browser.await(WAIT, d -> d.findElements(By.cssSelector("#flows tr.flow")).size() == rows);
        return texts("#flows tr.flow .dst");
    }

    private static String text(String id) {
        return browser.text(id);
    }

    private static List<String> texts(String css) {
        return browser.texts(css);
    }

    private static List<String> attributes(String css, String attribute) {
        return browser.attributes(css, attribute);
    }

    private static List<List<String>> cells(String css) {
        return browser.cells(css);
    }
}
