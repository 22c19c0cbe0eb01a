// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.export;

import static net.inthostreporter.sys.NativeCalls.C_INT;
import static net.inthostreporter.sys.NativeCalls.C_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;

import net.inthostreporter.sys.ErrnoException;
import net.inthostreporter.sys.Libc;
import net.inthostreporter.sys.NativeCalls;

/**
 * An unconnected UDP socket toward one collector, sending with sendmmsg(2). Unconnected, so
 * that ICMP errors from a collector that is down do not fail later sends. The destination
 * sockaddr is built once; every send reuses it.
 */
final class UdpSocket implements AutoCloseable {
    static final int SOL_UDP = 17;
    static final int UDP_SEGMENT = 103;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOCK_DGRAM = 2;
    private static final int SO_SNDBUF = 7;
    private static final int SO_SNDBUFFORCE = 32;
    /** A send buffer that absorbs a few batches while the kernel hands datagrams on. */
    private static final int SEND_BUFFER_BYTES = 4 << 20;

    // The message vector is passed as a plain 64-bit address (a pointer is an INTEGER-class
    // argument on x86-64, like a long): the sender points into its preallocated vector at
    // any message without creating a slice object per call.
    private static final MethodHandle SENDMMSG = NativeCalls.downcallWithErrno(Linker.nativeLinker().defaultLookup(),
            "sendmmsg", FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_INT, C_INT));

    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment destination;
    private final boolean ipv6;

    private UdpSocket(int fd, InetSocketAddress collector) {
        this.fd = fd;
        this.ipv6 = collector.getAddress() instanceof Inet6Address;
        this.destination = sockaddr(arena, collector);
    }

    /** Opens a socket of the collector's address family. */
    static UdpSocket open(InetSocketAddress collector) {
        if (!(collector.getAddress() instanceof Inet4Address) && !(collector.getAddress() instanceof Inet6Address)) {
            throw new IllegalArgumentException("collector " + collector + " has no resolved IP address");
        }
        boolean v6 = collector.getAddress() instanceof Inet6Address;
        int fd = Libc.socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new ErrnoException("socket", -fd, "UDP toward " + collector);
        }
        UdpSocket socket = new UdpSocket(fd, collector);
        socket.enlargeSendBuffer();
        return socket;
    }

    /** Root may go beyond net.core.wmem_max; otherwise the kernel caps the request. Best effort either way. */
    private void enlargeSendBuffer() {
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment size = scratch.allocateFrom(ValueLayout.JAVA_INT, SEND_BUFFER_BYTES);
            if (Libc.setsockopt(fd, Libc.SOL_SOCKET, SO_SNDBUFFORCE, size) < 0) {
                Libc.setsockopt(fd, Libc.SOL_SOCKET, SO_SNDBUF, size);
            }
        }
    }

    private static MemorySegment sockaddr(Arena arena, InetSocketAddress collector) {
        byte[] address = collector.getAddress().getAddress();
        ValueLayout.OfShort portBe = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
        if (address.length == 4) { // struct sockaddr_in {u16 family; be16 port; u8 addr[4]; u8 zero[8]}
            MemorySegment sa = arena.allocate(16, 8);
            sa.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) AF_INET);
            sa.set(portBe, 2, (short) collector.getPort());
            MemorySegment.copy(address, 0, sa, ValueLayout.JAVA_BYTE, 4, 4);
            return sa;
        }
        // struct sockaddr_in6 {u16 family; be16 port; u32 flowinfo; u8 addr[16]; u32 scope_id}
        MemorySegment sa = arena.allocate(28, 8);
        sa.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) AF_INET6);
        sa.set(portBe, 2, (short) collector.getPort());
        MemorySegment.copy(address, 0, sa, ValueLayout.JAVA_BYTE, 8, 16);
        sa.set(ValueLayout.JAVA_INT_UNALIGNED, 24, ((Inet6Address) collector.getAddress()).getScopeId());
        return sa;
    }

    /** The collector's sockaddr, for msg_name. */
    MemorySegment destination() {
        return destination;
    }

    boolean isIpv6() {
        return ipv6;
    }

    /**
     * sendmmsg(2) of {@code count} messages starting at the native address {@code firstMessage}.
     *
     * @return the number of messages sent, or -errno
     */
    int sendmmsg(long firstMessage, int count) {
        try {
            int rc = (int) SENDMMSG.invokeExact(NativeCalls.captureSegment(), fd, firstMessage, count, 0);
            return rc < 0 ? -NativeCalls.lastErrno() : rc;
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    @Override
    public void close() {
        Libc.close(fd);
        arena.close();
    }
}
