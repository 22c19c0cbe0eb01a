// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector;

import net.inthostreporter.testkit.UdpPorts;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.inthostreporter.report.GoldenReports;
import net.inthostreporter.report.Hex;
import picocli.CommandLine;

/** Runs the collector command in-process on 127.0.0.1 and sends it datagrams over a real socket. */
class CollectorCommandTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final LineQueueWriter out = new LineQueueWriter();
    private final LineQueueWriter err = new LineQueueWriter();

    @AfterEach
    void stop() throws Exception {
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    }

    private Future<Integer> start(String... args) {
        CommandLine cmd = new CommandLine(new CollectorCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
        return executor.submit(() -> cmd.execute(args));
    }

    /** A free port, then a collector started on it; ready once the kernel shows the port bound by this JVM. */
    private Future<Integer> startOnFreePort(int[] port, String... args) throws Exception {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port[0] = probe.getLocalPort();
        }
        String[] all = new String[args.length + 2];
        all[0] = "--listen";
        all[1] = "127.0.0.1:" + port[0];
        System.arraycopy(args, 0, all, 2, args.length);
        Future<Integer> exit = start(all);
        UdpPorts.awaitBound(ProcessHandle.current().pid(), port[0], WAIT, () -> !exit.isDone());
        return exit;
    }

    private static void send(int port, byte[]... datagrams) throws Exception {
        try (DatagramChannel sender = DatagramChannel.open()) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            for (byte[] datagram : datagrams) {
                sender.send(ByteBuffer.wrap(datagram), to);
            }
        }
    }

    private static byte[] flowWithSeq(int seq) {
        byte[] report = Hex.bytes(GoldenReports.FLOW_REPORT);
        ByteBuffer.wrap(report).putInt(4, seq);
        return report;
    }

    @Test
    void printsJsonLinesCountsLossAndStopsAfterCount() throws Exception {
        int[] bound = new int[1];
        Future<Integer> exit = startOnFreePort(bound, "--json", "--count", "3");
        int port = bound[0];
        send(port,
                flowWithSeq(12),                                    // hw 5, first of its stream
                "not a report".getBytes(StandardCharsets.US_ASCII), // malformed: warned, not counted
                flowWithSeq(14),                                    // 13 lost
                Hex.bytes(GoldenReports.DROP_REPORT));              // hw 63

        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(out.next(WAIT));
        JsonNode second = json.readTree(out.next(WAIT));
        JsonNode third = json.readTree(out.next(WAIT));
        assertEquals(0, exit.get(WAIT.toSeconds(), TimeUnit.SECONDS));

        assertEquals(List.of(12L, 14L, 4294967295L),
                List.of(first.get("seq_no").asLong(), second.get("seq_no").asLong(), third.get("seq_no").asLong()));
        assertEquals("flow", first.get("type").asText());
        assertEquals("10.0.0.1", first.get("switch_id_dotted").asText());
        assertEquals(23456, first.get("hop_latency_ns").asLong());
        assertEquals("10.244.1.12", first.get("inner").get("dst").asText());
        assertEquals(5201, first.get("inner").get("dst_port").asInt());
        assertEquals("drop", third.get("type").asText());
        assertEquals("acl_deny", third.get("drop_reason_name").asText());

        String warning = err.nextStartingWith("warning: ", WAIT);
        assertTrue(warning.contains("malformed report from 127.0.0.1:"), warning);
        assertTrue(warning.contains("(12 bytes)"), warning);
        String summary = err.nextStartingWith("summary: ", WAIT);
        assertEquals("summary: reports=3 malformed=1 lost=1 streams: "
                + "sw=10.0.0.1 hw=5 received=2 lost=1 duplicates=0 reordered=0; "
                + "sw=10.0.0.1 hw=63 received=1 lost=0 duplicates=0 reordered=0", summary);
        assertEquals(List.of(), out.drain());
    }

    @Test
    void printsTextLines() throws Exception {
        int[] bound = new int[1];
        Future<Integer> exit = startOnFreePort(bound, "--count", "1");
        send(bound[0], Hex.bytes(GoldenReports.DROP_REPORT));
        assertEquals("drop sw=10.0.0.1 hw=63 seq=4294967295 in=65535 out=0 reason=acl_deny(80) "
                + "UDP 10.244.1.11:40000 -> 10.244.1.12:5201 len=46", out.next(WAIT));
        assertEquals(0, exit.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void stopsAfterDurationAndStillPrintsTheSummary() throws Exception {
        long start = System.nanoTime();
        Future<Integer> exit = start("--listen", "127.0.0.1:0", "--duration", "300ms");
        assertEquals(0, exit.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
        assertEquals("summary: reports=0 malformed=0 lost=0 streams: none", err.nextStartingWith("summary: ", WAIT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nonsense", "127.0.0.1", "127.0.0.1:", ":32766", "127.0.0.1:65536",
            "127.0.0.1:-1", "127.0.0.1:http", "::1:32766", "[::1]:x"})
    void badListenIsAUsageErrorNamingTheFlag(String value) {
        StringWriter errText = new StringWriter();
        int status = new CommandLine(new CollectorCommand()).setErr(new PrintWriter(errText))
                .execute("--listen", value);
        assertEquals(2, status);
        assertTrue(errText.toString().contains("--listen"), errText.toString());
        assertTrue(errText.toString().contains(value), errText.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--count=-1", "--duration=0s", "--duration=soon", "--count=x", "--max-flows=0",
        "--max-flows=many", "--http=nohost"})
    void badCountOrDurationIsAUsageError(String arg) {
        StringWriter errText = new StringWriter();
        int status = new CommandLine(new CollectorCommand()).setErr(new PrintWriter(errText)).execute(arg);
        assertEquals(2, status);
        assertTrue(errText.toString().contains(arg.substring(0, arg.indexOf('='))), errText.toString());
    }

    @Test
    void portInUseIsAnErrorNotAStackTrace() throws Exception {
        try (DatagramChannel taken = DatagramChannel.open()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            StringWriter errText = new StringWriter();
            int status = new CommandLine(new CollectorCommand()).setErr(new PrintWriter(errText))
                    .execute("--listen", "127.0.0.1:" + port, "--count", "1");
            assertEquals(1, status);
            assertTrue(errText.toString().startsWith("collector: cannot listen on UDP 127.0.0.1:" + port + ": "),
                    errText.toString());
        }
    }

    @Test
    void httpPortInUseIsAnErrorNotAStackTrace() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StringWriter errText = new StringWriter();
            int status = new CommandLine(new CollectorCommand()).setErr(new PrintWriter(errText))
                    .execute("--listen", "127.0.0.1:0", "--http", "127.0.0.1:" + taken.getLocalPort(), "--count", "1");
            assertEquals(1, status);
            assertTrue(errText.toString().startsWith("collector: cannot listen on HTTP 127.0.0.1:" + taken.getLocalPort() + ": "),
                    errText.toString());
        }
    }

    /** --http serves the model the received reports built while the collector runs; --quiet prints no report line. */
    @Test
    void servesFlowsOverHttpWhileRunning() throws Exception {
        int httpPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            httpPort = probe.getLocalPort();
        }
        int[] bound = new int[1];
        Future<Integer> exit = startOnFreePort(bound, "--http", "127.0.0.1:" + httpPort, "--quiet", "--duration", "3s");
        String http = "http://127.0.0.1:" + httpPort;
        send(bound[0], flowWithSeq(12));
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        JsonNode flows = null;
        for (int i = 0; i < 50 && (flows == null || flows.isEmpty()); i++) {
            try {
                String body = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(http + "/api/v1/flows")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                flows = new ObjectMapper().readTree(body).get("flows");
            } catch (java.net.ConnectException notYet) {
                // the HTTP server is bound after the UDP socket
            }
            Thread.sleep(50);
        }
        assertEquals(1, flows.size(), flows::toString);
        assertEquals("10.0.0.1", flows.get(0).get("hops").get(0).get("switch_id").asText());
        assertEquals(5201, flows.get(0).get("dst_port").asInt());
        assertEquals(0, exit.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(List.of(), out.drain());
    }

    @Test
    void helpListsTheOptions() {
        StringWriter outText = new StringWriter();
        int status = new CommandLine(new CollectorCommand()).setOut(new PrintWriter(outText)).execute("--help");
        assertEquals(0, status);
        for (String option : List.of("--listen", "--json", "--count", "--duration", "0.0.0.0:", "32766", "--http",
                "--max-flows", "--quiet")) {
            assertTrue(outText.toString().contains(option), option);
        }
    }
}
