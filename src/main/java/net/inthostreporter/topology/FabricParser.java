// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.topology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

import net.inthostreporter.config.YamlFile;
import net.inthostreporter.report.SwitchId;

/**
 * Reads the fabric file:
 * <pre>
 * switches:
 *   - name: device:leaf1          # required, unique
 *     ip: 192.168.0.1             # required
 *     switchId: 81                # required: a 32-bit number or an IPv4 address
 *     deviceType: legacy          # optional, default legacy
 *     ports:
 *       - {port: 292, node: 192.168.99.20}   # a node, by its switch name or IP
 *       - {port: 284, host: server1}         # a host listed below
 * hosts:
 *   - {name: server1, ip: 192.168.99.3}
 * </pre>
 * Every problem is one {@code FILE:LINE: reason}.
 */
public final class FabricParser {
    private static final List<String> TOP_KEYS = List.of("switches", "hosts");
    private static final List<String> SWITCH_KEYS = List.of("name", "ip", "switchId", "deviceType", "ports");
    private static final List<String> PORT_KEYS = List.of("port", "node", "host");
    private static final List<String> HOST_KEYS = List.of("name", "ip");

    private final YamlFile yaml;

    private FabricParser(String source) {
        this.yaml = new YamlFile(source);
    }

    public static Fabric parse(Path file) throws YamlFile.Problem {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new YamlFile(file.toString()).problem(0, "cannot read: " + e);
        }
        return parse(text, file.toString());
    }

    public static Fabric parse(String text, String source) throws YamlFile.Problem {
        return new FabricParser(source).fabric(text);
    }

    private Fabric fabric(String text) throws YamlFile.Problem {
        Node root = yaml.compose(text);
        if (root == null) {
            return Fabric.NONE;
        }
        MappingNode top = yaml.mapping(root, "the file must be a mapping with 'switches:' and optionally 'hosts:'");
        List<Fabric.Switch> switches = new ArrayList<>();
        List<Fabric.Host> hosts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (NodeTuple t : yaml.keys(top, TOP_KEYS)) {
            for (Node entry : list(t.getValueNode(), YamlFile.key(t))) {
                if (YamlFile.key(t).equals("switches")) {
                    switches.add(fabricSwitch(entry, names));
                } else {
                    hosts.add(host(entry, names));
                }
            }
        }
        Set<String> hostNames = new HashSet<>();
        hosts.forEach(h -> hostNames.add(h.name()));
        for (Fabric.Switch s : switches) {
            for (Fabric.Port p : s.ports()) {
                if (p.host().isPresent() && !hostNames.contains(p.host().get())) {
                    throw yaml.problem(p.line(), "no host '" + p.host().get() + "' under 'hosts:'");
                }
            }
        }
        return new Fabric(switches, hosts);
    }

    private List<Node> list(Node node, String key) throws YamlFile.Problem {
        if (YamlFile.isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            throw yaml.problem(node, "'" + key + ":' must be a list");
        }
        return sequence.getValue();
    }

    private Fabric.Switch fabricSwitch(Node node, Set<String> names) throws YamlFile.Problem {
        MappingNode map = yaml.mapping(node, "a switch must be a mapping of " + String.join(", ", SWITCH_KEYS));
        String name = null;
        String ip = null;
        Long switchId = null;
        String deviceType = "legacy";
        List<Fabric.Port> ports = new ArrayList<>();
        for (NodeTuple t : yaml.keys(map, SWITCH_KEYS)) {
            String key = YamlFile.key(t);
            Node value = t.getValueNode();
            switch (key) {
                case "name" -> name = yaml.value(key, value, FabricParser::nonEmpty);
                case "ip" -> ip = yaml.value(key, value, FabricParser::ipv4);
                case "switchId" -> switchId = yaml.value(key, value, v -> Integer.toUnsignedLong(SwitchId.parse(v)));
                case "deviceType" -> deviceType = yaml.value(key, value, FabricParser::nonEmpty);
                default -> {
                    for (Node port : list(value, key)) {
                        ports.add(port(port));
                    }
                }
            }
        }
        require(node, name, "name");
        require(node, ip, "ip");
        require(node, switchId, "switchId");
        if (!names.add(name)) {
            throw yaml.problem(node, "a second switch or host named '" + name + "'");
        }
        return new Fabric.Switch(name, ip, deviceType, switchId, ports);
    }

    private Fabric.Port port(Node node) throws YamlFile.Problem {
        MappingNode map = yaml.mapping(node, "a port must be a mapping of port and node or host");
        String port = null;
        Optional<String> peerNode = Optional.empty();
        Optional<String> host = Optional.empty();
        for (NodeTuple t : yaml.keys(map, PORT_KEYS)) {
            String key = YamlFile.key(t);
            switch (key) {
                case "port" -> port = yaml.value(key, t.getValueNode(), FabricParser::portNumber);
                case "node" -> peerNode = Optional.of(yaml.value(key, t.getValueNode(), FabricParser::nonEmpty));
                default -> host = Optional.of(yaml.value(key, t.getValueNode(), FabricParser::nonEmpty));
            }
        }
        require(node, port, "port");
        if (peerNode.isPresent() == host.isPresent()) {
            throw yaml.problem(node, "a port needs exactly one of 'node' and 'host'");
        }
        return new Fabric.Port(port, peerNode, host, YamlFile.line(node));
    }

    private Fabric.Host host(Node node, Set<String> names) throws YamlFile.Problem {
        MappingNode map = yaml.mapping(node, "a host must be a mapping of name and ip");
        String name = null;
        String ip = null;
        for (NodeTuple t : yaml.keys(map, HOST_KEYS)) {
            String key = YamlFile.key(t);
            if (key.equals("name")) {
                name = yaml.value(key, t.getValueNode(), FabricParser::nonEmpty);
            } else {
                ip = yaml.value(key, t.getValueNode(), FabricParser::ipv4);
            }
        }
        require(node, name, "name");
        require(node, ip, "ip");
        if (!names.add(name)) {
            throw yaml.problem(node, "a second switch or host named '" + name + "'");
        }
        return new Fabric.Host(name, ip);
    }

    private void require(Node node, Object value, String key) throws YamlFile.Problem {
        if (value == null) {
            throw yaml.problem(node, "'" + key + "' is missing");
        }
    }

    private static String nonEmpty(String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("an empty value");
        }
        return value;
    }

    private static String ipv4(String value) {
        if (value.indexOf('.') < 0) {
            throw new IllegalArgumentException("'" + value + "' is not an IPv4 address a.b.c.d");
        }
        SwitchId.parse(value); // checks the dotted quad
        return value;
    }

    private static String portNumber(String value) {
        try {
            long port = Long.parseLong(value);
            if (port >= 0 && port <= 0xffff_ffffL) {
                return Long.toString(port);
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("port '" + value + "' is not a number in 0..4294967295");
    }
}
