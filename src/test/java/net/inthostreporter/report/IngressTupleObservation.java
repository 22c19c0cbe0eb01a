// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Test helper: a flow observation with an ingress-view tuple given as text. */
record IngressTupleObservation(int ingressIpVersion, int ingressProtocol, MemorySegment ingressAddresses,
                               int ingressSourcePort, int ingressDestinationPort, MemorySegment frame)
        implements PacketObservation {

    static IngressTupleObservation of(int protocol, String src, int srcPort, String dst, int dstPort, byte[] frame)
            throws UnknownHostException {
        byte[] s = InetAddress.getByName(src).getAddress();
        byte[] d = InetAddress.getByName(dst).getAddress();
        byte[] addresses = new byte[32];
        System.arraycopy(s, 0, addresses, 0, s.length);
        System.arraycopy(d, 0, addresses, 16, d.length);
        return new IngressTupleObservation(s.length == 4 ? 4 : 6, protocol, MemorySegment.ofArray(addresses),
                srcPort, dstPort, MemorySegment.ofArray(frame));
    }

    @Override
    public boolean dropped() {
        return false;
    }

    @Override
    public int ingressPort() {
        return 2;
    }

    @Override
    public int egressPort() {
        return 3;
    }

    @Override
    public long ingressTimestampNs() {
        return 1000;
    }

    @Override
    public long egressTimestampNs() {
        return 2000;
    }

    @Override
    public int intDropReason() {
        return 0;
    }
}
