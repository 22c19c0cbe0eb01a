// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WatchlistParserTest {
    /**
     * configs/watchlist.yaml of opennetworkinglab/int-host-reporter (commit 0b3e6dfc), byte for
     * byte: the previous tool's sample must keep loading.
     */
    @Test
    void previousToolSampleLoadsUnchanged() throws Exception {
        Path sample = resource("/watchlist/previous-tool-sample.yaml");
        Watchlist w = WatchlistParser.parse(sample);
        assertEquals(5, w.rules().size());
        assertTrue(w.excludes().isEmpty());
        WatchRule first = w.rules().get(0);
        assertEquals(Protocol.UDP, first.protocol());
        assertEquals(Cidr.parse("192.168.99.50/32"), first.srcAddr().orElseThrow());
        assertEquals(Cidr.parse("192.168.99.20/32"), first.dstAddr().orElseThrow());
        assertEquals(Optional.empty(), first.dstPort());
        assertEquals(4, first.line());
        WatchRule fourth = w.rules().get(3);
        assertEquals(Protocol.TCP, fourth.protocol());
        assertEquals("10.68.235.0/24", fourth.srcAddr().orElseThrow().toString());
        assertEquals(13, fourth.line());
    }

    @Test
    void extendedFormat() throws Exception {
        Watchlist w = WatchlistParser.parse("""
                rules:
                  - protocol: icmp
                    dst-addr: fd00:10::/64
                  - protocol: Any
                  - protocol: tcp
                    src-addr: 10.0.0.7/8
                    dst-port: "1000-2000"
                    src-port: 53
                exclude:
                  - protocol: TCP
                    dst-port: 6443
                """, "w.yaml");
        assertEquals(3, w.rules().size());
        assertEquals(Protocol.ICMP, w.rules().get(0).protocol());
        assertEquals(6, w.rules().get(0).ipVersion());
        assertEquals("fd00:10:0:0:0:0:0:0/64", w.rules().get(0).dstAddr().orElseThrow().toString());
        assertEquals(0, w.rules().get(1).ipVersion(), "no address: both families");
        assertEquals("10.0.0.0/8", w.rules().get(2).srcAddr().orElseThrow().toString(), "host bits cleared");
        assertEquals(new PortRange(1000, 2000), w.rules().get(2).dstPort().orElseThrow());
        assertEquals(new PortRange(53, 53), w.rules().get(2).srcPort().orElseThrow());
        assertEquals(new PortRange(6443, 6443), w.excludes().get(0).dstPort().orElseThrow());
    }

    @Test
    void emptyRulesMeanNothing() throws Exception {
        assertTrue(WatchlistParser.parse("rules: []\n", "w.yaml").rules().isEmpty());
        assertTrue(WatchlistParser.parse("rules:\n", "w.yaml").rules().isEmpty());
    }

    @Test
    void maximumRulesAccepted() throws Exception {
        assertEquals(Watchlist.MAX_RULES, WatchlistParser.parse(rulesText(Watchlist.MAX_RULES), "w.yaml").rules().size());
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("rules:\n  - protocol: TCP\n   src-addr: 10.0.0.0/8\n",
                        "w.yaml:3: YAML syntax: expected <block end>, but found '<block mapping start>'"),
                Arguments.of("rules:\n  - protocol: TCP\n    src-addr: 10.0.0.300/8\n",
                        "w.yaml:3: bad CIDR '10.0.0.300/8': not an IPv4 or IPv6 address"),
                Arguments.of("rules:\n  - protocol: TCP\n    src-addr: 10.0.0.0/33\n",
                        "w.yaml:3: bad CIDR '10.0.0.0/33': prefix length must be 0..32"),
                Arguments.of("rules:\n  - protocol: TCP\n    dst-addr: example.com/32\n",
                        "w.yaml:3: bad CIDR 'example.com/32': not an IPv4 or IPv6 address"),
                Arguments.of("rules:\n  - protocol: SCTP\n",
                        "w.yaml:2: unknown protocol 'SCTP' (expected TCP, UDP, ICMP or any)"),
                Arguments.of("rules:\n  - protocol: TCP\n    dst-port: 70000\n",
                        "w.yaml:3: port out of range 1..65535: 70000"),
                Arguments.of("rules:\n  - protocol: UDP\n    src-port: \"0-10\"\n",
                        "w.yaml:3: port out of range 1..65535: 0-10"),
                Arguments.of("rules:\n  - protocol: UDP\n    dst-port: 2000-1000\n",
                        "w.yaml:3: inverted port range 2000-1000"),
                Arguments.of("rules:\n  - protocol: UDP\n    dst-port: http\n",
                        "w.yaml:3: bad port 'http': expected a number or a range like 1000-2000"),
                Arguments.of("rules:\n  - protocol: ICMP\n    dst-port: 53\n",
                        "w.yaml:2: src-port/dst-port need protocol TCP or UDP, not ICMP"),
                Arguments.of("rules:\n  - protocol: TCP\n    src_addr: 10.0.0.0/8\n",
                        "w.yaml:3: unknown key 'src_addr' (expected protocol, src-addr, dst-addr, src-port, dst-port)"),
                Arguments.of("rule:\n  - protocol: TCP\n",
                        "w.yaml:1: unknown key 'rule' (expected rules, exclude)"),
                Arguments.of("rules:\n  - protocol: TCP\n    protocol: UDP\n",
                        "w.yaml:3: duplicate key 'protocol'"),
                Arguments.of("rules:\n  - protocol: TCP\n    src-addr: 10.0.0.0/8\n    dst-addr: fd00::/8\n",
                        "w.yaml:2: src-addr 10.0.0.0/8 and dst-addr fd00:0:0:0:0:0:0:0/8 are of different address families"),
                Arguments.of("exclude: []\n",
                        "w.yaml:1: no 'rules:' list (write 'rules: []' to report nothing)"),
                Arguments.of("",
                        "w.yaml:1: empty file: expected a 'rules:' list (write 'rules: []' to report nothing)"),
                Arguments.of("rules: TCP\n",
                        "w.yaml:1: 'rules:' must be a list of entries"),
                Arguments.of("rules:\n  - TCP\n",
                        "w.yaml:2: a rule must be a mapping of protocol, src-addr, dst-addr, src-port, dst-port"),
                Arguments.of("rules:\n  - protocol: [TCP, UDP]\n",
                        "w.yaml:2: 'protocol' needs a single value"),
                Arguments.of(rulesText(Watchlist.MAX_RULES + 1),
                        "w.yaml:" + (2 + Watchlist.MAX_RULES) + ": too many rules: 129 (at most 128)"),
                Arguments.of("rules: []\nexclude:\n" + IntStream.range(0, 129).mapToObj(i -> "  - dst-port: 1\n    protocol: TCP\n")
                                .collect(Collectors.joining()),
                        "w.yaml:" + (3 + 2 * 128) + ": too many excludes: 129 (at most 128)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badFiles")
    void badFileNamesLineAndReason(String text, String expected) {
        WatchlistException e = assertThrows(WatchlistException.class, () -> WatchlistParser.parse(text, "w.yaml"));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void unreadableFile() {
        WatchlistException e = assertThrows(WatchlistException.class,
                () -> WatchlistParser.parse(Path.of("/nonexistent/watchlist.yaml")));
        assertEquals(0, e.line());
        assertTrue(e.getMessage().startsWith("/nonexistent/watchlist.yaml: cannot read: "), e.getMessage());
    }

    @Test
    void fileThatIsNotUtf8IsRefusedWithTheByteOffset(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // "rules:\n  - protocol: UDP # caf" then Latin-1 é (0xE9) at offset 7 + 23 = 30, then "\n"
        byte[] prefix = "rules:\n  - protocol: UDP # caf".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] content = java.util.Arrays.copyOf(prefix, prefix.length + 2);
        content[prefix.length] = (byte) 0xE9;
        content[prefix.length + 1] = '\n';
        Path file = dir.resolve("latin1.yaml");
        java.nio.file.Files.write(file, content);
        WatchlistException e = assertThrows(WatchlistException.class, () -> WatchlistParser.parse(file));
        assertEquals(file + ": is not UTF-8 text: the byte 0xe9 at offset 30 does not fit", e.getMessage());
    }

    private static String rulesText(int count) {
        return "rules:\n" + IntStream.range(0, count).mapToObj(i -> "  - {protocol: UDP, dst-addr: 10.0.0." + (i % 256) + "/32}\n")
                .collect(Collectors.joining());
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(List.of(WatchlistParserTest.class.getResource(name)).getFirst().toURI());
    }
}
