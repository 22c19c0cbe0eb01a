// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.config;

import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reading one YAML source on SnakeYAML's node tree (not on constructed objects), so that every
 * complaint about a configuration file names the line it is about: {@code FILE:LINE: reason}.
 */
public final class YamlFile {
    /** A problem at a line of a source (line 0: not at a line). */
    public static final class Problem extends SourceProblem {
        Problem(String source, int line, String reason) {
            super(source, line, reason);
        }
    }

    private final String source;

    public YamlFile(String source) {
        this.source = source;
    }

    /** The node tree of the text; null for an empty document. */
    public Node compose(String text) throws Problem {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new Problem(source, line, "YAML syntax: " + oneLine(e.getProblem()));
        } catch (YAMLException e) {
            throw new Problem(source, 0, "YAML syntax: " + oneLine(e.getMessage()));
        }
    }

    private static String oneLine(String text) {
        return text == null ? "malformed" : text.replaceAll("\\s+", " ").strip();
    }

    /** A problem at the line of {@code node}. */
    public Problem problem(Node node, String reason) {
        return problem(line(node), reason);
    }

    /** A problem at a line (0: about the whole source, e.g. it cannot be read). */
    public Problem problem(int line, String reason) {
        return new Problem(source, line, reason);
    }

    public MappingNode mapping(Node node, String problem) throws Problem {
        if (node instanceof MappingNode map) {
            return map;
        }
        throw problem(node, problem);
    }

    /** The mapping's entries, checked for unknown and repeated keys. */
    public List<NodeTuple> keys(MappingNode map, List<String> allowed) throws Problem {
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : map.getValue()) {
            Node k = t.getKeyNode();
            String key = k instanceof ScalarNode s ? s.getValue() : null;
            if (key == null || !allowed.contains(key)) {
                throw problem(k, "unknown key '" + (key == null ? "?" : key) + "' (expected " + String.join(", ", allowed) + ")");
            }
            if (!seen.add(key)) {
                throw problem(k, "duplicate key '" + key + "'");
            }
        }
        return map.getValue();
    }

    /** The key of an entry that {@link #keys} checked. */
    public static String key(NodeTuple entry) {
        return ((ScalarNode) entry.getKeyNode()).getValue();
    }

    /** A single value, parsed; a parser's IllegalArgumentException becomes the problem at its line. */
    public <T> T value(String key, Node node, Function<String, T> parser) throws Problem {
        if (!(node instanceof ScalarNode scalar) || isNull(node)) {
            throw problem(node, "'" + key + "' needs a single value");
        }
        try {
            return parser.apply(scalar.getValue());
        } catch (IllegalArgumentException e) {
            throw problem(node, e.getMessage());
        }
    }

    public static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }

    /** 1-based. */
    public static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
