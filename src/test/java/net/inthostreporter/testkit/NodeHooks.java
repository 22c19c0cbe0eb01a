// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.libbpf.ProgramInfo;
import net.inthostreporter.libbpf.TcxLink;
import net.inthostreporter.sys.Libc;

/**
 * What is attached to the lab node's interfaces, counted the way an operator would look:
 * {@code tc filter show} for classic filters, the TCX program list for links. Ours are the
 * programs named {@code ihr_tc_*}; the foreign one is the CNI stand-in {@code foreign_filter}.
 */
public final class NodeHooks {
    public static final List<String> LAB_INTERFACES = NodeLab.NODE_INTERFACES;
    public static final String FOREIGN_OBJECT = TestObjects.path("foreign_filter").toString();
    private static final List<String> DIRECTIONS = List.of("ingress", "egress");

    private NodeHooks() {
    }

    /** The CNI stand-in: a classic filter at a low priority on cali1 ingress, like AgentEndToEndIT's. */
    public static void addForeignFilter(NodeLab lab) {
        lab.nodeTc("qdisc", "add", "dev", "cali1", "clsact");
        lab.nodeTc("filter", "add", "dev", "cali1", "ingress", "pref", "49152", "bpf", "da", "obj", FOREIGN_OBJECT,
                "sec", "tc");
    }

    /** Our classic filters plus our TCX programs on one interface and direction. */
    public static int ours(NodeLab lab, String dev, String direction) throws Exception {
        long filters = lab.nodeTc("filter", "show", "dev", dev, direction).lines().filter(l -> l.contains("ihr_tc_")).count();
        TcxLink.Direction tcxDirection = direction.equals("ingress") ? TcxLink.Direction.INGRESS : TcxLink.Direction.EGRESS;
        List<Integer> ids = NodeLab.in(lab.nodeNs(), () -> TcxLink.programIds(Libc.ifNameToIndex(dev), tcxDirection));
        long tcx = ids.stream().filter(id -> ProgramInfo.ofId(id).map(p -> p.name().startsWith("ihr_tc_")).orElse(false)).count();
        return (int) (filters + tcx);
    }

    /** Exactly one program of ours on each direction of each lab interface. */
    public static void assertExactlyOneSet(NodeLab lab) throws Exception {
        for (String dev : LAB_INTERFACES) {
            for (String direction : DIRECTIONS) {
                assertEquals(1, ours(lab, dev, direction), "programs of ours on " + dev + " " + direction);
            }
        }
    }

    /** None of ours anywhere on the lab interfaces, and the foreign filter still in place. */
    public static void assertOnlyForeignLeft(NodeLab lab) throws Exception {
        for (String dev : LAB_INTERFACES) {
            for (String direction : DIRECTIONS) {
                assertEquals(0, ours(lab, dev, direction), "programs of ours left on " + dev + " " + direction);
            }
        }
        String cali1 = lab.nodeTc("filter", "show", "dev", "cali1", "ingress");
        assertTrue(cali1.contains("foreign_filter"), "the foreign filter must survive:\n" + cali1);
    }
}
