// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

import java.net.InetAddress;

import net.inthostreporter.report.AddressText;
import net.inthostreporter.report.IngressTuple;
import net.inthostreporter.report.InnerPacket;

/**
 * A packet's 5-tuple as a report shows it (ports 0 for ICMP and other protocols without ports).
 *
 * @param ipVersion 4 or 6
 * @param protocol  IP protocol number
 */
public record TupleKey(int ipVersion, InetAddress src, InetAddress dst, int protocol, int srcPort, int dstPort) {

    /** The tuple of a report's inner frame, or null when the frame carries no readable IP header. */
    public static TupleKey of(InnerPacket inner) {
        if (!inner.isIp() || inner.src() == null || inner.dst() == null) {
            return null;
        }
        return new TupleKey(inner.ipVersion(), inner.src(), inner.dst(), inner.protocol(), inner.srcPort(), inner.dstPort());
    }

    /** The v2.0 extension's ingress (pre-NAT) tuple, or null when the report carries none. */
    public static TupleKey of(IngressTuple tuple) {
        if (tuple == null) {
            return null;
        }
        return new TupleKey(tuple.ipVersion(), tuple.src(), tuple.dst(), tuple.protocol(), tuple.srcPort(), tuple.dstPort());
    }

    public String srcText() {
        return AddressText.of(src);
    }

    public String dstText() {
        return AddressText.of(dst);
    }

    public String protocolName() {
        return InnerPacket.protocolName(protocol);
    }

    @Override
    public String toString() {
        return protocolName() + " " + srcText() + ":" + srcPort + " -> " + dstText() + ":" + dstPort;
    }
}
