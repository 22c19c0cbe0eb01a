// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import java.util.Optional;

/**
 * One entry of {@code rules:} or {@code exclude:}. An absent address or port accepts any
 * value; the address family of the entry follows from its addresses (both must agree), and an
 * entry without addresses applies to IPv4 and IPv6.
 *
 * @param line where the entry starts in its file (1-based), for messages
 */
public record WatchRule(Protocol protocol, Optional<Cidr> srcAddr, Optional<Cidr> dstAddr,
                        Optional<PortRange> srcPort, Optional<PortRange> dstPort, int line) {
    public WatchRule {
        if (srcAddr.isPresent() && dstAddr.isPresent() && srcAddr.get().ipVersion() != dstAddr.get().ipVersion()) {
            throw new IllegalArgumentException("src-addr " + srcAddr.get() + " and dst-addr " + dstAddr.get()
                    + " are of different address families");
        }
        if ((srcPort.isPresent() || dstPort.isPresent()) && !protocol.hasPorts()) {
            throw new IllegalArgumentException("src-port/dst-port need protocol TCP or UDP, not " + protocol);
        }
    }

    /** 4 or 6 when the addresses fix the family, 0 when the entry applies to both. */
    public int ipVersion() {
        return srcAddr.or(() -> dstAddr).map(Cidr::ipVersion).orElse(0);
    }

    /** Whether this entry accepts the tuple. */
    public boolean matches(PacketTuple t) {
        return (ipVersion() == 0 || ipVersion() == t.ipVersion())
                && protocol.accepts(t.ipVersion(), t.protocol())
                && srcAddr.map(c -> c.contains(t.srcAddr())).orElse(true)
                && dstAddr.map(c -> c.contains(t.dstAddr())).orElse(true)
                && srcPort.map(p -> p.contains(t.srcPort())).orElse(true)
                && dstPort.map(p -> p.contains(t.dstPort())).orElse(true);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("protocol=").append(protocol);
        srcAddr.ifPresent(a -> s.append(" src-addr=").append(a));
        dstAddr.ifPresent(a -> s.append(" dst-addr=").append(a));
        srcPort.ifPresent(p -> s.append(" src-port=").append(p));
        dstPort.ifPresent(p -> s.append(" dst-port=").append(p));
        return s.toString();
    }
}
