// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.topology;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import net.inthostreporter.report.AddressText;

/**
 * The topology file DeepInsight reads, in the previous tool's example shape
 * ({@code examples/deepinsight/topo.json}): switches, links, subnets and hosts.
 *
 * <p>Each node is a switch whose ports are its interfaces' ifindexes (the port ids of its
 * reports). A pod interface links to the subnets routed through it, the data interface to the
 * node subnets routed through it; a subnet end of a link has port "-1". Fabric switches, their
 * cables to nodes (ending at the node's data interface) and to hosts come from the fabric file.
 */
@JsonPropertyOrder({"switches", "links", "subnets", "hosts"})
public record DeepInsightTopology(List<Switch> switches, List<Link> links, List<Subnet> subnets, List<Host> hosts) {
    /** The device type of the node switches (and the default of fabric switches): not a P4 target. */
    public static final String LEGACY = "legacy";
    /** The port of a link end that is a subnet or a host. */
    public static final String NO_PORT = "-1";

    @JsonPropertyOrder({"name", "ip", "deviceType", "switchId"})
    public record Switch(String name, String ip, String deviceType, long switchId) {
    }

    @JsonPropertyOrder({"node1", "node2", "port1", "port2"})
    public record Link(String node1, String node2, String port1, String port2) {
    }

    @JsonPropertyOrder({"name", "ip_subnet", "subnet_id"})
    public record Subnet(String name, @JsonProperty("ip_subnet") String ipSubnet, @JsonProperty("subnet_id") int subnetId) {
    }

    @JsonPropertyOrder({"name", "ip"})
    public record Host(String name, String ip) {
    }

    /**
     * Builds the file.
     *
     * @param podPrefixLength when present, IPv4 pod prefixes longer than it are widened to it (e.g.
     *                        26 for Calico's address blocks), so that pods share a subnet
     * @throws IllegalArgumentException when a fabric port names a node that is not among {@code nodes};
     *                                  the message starts with the port's line
     */
    public static DeepInsightTopology build(List<NodeTopology> nodes, Fabric fabric, OptionalInt podPrefixLength) {
        List<Switch> switches = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        Map<String, Subnet> subnets = new LinkedHashMap<>();
        for (Fabric.Switch s : fabric.switches()) {
            switches.add(new Switch(s.name(), s.ip(), s.deviceType(), s.switchId()));
        }
        for (NodeTopology node : nodes) {
            switches.add(new Switch(node.name(), node.ip(), LEGACY, node.switchId()));
        }
        for (Fabric.Switch s : fabric.switches()) {
            for (Fabric.Port port : s.ports()) {
                if (port.host().isPresent()) {
                    links.add(new Link(s.name(), port.host().get(), port.port(), NO_PORT));
                    continue;
                }
                NodeTopology node = nodeNamed(nodes, port.node().orElseThrow(), port.line());
                String nodePort = node.dataInterface().map(l -> Integer.toString(l.id())).orElse(NO_PORT);
                links.add(new Link(s.name(), node.name(), port.port(), nodePort));
            }
        }
        for (NodeTopology node : nodes) {
            for (NodeTopology.Link link : node.links()) {
                Set<String> behind = new LinkedHashSet<>();
                for (String prefix : link.routedAddresses()) {
                    behind.add(link.nodeInterface() ? prefix : widened(prefix, podPrefixLength));
                }
                for (String prefix : behind) {
                    subnets.computeIfAbsent(prefix, p -> new Subnet(p, p, subnets.size() + 1));
                    links.add(new Link(node.name(), prefix, Integer.toString(link.id()), NO_PORT));
                }
            }
        }
        List<Host> hosts = fabric.hosts().stream().map(h -> new Host(h.name(), h.ip())).toList();
        return new DeepInsightTopology(switches, links, List.copyOf(subnets.values()), hosts);
    }

    private static NodeTopology nodeNamed(List<NodeTopology> nodes, String reference, int line) {
        return nodes.stream().filter(n -> n.name().equals(reference) || n.ip().equals(reference)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(line + ": no node '" + reference + "' among those read ("
                        + String.join(", ", nodes.stream().map(n -> n.name() + " " + n.ip()).toList()) + ")"));
    }

    /** "10.244.1.11/32" widened to /26 is "10.244.1.0/26"; IPv6 and shorter prefixes stay. */
    static String widened(String prefix, OptionalInt length) {
        int slash = prefix.indexOf('/');
        if (length.isEmpty() || slash < 0) {
            return prefix;
        }
        try {
            InetAddress address = InetAddress.getByName(prefix.substring(0, slash));
            int current = Integer.parseInt(prefix.substring(slash + 1));
            if (!(address instanceof Inet4Address) || current <= length.getAsInt()) {
                return prefix;
            }
            byte[] bytes = address.getAddress();
            int bits = java.nio.ByteBuffer.wrap(bytes).getInt();
            int mask = length.getAsInt() == 0 ? 0 : -1 << (32 - length.getAsInt());
            java.nio.ByteBuffer.wrap(bytes).putInt(bits & mask);
            return AddressText.of(InetAddress.getByAddress(bytes)) + "/" + length.getAsInt();
        } catch (UnknownHostException | NumberFormatException e) {
            return prefix; // not an address prefix: left as the node wrote it
        }
    }
}
