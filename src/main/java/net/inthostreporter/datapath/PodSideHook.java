// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

import net.inthostreporter.libbpf.BpfMaps;
import net.inthostreporter.libbpf.TcxLink;
import net.inthostreporter.links.VethPeers;
import net.inthostreporter.sys.NetNamespace;

/**
 * Our program on the pod's end of a hooked pod veth (TC ingress, inside the pod's namespace),
 * where a packet that a CNI delivered with bpf_redirect_peer() first shows up: see
 * ihr_tc_pod_ingress in ihr.bpf.c. The program learns which host-side veth this is from
 * {@code ihr_pod_ports}, keyed by the pod namespace's inode number and the pod-side ifindex. The TCX
 * link lives as long as its fd, so nothing outlives the agent. Closing removes both.
 */
public final class PodSideHook implements AutoCloseable {
    public static final String PROGRAM = "ihr_tc_pod_ingress";
    public static final String PORTS_MAP = "ihr_pod_ports";
    /** struct ihr_pod_key: netns_inum@0 (4), ifindex@4 (4). */
    static final int KEY_SIZE = 8;
    static final int KEY_NETNS_INUM = 0;
    static final int KEY_IFINDEX = 4;

    private final VethPeers.Peer peer;
    private final TcxLink link;
    private final int portsFd;
    private final int netnsInode;

    private PodSideHook(VethPeers.Peer peer, TcxLink link, int portsFd, int netnsInode) {
        this.peer = peer;
        this.link = link;
        this.portsFd = portsFd;
        this.netnsInode = netnsInode;
    }

    /**
     * Hooks the far end of host-side veth {@code hostIfindex} (of the calling thread's
     * namespace). Empty when it has no far end in a named namespace (not a veth, or a pod
     * namespace the agent cannot see); nothing stays attached on failure.
     */
    public static Optional<PodSideHook> attach(Datapath datapath, int hostIfindex) {
        Optional<VethPeers.Peer> found = VethPeers.of(hostIfindex);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        VethPeers.Peer peer = found.get();
        int programFd = datapath.programFd(PROGRAM);
        int inode = VethPeers.namespaceInode(peer.namespace());
        TcxLink link;
        try {
            link = NetNamespace.call(peer.namespace(),
                    () -> TcxLink.attachFirst(peer.ifindex(), TcxLink.Direction.INGRESS, programFd));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("entering network namespace " + peer.namespace() + ": " + e.getMessage(), e);
        }
        PodSideHook hook = new PodSideHook(peer, link, datapath.mapFd(PORTS_MAP), inode);
        try {
            hook.writePort(hostIfindex);
            return Optional.of(hook);
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    private MemorySegment key(Arena arena) {
        MemorySegment key = arena.allocate(KEY_SIZE, 8);
        key.set(JAVA_INT, KEY_NETNS_INUM, netnsInode);
        key.set(JAVA_INT, KEY_IFINDEX, peer.ifindex());
        return key;
    }

    private void writePort(int hostIfindex) {
        try (Arena arena = Arena.ofConfined()) {
            BpfMaps.update(portsFd, key(arena), arena.allocateFrom(JAVA_INT, hostIfindex), BpfMaps.BPF_ANY);
        }
    }

    /** Where the hook is: the pod namespace's name and the ifindex there. */
    public VethPeers.Peer peer() {
        return peer;
    }

    @Override
    public void close() {
        try (Arena arena = Arena.ofConfined()) {
            BpfMaps.delete(portsFd, key(arena));
        } finally {
            link.close();
        }
    }
}
