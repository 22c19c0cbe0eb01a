// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import java.util.Arrays;

/**
 * A packet's 5-tuple as the datapath records it ({@code struct ihr_tuple}): ports are 0 when
 * the protocol has none or the packet is a non-first fragment.
 *
 * @param srcAddr 4 bytes for IPv4, 16 for IPv6
 */
public record PacketTuple(int ipVersion, byte[] srcAddr, byte[] dstAddr, int protocol, int srcPort, int dstPort) {
    public PacketTuple {
        int length = ipVersion == 4 ? 4 : 16;
        if ((ipVersion != 4 && ipVersion != 6) || srcAddr.length != length || dstAddr.length != length) {
            throw new IllegalArgumentException("IPv" + ipVersion + " tuple with " + srcAddr.length + "/" + dstAddr.length + "-byte addresses");
        }
        srcAddr = srcAddr.clone();
        dstAddr = dstAddr.clone();
    }

    @Override
    public byte[] srcAddr() {
        return srcAddr.clone();
    }

    @Override
    public byte[] dstAddr() {
        return dstAddr.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PacketTuple t && t.ipVersion == ipVersion && Arrays.equals(t.srcAddr, srcAddr)
                && Arrays.equals(t.dstAddr, dstAddr) && t.protocol == protocol && t.srcPort == srcPort && t.dstPort == dstPort;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(srcAddr) * 31 + Arrays.hashCode(dstAddr) * 17 + protocol * 7 + srcPort * 3 + dstPort;
    }

    @Override
    public String toString() {
        return "IPv" + ipVersion + " proto " + protocol + " " + new Cidr(srcAddr, srcAddr.length * 8).toString() + ":" + srcPort
                + " -> " + new Cidr(dstAddr, dstAddr.length * 8) + ":" + dstPort;
    }
}
