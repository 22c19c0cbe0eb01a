// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * {@code int-host-reporter topology --deepinsight} as a user runs it, against an HTTP server that
 * answers like an agent: the file it writes, and its bad-input lines (exit 2) and unreachable nodes (exit 1).
 */
class TopologySubcommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWER = """
            {"switch-id": 167903233, "links": [
              {"id": 2, "name": "cali1", "ip-addresses": [], "is-node-iface": false, "routed-addresses": ["10.244.1.11/32"]},
              {"id": 4, "name": "eth1", "ip-addresses": ["10.2.0.1"], "is-node-iface": true, "routed-addresses": ["10.2.0.0/24"]}
            ]}""";

    @TempDir
    Path tmp;
    private HttpServer agent;
    private String url;

    @BeforeEach
    void startAgent() throws Exception {
        agent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        agent.createContext("/api/v1/topology", exchange -> {
            byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        agent.start();
        url = "http://127.0.0.1:" + agent.getAddress().getPort();
    }

    @AfterEach
    void stopAgent() {
        agent.stop(0);
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void writesTheFileFromTheNodesAnswers() throws Exception {
        Path nodes = Files.writeString(tmp.resolve("nodes.txt"), "# the lab\n\ndevice:node1=" + url + "\n");
        Path fabric = Files.writeString(tmp.resolve("fabric.yaml"),
                "switches:\n  - {name: device:leaf1, ip: 10.2.0.254, switchId: 81, ports: [{port: 7, node: device:node1}]}\n");
        Path output = tmp.resolve("topo.json");
        Run run = run("topology", "--deepinsight", "--nodes-file", nodes.toString(), "--fabric", fabric.toString(),
                "-o", output.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.out());
        assertEquals(JSON.readTree("""
                {"switches": [
                   {"name": "device:leaf1", "ip": "10.2.0.254", "deviceType": "legacy", "switchId": 81},
                   {"name": "device:node1", "ip": "10.2.0.1", "deviceType": "legacy", "switchId": 167903233}],
                 "links": [
                   {"node1": "device:leaf1", "node2": "device:node1", "port1": "7", "port2": "4"},
                   {"node1": "device:node1", "node2": "10.244.1.11/32", "port1": "2", "port2": "-1"},
                   {"node1": "device:node1", "node2": "10.2.0.0/24", "port1": "4", "port2": "-1"}],
                 "subnets": [
                   {"name": "10.244.1.11/32", "ip_subnet": "10.244.1.11/32", "subnet_id": 1},
                   {"name": "10.2.0.0/24", "ip_subnet": "10.2.0.0/24", "subnet_id": 2}],
                 "hosts": []}"""), JSON.readTree(Files.readString(output)));
    }

    @Test
    void toStandardOutputWithTheDefaultName() throws Exception {
        Run run = run("topology", "-deepinsight", "-node", url);
        assertEquals(0, run.status(), run.err());
        assertEquals("device:10.2.0.1", JSON.readTree(run.out()).get("switches").get(0).get("name").asText());
    }

    @Test
    void anUnreachableNodeExitsWithStatusOneNamingIt() throws Exception {
        agent.stop(0);
        Run run = run("topology", "--deepinsight", "--node", url, "--timeout", "2s");
        assertEquals(1, run.status(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("int-host-reporter topology: cannot read " + url + "/api/v1/topology"), run.err());
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of(List.of("--node", "http://127.0.0.1:1"), "--deepinsight"),
                Arguments.of(List.of("--deepinsight"), "no node given"),
                Arguments.of(List.of("--deepinsight", "--node", "ftp://x"), "is not an http:// or https:// URL"),
                Arguments.of(List.of("--deepinsight", "--node", "http://x:4048/api/v1/topology"), "without a path"),
                Arguments.of(List.of("--deepinsight", "--nodes-file", "NODES"), "nodes.txt:2: 'bad' is not an http"),
                Arguments.of(List.of("--deepinsight", "--node", "http://127.0.0.1:1", "--fabric", "FABRIC"),
                        "fabric.yaml:2: unknown key 'colour'"),
                Arguments.of(List.of("--deepinsight", "--node", "http://127.0.0.1:1", "--pod-prefix-length", "33"), "not in 1..32"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badInputs")
    void badInputExitsWithStatusTwoAndOneLine(List<String> args, String reason) throws Exception {
        Path nodes = Files.writeString(tmp.resolve("nodes.txt"), "http://127.0.0.1:1\nbad\n");
        Path fabric = Files.writeString(tmp.resolve("fabric.yaml"), "switches:\n  - {name: s, colour: red}\n");
        String[] full = Stream.concat(Stream.of("topology"), args.stream()
                .map(a -> a.replace("NODES", nodes.toString()).replace("FABRIC", fabric.toString()))).toArray(String[]::new);
        Run run = run(full);
        assertAll(
                () -> assertEquals(2, run.status(), run.err()),
                () -> assertEquals(1, run.err().lines().count(), run.err()),
                () -> assertTrue(run.err().startsWith("int-host-reporter topology: "), run.err()),
                () -> assertTrue(run.err().contains(reason), run.err()),
                () -> assertEquals("", run.out()));
    }
}
