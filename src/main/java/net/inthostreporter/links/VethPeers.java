// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.links;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import net.inthostreporter.sys.Errno;
import net.inthostreporter.sys.Libc;

/**
 * Finds the far end of a host-side veth: which named network namespace (under
 * {@code /var/run/netns}, where {@code ip netns}, containerd and CRI-O put pod namespaces) holds
 * it, and its ifindex there. Two rtnetlink questions: RTM_GETLINK on the host-side end gives the
 * peer's ifindex (IFLA_LINK) and the peer namespace's id as this namespace numbers it
 * (IFLA_LINK_NETNSID); RTM_GETNSID on each named namespace's file gives its id, to match.
 */
public final class VethPeers {
    /** The pod's end of a veth: the namespace's name under /var/run/netns and the ifindex there. */
    public record Peer(String namespace, int ifindex) {
    }

    static final Path NETNS_DIR = Path.of("/var/run/netns");
    private static final int RTM_NEWLINK = 16;
    private static final int RTM_GETLINK = 18;
    private static final int RTM_NEWNSID = 88;
    private static final int RTM_GETNSID = 90;
    private static final int IFINFOMSG_LEN = 16;
    private static final int IFINFOMSG_INDEX = 4;
    private static final int RTGENMSG_LEN = 4; // struct rtgenmsg, padded to the netlink alignment
    private static final int IFLA_LINK = 5;
    private static final int IFLA_LINK_NETNSID = 37;
    private static final int NETNSA_NSID = 1;
    private static final int NETNSA_FD = 3;
    private static final int ABSENT = Integer.MIN_VALUE;

    private VethPeers() {
    }

    /**
     * The peer of {@code hostIfindex} (in the calling thread's namespace), if it is a veth whose
     * other end lives in a named namespace; empty otherwise.
     */
    public static Optional<Peer> of(int hostIfindex) {
        try (RouteNetlinkSocket socket = RouteNetlinkSocket.openForRequests(Duration.ofSeconds(1))) {
            int[] link = linkPeer(socket, hostIfindex);
            if (link[0] == ABSENT || link[1] == ABSENT || !Files.isDirectory(NETNS_DIR)) {
                return Optional.empty();
            }
            try (DirectoryStream<Path> names = Files.newDirectoryStream(NETNS_DIR)) {
                for (Path file : names) {
                    if (namespaceId(socket, file) == link[1]) {
                        return Optional.of(new Peer(file.getFileName().toString(), link[0]));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("listing " + NETNS_DIR, e);
            }
            return Optional.empty();
        }
    }

    /** The inode number of a named namespace (what the kernel calls its ns.inum). */
    public static int namespaceInode(String namespace) {
        Path file = NETNS_DIR.resolve(namespace);
        try {
            return (int) ((Number) Files.getAttribute(file, "unix:ino")).longValue();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the inode of " + file, e);
        }
    }

    /** {IFLA_LINK, IFLA_LINK_NETNSID} of a link, each ABSENT when the kernel gave none. */
    private static int[] linkPeer(RouteNetlinkSocket socket, int ifindex) {
        int[] result = {ABSENT, ABSENT};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifinfo = arena.allocate(IFINFOMSG_LEN, 4);
            ifinfo.set(JAVA_INT_UNALIGNED, IFINFOMSG_INDEX, ifindex);
            socket.send(RTM_GETLINK, 0, ifinfo, "RTM_GETLINK ifindex " + ifindex);
        }
        RouteNetlinkSocket.forEachMessage(socket.receiveDatagram(), (type, flags, payload) -> {
            if (type == RTM_NEWLINK && payload.byteSize() >= IFINFOMSG_LEN) {
                RouteNetlinkSocket.forEachAttribute(payload, IFINFOMSG_LEN, (attr, value) -> {
                    if (attr == IFLA_LINK && value.byteSize() >= 4) {
                        result[0] = value.get(JAVA_INT_UNALIGNED, 0);
                    } else if (attr == IFLA_LINK_NETNSID && value.byteSize() >= 4) {
                        result[1] = value.get(JAVA_INT_UNALIGNED, 0);
                    }
                });
            }
        });
        return result;
    }

    /** The id this namespace gives the namespace of {@code file}; ABSENT if it has none or is unreadable. */
    private static int namespaceId(RouteNetlinkSocket socket, Path file) {
        int fd = Libc.open(file.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (fd < 0) {
            return ABSENT;
        }
        int[] nsid = {ABSENT};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment body = arena.allocate(RTGENMSG_LEN + 8, 4);
            body.set(JAVA_INT_UNALIGNED, RTGENMSG_LEN, 8 | NETNSA_FD << 16); // nla_len 8, nla_type NETNSA_FD
            body.set(JAVA_INT_UNALIGNED, RTGENMSG_LEN + 4, fd);
            socket.send(RTM_GETNSID, 0, body, "RTM_GETNSID " + file);
            RouteNetlinkSocket.forEachMessage(socket.receiveDatagram(), (type, flags, payload) -> {
                if (type == RTM_NEWNSID) {
                    RouteNetlinkSocket.forEachAttribute(payload, RTGENMSG_LEN, (attr, value) -> {
                        if (attr == NETNSA_NSID && value.byteSize() >= 4) {
                            nsid[0] = value.get(JAVA_INT_UNALIGNED, 0);
                        }
                    });
                }
            });
        } finally {
            Errno.check(Libc.close(fd), "close", file.toString());
        }
        return nsid[0] < 0 ? ABSENT : nsid[0];
    }
}
