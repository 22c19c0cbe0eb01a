// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a UDP address (the collector's listen address, the agent's --collector): HOST:PORT, with an IPv6 host in brackets ([::1]:32766). Port 0
 * lets the system pick one (the collector prints which).
 */
public final class HostPortConverter implements ITypeConverter<InetSocketAddress> {

    @Override
    public InetSocketAddress convert(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw invalid(value, "expected HOST:PORT, e.g. 0.0.0.0:32766 or [::1]:32766");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw invalid(value, "an IPv6 host must be in brackets, e.g. [::1]:32766");
        }
        return new InetSocketAddress(resolve(value, host), parsePort(value, value.substring(colon + 1)));
    }

    private static int parsePort(String value, String text) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid(value, "port '" + text + "' is not a number");
        }
        if (port < 0 || port > 65535) {
            throw invalid(value, "port " + port + " is not in 0..65535");
        }
        return port;
    }

    private static InetAddress resolve(String value, String host) {
        if (host.isEmpty()) {
            throw invalid(value, "the host is empty");
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw invalid(value, "unknown host '" + host + "'");
        }
    }

    private static TypeConversionException invalid(String value, String why) {
        return new TypeConversionException("'" + value + "': " + why);
    }
}
