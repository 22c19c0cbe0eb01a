// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.e2e;

import net.inthostreporter.testkit.NodeLab;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import net.inthostreporter.libbpf.BpfMaps;
import net.inthostreporter.libbpf.BpfObject;
import net.inthostreporter.libbpf.TcxLink;
import net.inthostreporter.testkit.TestObjects;

/**
 * The tests' stand-in for an eBPF CNI (src/test/bpf/cni_redirect.bpf.c): its TC ingress program,
 * attached last in the TCX chain of interfaces of the lab's node (after the agent's), forwards
 * packets to one IPv4 destination with a redirect helper. Detached on close.
 */
final class CniStandIn implements AutoCloseable {
    /** enum cni_action of cni_redirect.bpf.c. */
    enum Redirect {
        PEER(1), EGRESS(2), INGRESS(3), NEIGH(4);

        final int action;

        Redirect(int action) {
            this.action = action;
        }
    }

    /** struct cni_match: ifindex@0, daddr@4; struct cni_rule: action@0, target_ifindex@4, dst_mac@8, src_mac@14. */
    private static final int MATCH_SIZE = 8;
    private static final int RULE_SIZE = 20;

    private final BpfObject object;
    private final Map<Integer, TcxLink> links = new HashMap<>();

    private CniStandIn(BpfObject object) {
        this.object = object;
    }

    static CniStandIn load() {
        BpfObject object = BpfObject.openMemory("cni_redirect", TestObjects.bytes("cni_redirect"));
        try {
            object.load();
            return new CniStandIn(object);
        } catch (RuntimeException e) {
            object.close();
            throw e;
        }
    }

    /**
     * On {@code ifindex} of the node (ingress), packets to {@code destination} are redirected to
     * {@code target}, with these MAC addresses written first (null: left as they are).
     */
    void rule(String nodeNs, int ifindex, String destination, Redirect redirect, int target, String dstMac, String srcMac)
            throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment match = arena.allocate(MATCH_SIZE, 4);
            match.set(JAVA_INT, 0, ifindex);
            MemorySegment.copy(InetAddress.getByName(destination).getAddress(), 0, match, JAVA_BYTE, 4, 4);
            MemorySegment rule = arena.allocate(RULE_SIZE, 4);
            rule.set(JAVA_INT, 0, redirect.action);
            rule.set(JAVA_INT, 4, target);
            if (dstMac != null) {
                MemorySegment.copy(mac(dstMac), 0, rule, JAVA_BYTE, 8, 6);
            }
            if (srcMac != null) {
                MemorySegment.copy(mac(srcMac), 0, rule, JAVA_BYTE, 14, 6);
            }
            BpfMaps.update(object.mapFd("cni_rules"), match, rule, BpfMaps.BPF_ANY);
        }
        if (!links.containsKey(ifindex)) {
            int programFd = object.programFd("cni_ingress");
            links.put(ifindex, NodeLab.in(nodeNs, () -> TcxLink.attach(ifindex, TcxLink.Direction.INGRESS, programFd,
                    TcxLink.Position.LAST)));
        }
    }

    /** Packets the program redirected on {@code ifindex}. */
    long redirected(int ifindex) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_LONG);
            return BpfMaps.lookup(object.mapFd("cni_redirected"), arena.allocateFrom(JAVA_INT, ifindex), count)
                    ? count.get(JAVA_LONG, 0) : 0;
        }
    }

    /**
     * For the demo (scripts/demo.sh --cni-redirect): {@code NODE_NS RULE...}, each rule
     * {@code IFINDEX,peer|egress|ingress|neigh,TARGET,DESTINATION[,DST_MAC[,SRC_MAC]]}; stays
     * attached until its standard input closes.
     */
    public static void main(String[] args) throws Exception {
        try (CniStandIn cni = load()) {
            for (int i = 1; i < args.length; i++) {
                String[] f = args[i].split(",");
                cni.rule(args[0], Integer.parseInt(f[0]), f[3], Redirect.valueOf(f[1].toUpperCase(java.util.Locale.ROOT)),
                        Integer.parseInt(f[2]), f.length > 4 ? f[4] : null, f.length > 5 ? f[5] : null);
            }
            System.out.println("cni stand-in attached");
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the demo closes our standard input
            }
        }
    }

    private static byte[] mac(String text) {
        return HexFormat.ofDelimiter(":").parseHex(text);
    }

    @Override
    public void close() {
        links.values().forEach(TcxLink::close);
        object.close();
    }
}
