// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.links;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * One address configured on an interface, as the kernel lists it (RTM_NEWADDR).
 *
 * @param ifindex      the interface it is on
 * @param address      the interface's own address (IFA_LOCAL, or IFA_ADDRESS where there is no local one)
 * @param prefixLength the length of its network prefix
 * @param scope        the kernel's scope: 0 universe, 200 site, 253 link, 254 host
 */
public record InterfaceAddress(int ifindex, InetAddress address, int prefixLength, int scope) {
    /** RT_SCOPE_LINK: valid only on its link (IPv6 fe80::/10, IPv4 169.254/16 when so configured). */
    public static final int SCOPE_LINK = 253;

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** Meaningful only together with the interface, so useless to tell nodes apart. */
    public boolean isLinkScoped() {
        return scope == SCOPE_LINK || address.isLinkLocalAddress();
    }
}
