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
import net.inthostreporter.report.AddressText;
import net.inthostreporter.sys.Libc;

/**
 * {@code GET /api/v1/topology}, in the previous tool's shape, which topology generators read:
 * {@code {"links":[{"id": ifindex, "name": "...", "ip-addresses": [...], "is-node-iface": bool}]}}
 * for the data interface and every hooked interface, ordered by ifindex.
 *
 * <p>Addresses: IPv4 first, then IPv6, each in the kernel's order, so that the first address
 * of the node interface is its IPv4 address, which generators take as the switch address.
 * Link-scoped addresses (fe80::/10 on every veth) are left out: they do not tell nodes apart.
 */
final class TopologyEndpoint implements Endpoint {
    private static final Comparator<InterfaceAddress> IPV4_FIRST = Comparator.comparing(InterfaceAddress::isIpv6);

    private final AgentState agent;
    private final Supplier<List<InterfaceAddress>> addresses;

    TopologyEndpoint(AgentState agent, Supplier<List<InterfaceAddress>> addresses) {
        this.agent = agent;
        this.addresses = addresses;
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
        ObjectNode body = Json.object();
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
        });
        return Json.response(200, body);
    }
}
