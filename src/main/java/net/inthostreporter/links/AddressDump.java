// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.links;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The addresses of every interface of the calling thread's network namespace, asked from the
 * kernel with an RTM_GETADDR dump (IPv4 and IPv6 together, see {@link NetlinkDump}).
 */
public final class AddressDump {
    private static final int RTM_NEWADDR = 20;
    private static final int RTM_GETADDR = 22;
    /** struct ifaddrmsg: family u8, prefixlen u8, flags u8, scope u8, index u32. */
    private static final int IFADDRMSG_LEN = 8;
    private static final int IFA_ADDRESS = 1;
    private static final int IFA_LOCAL = 2;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    private AddressDump() {
    }

    /**
     * Every address of every interface, in the kernel's order (by family, then interface).
     *
     * @throws IllegalStateException when the kernel does not finish the dump in time, or changes
     *                               interrupted it a few times in a row
     */
    public static List<InterfaceAddress> all() {
        return NetlinkDump.all(RTM_GETADDR, IFADDRMSG_LEN, "RTM_GETADDR", RTM_NEWADDR, AddressDump::parseAddress);
    }

    /** Adds the addresses of one datagram (package-private for tests with golden bytes). */
    static void parse(MemorySegment datagram, List<InterfaceAddress> into, NetlinkDump.DumpProgress progress) {
        NetlinkDump.parse(datagram, RTM_NEWADDR, AddressDump::parseAddress, into, progress);
    }

    private static InterfaceAddress parseAddress(MemorySegment payload) {
        if (payload.byteSize() < IFADDRMSG_LEN) {
            return null;
        }
        int family = Byte.toUnsignedInt(payload.get(JAVA_BYTE, 0));
        if (family != AF_INET && family != AF_INET6) {
            return null;
        }
        int prefixLength = Byte.toUnsignedInt(payload.get(JAVA_BYTE, 1));
        int scope = Byte.toUnsignedInt(payload.get(JAVA_BYTE, 3));
        int ifindex = payload.get(ValueLayout.JAVA_INT_UNALIGNED, 4);
        // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer's on point-to-point
        // links and the same as IFA_LOCAL elsewhere (IPv6 usually sends only IFA_ADDRESS).
        byte[][] found = new byte[3][];
        RouteNetlinkSocket.forEachAttribute(payload, IFADDRMSG_LEN, (attrType, value) -> {
            if (attrType == IFA_ADDRESS || attrType == IFA_LOCAL) {
                found[attrType] = value.toArray(JAVA_BYTE);
            }
        });
        byte[] bytes = found[IFA_LOCAL] != null ? found[IFA_LOCAL] : found[IFA_ADDRESS];
        int expected = family == AF_INET ? 4 : 16;
        if (bytes == null || bytes.length != expected) {
            return null;
        }
        try {
            return new InterfaceAddress(ifindex, InetAddress.getByAddress(bytes), prefixLength, scope);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 4 or 16 bytes
        }
    }
}
