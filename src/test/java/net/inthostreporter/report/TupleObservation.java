// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;

/** Test helper: an observation with the ingress-view tuple and flow id that v2.0 reports carry. */
public record TupleObservation(TestObservation base, int flowId, int ingressIpVersion, MemorySegment ingressAddresses,
                               int ingressProtocol, int ingressSourcePort, int ingressDestinationPort)
        implements PacketObservation {

    /** {@code base} with a flow id and the tuple src:sport -> dst:dport (IPv4 or IPv6 by the addresses). */
    public static TupleObservation of(TestObservation base, int flowId, InetAddress src, int sport, InetAddress dst,
                                      int dport, int protocol) {
        byte[] addresses = new byte[32];
        byte[] s = src.getAddress();
        byte[] d = dst.getAddress();
        System.arraycopy(s, 0, addresses, 0, s.length);
        System.arraycopy(d, 0, addresses, 16, d.length);
        return new TupleObservation(base, flowId, s.length == 4 ? 4 : 6, MemorySegment.ofArray(addresses),
                protocol, sport, dport);
    }

    @Override
    public boolean dropped() {
        return base.dropped();
    }

    @Override
    public int ingressPort() {
        return base.ingressPort();
    }

    @Override
    public int egressPort() {
        return base.egressPort();
    }

    @Override
    public long ingressTimestampNs() {
        return base.ingressTimestampNs();
    }

    @Override
    public long egressTimestampNs() {
        return base.egressTimestampNs();
    }

    @Override
    public int intDropReason() {
        return base.intDropReason();
    }

    @Override
    public MemorySegment frame() {
        return base.frame();
    }
}
