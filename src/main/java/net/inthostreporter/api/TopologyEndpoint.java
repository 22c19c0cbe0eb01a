// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;

import net.inthostreporter.links.InterfaceAddress;
import net.inthostreporter.links.InterfaceRoute;
import net.inthostreporter.report.AddressText;
import net.inthostreporter.sys.Libc;

/**
 * {@code GET /api/v1/topology}, in the previous tool's shape, which topology generators read:
 * {@code {"links":[{"id": ifindex, "name": "...", "ip-addresses": [...], "is-node-iface": bool}]}}
 * for the data interface and every hooked interface, ordered by ifindex. Two fields are added:
 * {@code "switch-id"} (the node's INT switch id, unsigned) and, per link, {@code "routed-addresses"}:
 * the prefixes of the main table's routes on it without a gateway ("10.244.1.11/32" for a pod
 * behind its veth, the node subnet on the data interface; another node's pods via a gateway are
 * not behind this node's interface). Pod veths carry no address of their own, so without
 * these a generator had to ask the cluster's API which pods are behind which interface.
 *
 * <p>Addresses: IPv4 first, then IPv6, each in the kernel's order, so that the first address
 * of the node interface is its IPv4 address, which generators take as the switch address.
 * Link-scoped addresses (fe80::/10 on every veth) are left out: they do not tell nodes apart.
 */
final class TopologyEndpoint implements Endpoint {
    private static final Comparator<InterfaceAddress> IPV4_FIRST = Comparator.comparing(InterfaceAddress::isIpv6);

    private final AgentState agent;
    private static final Comparator<InterfaceRoute> IPV4_ROUTES_FIRST =
            Comparator.comparing((InterfaceRoute r) -> r.destination() instanceof java.net.Inet6Address);

    private final Supplier<List<InterfaceAddress>> addresses;
    private final Supplier<List<InterfaceRoute>> routes;

    TopologyEndpoint(AgentState agent, Supplier<List<InterfaceAddress>> addresses, Supplier<List<InterfaceRoute>> routes) {
        this.agent = agent;
        this.addresses = addresses;
        this.routes = routes;
    }

    @Override
    public Response get(Headers requestHeaders) {
        Map<Integer, String> links = new TreeMap<>(agent.hookedInterfaces());
        String dataInterface = agent.dataInterface();
        if (!links.containsValue(dataInterface)) {
            int ifindex = Libc.ifNameToIndex(dataInterface); // not hooked at this moment (re-attaching)
            if (ifindex > 0) {
                links.put(ifindex, dataInterface);
            }
        }
        List<InterfaceAddress> all = new ArrayList<>(addresses.get());
        all.sort(IPV4_FIRST); // stable: the kernel's order within a family
        List<InterfaceRoute> routed = new ArrayList<>(routes.get());
        routed.sort(IPV4_ROUTES_FIRST);
        ObjectNode body = Json.object();
        body.put("switch-id", Integer.toUnsignedLong(agent.switchId()));
        ArrayNode array = body.putArray("links");
        links.forEach((ifindex, name) -> {
            ObjectNode link = array.addObject();
            link.put("id", ifindex);
            link.put("name", name);
            ArrayNode ips = link.putArray("ip-addresses");
            for (InterfaceAddress a : all) {
                if (a.ifindex() == ifindex && !a.isLinkScoped()) {
                    ips.add(AddressText.of(a.address()));
                }
            }
            link.put("is-node-iface", name.equals(dataInterface));
            ArrayNode prefixes = link.putArray("routed-addresses");
            routed.stream().filter(r -> r.ifindex() == ifindex && r.direct() && !r.isDefault() && !r.isLinkLocal())
                    .map(InterfaceRoute::cidr).distinct().forEach(prefixes::add);
        });
        return Json.response(200, body);
    }
}
