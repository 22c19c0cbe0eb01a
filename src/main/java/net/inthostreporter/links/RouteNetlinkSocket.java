// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.links;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.ValueLayout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.inthostreporter.sys.Errno;
import net.inthostreporter.sys.ErrnoException;
import net.inthostreporter.sys.Libc;

/**
 * An AF_NETLINK / NETLINK_ROUTE socket subscribed to link and TC notifications, opened in
 * the network namespace of the calling thread (it stays there when used from other threads).
 *
 * <p>Not thread-safe: one thread receives. Messages are parsed from the raw bytes:
 * nlmsghdr (16 bytes), then ifinfomsg (16) + rtattrs for links, or tcmsg (20) for TC.
 */
public final class RouteNetlinkSocket implements AutoCloseable {
    // Unaligned views: parsing also runs on heap segments (byte[]), which promise no alignment.
    private static final ValueLayout.OfInt JAVA_INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfShort JAVA_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final int NETLINK_ROUTE = 0;
    /** RTMGRP_LINK. */
    private static final int GROUP_LINK = 1;
    /** RTNLGRP_TC is group number 4, i.e. bit 3 of the legacy group mask. */
    private static final int GROUP_TC = 1 << 3;

    private static final int NLMSG_HDRLEN = 16;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final int NLMSG_OVERRUN = 4;
    private static final short NLM_F_REQUEST = 0x1;
    private static final short NLM_F_DUMP = 0x300;
    private static final int NLM_F_DUMP_INTR = 0x10;

    private static final int RTM_NEWLINK = 16;
    private static final int RTM_DELLINK = 17;
    private static final int RTM_GETLINK = 18;
    private static final int RTM_NEWQDISC = 36;
    private static final int RTM_DELQDISC = 37;
    private static final int RTM_NEWTFILTER = 44;
    private static final int RTM_DELTFILTER = 45;

    private static final int IFINFOMSG_LEN = 16;
    private static final int TCMSG_LEN = 20;
    private static final int IFLA_IFNAME = 3;
    private static final int NLA_TYPE_MASK = 0x3fff;
    private static final int SOCKADDR_NL_LEN = 12;

    private static final int RECEIVE_BUFFER = 64 * 1024;
    private static final int SOCKET_BUFFER = 1 << 20;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(RECEIVE_BUFFER, 8);
    private int fd;
    private int sequence = (int) (System.nanoTime() & 0x7fffffff);

    private RouteNetlinkSocket(int fd) {
        this.fd = fd;
    }

    /** Opens a socket subscribed to link and TC notifications, with a receive timeout. */
    public static RouteNetlinkSocket open(Duration receiveTimeout) {
        return open(receiveTimeout, GROUP_LINK | GROUP_TC);
    }

    /** Opens a socket subscribed to no notifications: for request/answer exchanges such as dumps. */
    static RouteNetlinkSocket openForRequests(Duration receiveTimeout) {
        return open(receiveTimeout, 0);
    }

    private static RouteNetlinkSocket open(Duration receiveTimeout, int groups) {
        int fd = Errno.check(Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, NETLINK_ROUTE),
                "socket", "AF_NETLINK, NETLINK_ROUTE");
        RouteNetlinkSocket socket = new RouteNetlinkSocket(fd);
        try {
            socket.configure(receiveTimeout, groups);
            return socket;
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** {@link #open(Duration)} with a 250 ms timeout, short enough for a watcher to stop promptly. */
    public static RouteNetlinkSocket open() {
        return open(Duration.ofMillis(250));
    }

    private void configure(Duration receiveTimeout, int groups) {
        try (Arena a = Arena.ofConfined()) {
            // A larger buffer makes overruns (lost notifications) rarer when many pods start at once;
            // the kernel caps it at net.core.rmem_max, which is fine: overruns are handled anyway.
            Errno.check(Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, a.allocateFrom(JAVA_INT, SOCKET_BUFFER)),
                    "setsockopt", "netlink SO_RCVBUF");
            MemorySegment timeval = a.allocate(16, 8);
            timeval.set(JAVA_LONG, 0, receiveTimeout.toSeconds());
            timeval.set(JAVA_LONG, 8, receiveTimeout.toMillisPart() * 1000L);
            Errno.check(Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeval), "setsockopt", "netlink SO_RCVTIMEO");
            MemorySegment address = a.allocate(SOCKADDR_NL_LEN, 4);
            address.set(JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
            address.set(JAVA_INT, 8, groups);
            Errno.check(Libc.bind(fd, address), "bind", "netlink groups 0x" + Integer.toHexString(groups));
        }
    }

    /** Asks the kernel for every link; the answer arrives through {@link #receive()}, ending with DumpDone. */
    public void requestLinkDump() {
        // ifinfomsg stays zero: family AF_UNSPEC, every link.
        requestDump(RTM_GETLINK, IFINFOMSG_LEN, "RTM_GETLINK");
    }

    /**
     * Sends a dump request: a netlink header of {@code type} with NLM_F_DUMP, followed by a zeroed
     * family header of {@code familyHeaderLength} bytes (family AF_UNSPEC: every object).
     */
    void requestDump(int type, int familyHeaderLength, String what) {
        try (Arena a = Arena.ofConfined()) {
            send(type, NLM_F_DUMP, a.allocate(align4(familyHeaderLength), 8), what + " dump");
        }
    }

    /** Sends one request: a netlink header of {@code type} with NLM_F_REQUEST and {@code flags}, then {@code body}. */
    void send(int type, int flags, MemorySegment body, String what) {
        requireOpen();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment request = a.allocate(NLMSG_HDRLEN + align4((int) body.byteSize()), 8);
            request.set(JAVA_INT, 0, (int) request.byteSize());
            request.set(JAVA_SHORT, 4, (short) type);
            request.set(JAVA_SHORT, 6, (short) (NLM_F_REQUEST | flags));
            request.set(JAVA_INT, 8, ++sequence);
            request.asSlice(NLMSG_HDRLEN, body.byteSize()).copyFrom(body);
            MemorySegment kernel = a.allocate(SOCKADDR_NL_LEN, 4);
            kernel.set(JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
            Errno.check(Libc.sendto(fd, request, 0, kernel), "sendto", "netlink " + what);
        }
    }

    /**
     * Receives one datagram and parses the messages in it.
     *
     * @return the messages of interest; empty on timeout; a single {@link RouteMessage.Overrun}
     *         when the kernel reported ENOBUFS (notifications were lost)
     */
    public List<RouteMessage> receive() {
        MemorySegment datagram = receiveDatagram();
        if (datagram == OVERRUN) {
            return List.of(new RouteMessage.Overrun());
        }
        return parse(datagram);
    }

    /** Stands for "the kernel dropped messages" (ENOBUFS) in {@link #receiveDatagram()}. */
    static final MemorySegment OVERRUN = MemorySegment.ofArray(new byte[0]);

    /**
     * Receives one datagram into the socket's buffer: valid until the next receive. Empty on
     * timeout or EINTR, {@link #OVERRUN} when the kernel reported ENOBUFS.
     */
    MemorySegment receiveDatagram() {
        requireOpen();
        long n = Libc.recv(fd, buffer, 0);
        if (n == -Errno.EAGAIN || n == -Errno.EINTR) {
            return buffer.asSlice(0, 0);
        }
        if (n == -Errno.ENOBUFS) {
            return OVERRUN;
        }
        if (n < 0) {
            throw new ErrnoException("recv", (int) -n, "netlink route socket");
        }
        return buffer.asSlice(0, n);
    }

    /** Receives one netlink message: its type, its flags and its payload (after the nlmsghdr). */
    @FunctionalInterface
    interface MessageVisitor {
        void visit(int type, int flags, MemorySegment payload);
    }

    /** Receives one route attribute: its type (without the nested/byte-order bits) and its value. */
    @FunctionalInterface
    interface AttributeVisitor {
        void visit(int type, MemorySegment value);
    }

    /**
     * Walks the messages of a datagram; stops at the first truncated or malformed header, after
     * which nothing sensible follows. An NLMSG_ERROR with a non-zero code throws.
     */
    static void forEachMessage(MemorySegment data, MessageVisitor visitor) {
        long offset = 0;
        long size = data.byteSize();
        while (offset + NLMSG_HDRLEN <= size) {
            int length = data.get(JAVA_INT, offset);
            if (length < NLMSG_HDRLEN || offset + length > size) {
                break;
            }
            int type = Short.toUnsignedInt(data.get(JAVA_SHORT, offset + 4));
            int flags = Short.toUnsignedInt(data.get(JAVA_SHORT, offset + 6));
            MemorySegment payload = data.asSlice(offset + NLMSG_HDRLEN, length - NLMSG_HDRLEN);
            if (type == NLMSG_ERROR) {
                int error = payload.byteSize() >= 4 ? payload.get(JAVA_INT, 0) : 0;
                if (error != 0) {
                    throw new ErrnoException("netlink", -error, "NLMSG_ERROR for a route request");
                }
            } else {
                visitor.visit(type, flags, payload);
            }
            offset += align4(length);
        }
    }

    /** Walks the route attributes of a payload from {@code start}; stops at the first malformed one. */
    static void forEachAttribute(MemorySegment payload, long start, AttributeVisitor visitor) {
        long offset = start;
        while (offset + 4 <= payload.byteSize()) {
            int attrLength = Short.toUnsignedInt(payload.get(JAVA_SHORT, offset));
            int attrType = Short.toUnsignedInt(payload.get(JAVA_SHORT, offset + 2)) & NLA_TYPE_MASK;
            if (attrLength < 4 || offset + attrLength > payload.byteSize()) {
                break;
            }
            visitor.visit(attrType, payload.asSlice(offset + 4, attrLength - 4));
            offset += align4(attrLength);
        }
    }

    /** Whether a message with these flags belongs to a dump that changes interrupted. */
    static boolean dumpInterrupted(int flags) {
        return (flags & NLM_F_DUMP_INTR) != 0;
    }

    static boolean isDumpDone(int type) {
        return type == NLMSG_DONE;
    }

    /** Parses a datagram of netlink messages (package-private for tests with golden bytes). */
    static List<RouteMessage> parse(MemorySegment data) {
        List<RouteMessage> messages = new ArrayList<>();
        forEachMessage(data, (type, flags, payload) -> {
            switch (type) {
                case RTM_NEWLINK, RTM_DELLINK -> {
                    LinkEvent event = parseLink(type, payload);
                    if (event != null) {
                        messages.add(event);
                    }
                    if (dumpInterrupted(flags)) {
                        messages.add(new RouteMessage.Overrun());
                    }
                }
                case RTM_NEWQDISC, RTM_DELQDISC, RTM_NEWTFILTER, RTM_DELTFILTER -> {
                    if (payload.byteSize() >= TCMSG_LEN) {
                        messages.add(new TcChangeEvent(payload.get(JAVA_INT, 4), tcChange(type),
                                payload.get(JAVA_INT, 8), payload.get(JAVA_INT, 12)));
                    }
                }
                case NLMSG_DONE -> messages.add(new RouteMessage.DumpDone(dumpInterrupted(flags)));
                case NLMSG_OVERRUN -> messages.add(new RouteMessage.Overrun());
                default -> {
                    // other route messages are of no interest here
                }
            }
        });
        return messages;
    }

    private static LinkEvent parseLink(int type, MemorySegment payload) {
        if (payload.byteSize() < IFINFOMSG_LEN) {
            return null;
        }
        int ifindex = payload.get(JAVA_INT, 4);
        String[] name = {""};
        forEachAttribute(payload, IFINFOMSG_LEN, (attrType, value) -> {
            if (attrType == IFLA_IFNAME) {
                name[0] = cString(value);
            }
        });
        LinkEvent.Kind kind = type == RTM_NEWLINK ? LinkEvent.Kind.NEW : LinkEvent.Kind.DELETED;
        return new LinkEvent(kind, ifindex, name[0]);
    }

    private static TcChangeEvent.Change tcChange(int type) {
        return switch (type) {
            case RTM_NEWQDISC -> TcChangeEvent.Change.QDISC_ADDED;
            case RTM_DELQDISC -> TcChangeEvent.Change.QDISC_DELETED;
            case RTM_NEWTFILTER -> TcChangeEvent.Change.FILTER_ADDED;
            default -> TcChangeEvent.Change.FILTER_DELETED;
        };
    }

    static String cString(MemorySegment bytes) {
        byte[] raw = bytes.toArray(JAVA_BYTE);
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.UTF_8);
    }

    static long align4(long n) {
        return (n + 3) & ~3L;
    }

    private void requireOpen() {
        if (fd < 0) {
            throw new IllegalStateException("netlink route socket is closed");
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            Libc.close(fd);
            fd = -1;
            arena.close();
        }
    }
}
