// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.links;

import java.net.InetAddress;

import net.inthostreporter.report.AddressText;

/**
 * A unicast route of the main table out of one interface (RTM_NEWROUTE with RTA_OIF): the
 * addresses it sends there, e.g. a pod's /32 on its host-side veth, or the node subnet on the
 * data interface.
 *
 * @param ifindex      the interface the route leaves by
 * @param destination  the first address of the prefix
 * @param prefixLength 0 for a default route
 * @param direct       no gateway: the prefix is reached on the link itself (a pod behind its veth,
 *                     the node subnet), not through a next hop out of it (another node's pod)
 */
public record InterfaceRoute(int ifindex, InetAddress destination, int prefixLength, boolean direct) {
    /** The prefix as text, "10.244.1.11/32". */
    public String cidr() {
        return AddressText.of(destination) + "/" + prefixLength;
    }

    /** A default route (0.0.0.0/0, ::/0) says nothing about what is behind an interface. */
    public boolean isDefault() {
        return prefixLength == 0;
    }

    /** fe80::/64 and the like: on every link, so useless to tell what is behind one. */
    public boolean isLinkLocal() {
        return destination.isLinkLocalAddress() || destination.isMulticastAddress();
    }
}
