// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import net.inthostreporter.config.YamlFile;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a watchlist file. The previous tool's format is accepted unchanged:
 * <pre>
 * rules:
 *   - protocol: "UDP"            # TCP, UDP, ICMP or any (any case); absent: any
 *     src-addr: "10.0.0.0/8"     # IPv4 or IPv6 CIDR; absent: any address
 *     dst-addr: "10.0.0.1/32"
 *     dst-port: "1000-2000"      # a port or a range, TCP/UDP only; absent: any port
 * exclude:                       # optional, same shape, wins over rules
 *   - protocol: TCP
 *     dst-port: 6443
 * </pre>
 * Works on SnakeYAML's node tree (not on constructed objects) so that every complaint names
 * the line it is about.
 */
public final class WatchlistParser {
    private static final String RULES = "rules";
    private static final String EXCLUDE = "exclude";
    private static final List<String> TOP_KEYS = List.of(RULES, EXCLUDE);
    private static final List<String> ENTRY_KEYS = List.of("protocol", "src-addr", "dst-addr", "src-port", "dst-port");

    private WatchlistParser() {
    }

    /** Reads and parses a file; every problem is a {@link WatchlistException} naming the file and line. */
    public static Watchlist parse(Path file) throws WatchlistException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            throw new WatchlistException(file.toString(), 0, "cannot read: " + e);
        }
        return parse(content, file.toString());
    }

    /** Parses the bytes of a watchlist file, which must be UTF-8 text. */
    public static Watchlist parse(byte[] content, String source) throws WatchlistException {
        return parse(decode(content, source), source);
    }

    /**
     * The file's text; bytes that are not UTF-8 are refused with their offset, so that an operator
     * can find them (a decoder exception names no position).
     */
    static String decode(byte[] content, String source) throws WatchlistException {
        ByteBuffer in = ByteBuffer.wrap(content);
        CharBuffer out = CharBuffer.allocate(content.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            throw new WatchlistException(source, 0, String.format(
                    "is not UTF-8 text: the byte 0x%02x at offset %d does not fit", content[offset] & 0xff, offset));
        }
        return out.flip().toString();
    }

    /** Parses watchlist text; {@code source} names it in messages. */
    public static Watchlist parse(String text, String source) throws WatchlistException {
        return new Reading(source).watchlist(compose(text, source));
    }

    private static Node compose(String text, String source) throws WatchlistException {
        try {
            return new YamlFile(source).compose(text);
        } catch (YamlFile.Problem p) {
            throw converted(p);
        }
    }

    private static WatchlistException converted(YamlFile.Problem p) {
        return new WatchlistException(p.source(), p.line(), p.reason());
    }

    /** One parse of one source: turns node problems into exceptions naming the source. */
    private record Reading(String source) {
        Watchlist watchlist(Node root) throws WatchlistException {
            if (root == null) {
                throw new WatchlistException(source, 1, "empty file: expected a 'rules:' list (write 'rules: []' to report nothing)");
            }
            MappingNode top = mapping(root, "the file must be a mapping with 'rules:' (and optionally 'exclude:')");
            List<WatchRule> rules = null;
            List<WatchRule> excludes = List.of();
            for (NodeTuple t : keys(top, TOP_KEYS)) {
                String key = ((ScalarNode) t.getKeyNode()).getValue();
                if (key.equals(RULES)) {
                    rules = entries(t.getValueNode(), "rule", Watchlist.MAX_RULES, "too many rules");
                } else {
                    excludes = entries(t.getValueNode(), "exclude", Watchlist.MAX_EXCLUDES, "too many excludes");
                }
            }
            if (rules == null) {
                throw new WatchlistException(source, line(root), "no 'rules:' list (write 'rules: []' to report nothing)");
            }
            return Watchlist.of(rules, excludes);
        }

        private List<WatchRule> entries(Node node, String what, int max, String tooMany) throws WatchlistException {
            if (isNull(node)) {
                return List.of();
            }
            if (!(node instanceof SequenceNode list)) {
                throw new WatchlistException(source, line(node), "'" + what + (what.equals("rule") ? "s" : "")
                        + ":' must be a list of entries");
            }
            List<WatchRule> result = new ArrayList<>();
            for (Node entry : list.getValue()) {
                if (result.size() == max) {
                    throw new WatchlistException(source, line(entry), tooMany + ": " + list.getValue().size()
                            + " (at most " + max + ")");
                }
                result.add(entry(entry, what));
            }
            return result;
        }

        private WatchRule entry(Node node, String what) throws WatchlistException {
            MappingNode map = mapping(node, "a " + what + " must be a mapping of " + String.join(", ", ENTRY_KEYS));
            Protocol protocol = Protocol.ANY;
            Optional<Cidr> src = Optional.empty();
            Optional<Cidr> dst = Optional.empty();
            Optional<PortRange> srcPort = Optional.empty();
            Optional<PortRange> dstPort = Optional.empty();
            for (NodeTuple t : keys(map, ENTRY_KEYS)) {
                String key = ((ScalarNode) t.getKeyNode()).getValue();
                Node value = t.getValueNode();
                switch (key) {
                    case "protocol" -> protocol = value(key, value, Protocol::parse);
                    case "src-addr" -> src = Optional.of(value(key, value, Cidr::parse));
                    case "dst-addr" -> dst = Optional.of(value(key, value, Cidr::parse));
                    case "src-port" -> srcPort = Optional.of(value(key, value, PortRange::parse));
                    default -> dstPort = Optional.of(value(key, value, PortRange::parse));
                }
            }
            try {
                return new WatchRule(protocol, src, dst, srcPort, dstPort, line(node));
            } catch (IllegalArgumentException e) {
                throw new WatchlistException(source, line(node), e.getMessage());
            }
        }

        private <T> T value(String key, Node node, Function<String, T> parser) throws WatchlistException {
            try {
                return new YamlFile(source).value(key, node, parser);
            } catch (YamlFile.Problem p) {
                throw converted(p);
            }
        }

        private List<NodeTuple> keys(MappingNode map, List<String> allowed) throws WatchlistException {
            try {
                return new YamlFile(source).keys(map, allowed);
            } catch (YamlFile.Problem p) {
                throw converted(p);
            }
        }

        private MappingNode mapping(Node node, String problem) throws WatchlistException {
            try {
                return new YamlFile(source).mapping(node, problem);
            } catch (YamlFile.Problem p) {
                throw converted(p);
            }
        }

        private static boolean isNull(Node node) {
            return YamlFile.isNull(node);
        }

        private static int line(Node node) {
            return YamlFile.line(node);
        }
    }
}
