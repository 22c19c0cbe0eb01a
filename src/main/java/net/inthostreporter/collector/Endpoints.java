// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import net.inthostreporter.report.AddressText;

/** Socket addresses as HOST:PORT ("[fd00::1]:32766" for IPv6), the form --listen accepts. */
final class Endpoints {

    private Endpoints() {
    }

    static String format(SocketAddress address) {
        if (!(address instanceof InetSocketAddress inet)) {
            return String.valueOf(address);
        }
        if (inet.getAddress() == null) {
            return inet.getHostString() + ":" + inet.getPort();
        }
        String host = AddressText.of(inet.getAddress());
        return (inet.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + inet.getPort();
    }
}
