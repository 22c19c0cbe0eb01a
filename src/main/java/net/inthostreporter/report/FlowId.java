// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import java.util.zip.CRC32C;

/**
 * The flow id of a report: a 32-bit id of the packet's ingress-view 5-tuple (the tuple before any
 * NAT on this host), so every packet of one direction of a connection carries the same id on
 * both sides of a Service DNAT, and any collector can recompute it.
 *
 * <p>Definition: CRC-32C (Castagnoli polynomial, as in iSCSI and {@link CRC32C}) of these
 * 38 bytes, in this order:
 * <pre>
 *   ip_version (1: 4 or 6) | protocol (1: IPPROTO_*) |
 *   source address (16) | destination address (16) |   IPv4: the 4 bytes, then 12 zero bytes
 *   source port (2, big-endian) | destination port (2, big-endian)   0 when the protocol has none
 * </pre>
 * The id is directional (a reply is another flow) and 0 when the tuple is unknown (not IP).
 *
 * <p>One instance per thread: it reuses its scratch bytes, so computing allocates nothing.
 */
public final class FlowId {
    public static final int INPUT_LENGTH = 38;

    private final byte[] input = new byte[INPUT_LENGTH];
    private final CRC32C crc = new CRC32C();

    /** The flow id of an observation's ingress-view tuple. */
    public int of(PacketObservation obs) {
        int version = obs.ingressIpVersion();
        if (version != 4 && version != 6) {
            return 0;
        }
        input[0] = (byte) version;
        input[1] = (byte) obs.ingressProtocol();
        obs.copyIngressAddresses(input, 2);
        putPort(34, obs.ingressSourcePort());
        putPort(36, obs.ingressDestinationPort());
        crc.reset();
        crc.update(input, 0, INPUT_LENGTH);
        return (int) crc.getValue();
    }

    private void putPort(int at, int port) {
        input[at] = (byte) (port >>> 8);
        input[at + 1] = (byte) port;
    }
}
