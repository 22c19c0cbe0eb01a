// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import java.util.Locale;
import java.util.stream.IntStream;

/** The {@code protocol} of a watchlist entry. ICMP means ICMPv6 for IPv6 packets. */
public enum Protocol {
    TCP, UDP, ICMP, ANY;

    public static final int IPPROTO_ICMP = 1;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_ICMPV6 = 58;

    /** Case-insensitive: "UDP", "udp", "Any"... */
    public static Protocol parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown protocol '" + text + "' (expected TCP, UDP, ICMP or any)");
        }
    }

    /** Whether a packet of this IP version (4 or 6) and IPPROTO_* number is of this protocol. */
    public boolean accepts(int ipVersion, int ipProtocol) {
        return switch (this) {
            case TCP -> ipProtocol == IPPROTO_TCP;
            case UDP -> ipProtocol == IPPROTO_UDP;
            case ICMP -> ipProtocol == (ipVersion == 6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);
            case ANY -> true;
        };
    }

    /** The IPPROTO_* numbers this protocol accepts for an IP version. */
    public int[] numbers(int ipVersion) {
        return IntStream.range(0, 256).filter(p -> accepts(ipVersion, p)).toArray();
    }

    /** Whether entries of this protocol may constrain ports. */
    public boolean hasPorts() {
        return this == TCP || this == UDP;
    }

    @Override
    public String toString() {
        return this == ANY ? "any" : name();
    }
}
