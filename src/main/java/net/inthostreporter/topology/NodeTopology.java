// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.inthostreporter.report.SwitchId;

/**
 * One node's answer to {@code GET /api/v1/topology}: its INT switch id and its interfaces.
 *
 * @param name     the switch name to give the node in the generated file
 * @param switchId the node's INT switch id (unsigned 32 bits)
 */
public record NodeTopology(String name, long switchId, List<Link> links) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One interface of the node.
     *
     * @param id              its ifindex: the INT port id in the node's reports
     * @param routedAddresses the prefixes the node routes out of it (pods behind a veth, the node subnet)
     */
    public record Link(int id, String name, List<String> ipAddresses, boolean nodeInterface, List<String> routedAddresses) {
        public Link {
            ipAddresses = List.copyOf(ipAddresses);
            routedAddresses = List.copyOf(routedAddresses);
        }
    }

    public NodeTopology {
        links = List.copyOf(links);
    }

    /** The data interface ("is-node-iface"), if the node listed one. */
    public Optional<Link> dataInterface() {
        return links.stream().filter(Link::nodeInterface).findFirst();
    }

    /** The node's address: the first IPv4 address of its data interface, else its switch id as an IPv4 address. */
    public String ip() {
        return dataInterface().flatMap(l -> l.ipAddresses().stream().filter(a -> !a.contains(":")).findFirst())
                .orElse(SwitchId.toDotted(switchId));
    }

    /**
     * Parses an answer.
     *
     * @param source where it came from, for messages
     * @throws IllegalArgumentException naming the source and what is missing or malformed
     */
    public static NodeTopology parse(String name, String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": not a JSON object");
        }
        JsonNode switchId = root.get("switch-id");
        if (switchId == null || !switchId.canConvertToLong() || switchId.asLong() < 0 || switchId.asLong() > 0xffff_ffffL) {
            throw new IllegalArgumentException(source + ": no \"switch-id\" (an agent of the previous tool, or older than "
                    + "this one?)");
        }
        JsonNode links = root.get("links");
        if (links == null || !links.isArray()) {
            throw new IllegalArgumentException(source + ": no \"links\" list");
        }
        List<Link> parsed = new ArrayList<>();
        for (JsonNode link : links) {
            JsonNode id = link.get("id");
            JsonNode linkName = link.get("name");
            if (id == null || !id.canConvertToInt() || linkName == null || !linkName.isTextual()) {
                throw new IllegalArgumentException(source + ": a link without \"id\" or \"name\": " + link);
            }
            parsed.add(new Link(id.asInt(), linkName.asText(), texts(link.get("ip-addresses")),
                    link.path("is-node-iface").asBoolean(false), texts(link.get("routed-addresses"))));
        }
        return new NodeTopology(name, switchId.asLong(), parsed);
    }

    private static List<String> texts(JsonNode array) {
        List<String> result = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(v -> result.add(v.asText()));
        }
        return result;
    }
}
