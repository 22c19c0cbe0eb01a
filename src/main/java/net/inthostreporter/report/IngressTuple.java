// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import java.net.InetAddress;

/**
 * The packet's 5-tuple as the host saw it at ingress, before any NAT, as carried by our v2.0
 * domain-specific extension.
 *
 * @param ipVersion 4 or 6
 * @param protocol  IP protocol number
 */
public record IngressTuple(int ipVersion, InetAddress src, InetAddress dst, int protocol, int srcPort, int dstPort) {
}
