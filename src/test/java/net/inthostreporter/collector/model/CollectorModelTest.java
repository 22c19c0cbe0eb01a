// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import net.inthostreporter.collector.SequenceTracker.StreamStats;
import net.inthostreporter.report.DecodedReport;
import net.inthostreporter.report.IngressTuple;
import net.inthostreporter.report.InnerPacketParser;
import net.inthostreporter.report.IntDropReason;
import net.inthostreporter.report.SwitchId;

class CollectorModelTest {
    private static final long NODE1 = SwitchId.toUnsigned(SwitchId.parse("10.99.0.1"));
    private static final long NODE2 = SwitchId.toUnsigned(SwitchId.parse("10.99.0.2"));
    private static final long NODE3 = SwitchId.toUnsigned(SwitchId.parse("10.99.0.3"));
    private static final String POD1 = "10.244.1.11";
    private static final String POD2 = "10.244.2.12";

    private final AtomicLong wallClock = new AtomicLong(1_700_000_000_000L);
    private final CollectorModel model = new CollectorModel(100, wallClock::get, (s, l) -> { }, (s, r) -> { });

    /**
     * Node 2's clock is hours behind node 1's (its reports carry smaller timestamps for a later
     * moment) and its report arrives first: the path still starts at node 1, because the TTL in
     * node 1's snapshot is one higher, and each hop's latency is its own node's difference.
     */
    @Test
    void hopsFollowTheNetworkNotTheClocks() {
        SyntheticNode node1 = new SyntheticNode("10.99.0.1", 7_200_000_000_000L);
        SyntheticNode node2 = new SyntheticNode("10.99.0.2", 0);
        for (int packet = 0; packet < 20; packet++) {
            List<DecodedReport> atNode1 = node1.flow(5, 3, packet * 1_000_000L, 40_000,
                    SyntheticNode.udpFrame(POD1, 40000, POD2, 5201, 63, packet));
            List<DecodedReport> atNode2 = node2.flow(3, 7, packet * 1_000_000L + 50_000, 9_000,
                    SyntheticNode.udpFrame(POD1, 40000, POD2, 5201, 62, packet));
            model.accept(atNode2);
            model.accept(atNode1);
        }
        ModelSnapshot snapshot = model.snapshot();
        assertEquals(1, snapshot.flows().size());
        FlowView flow = snapshot.flows().getFirst();
        assertEquals(POD1, flow.tuple().srcText());
        assertEquals(POD2, flow.tuple().dstText());
        assertEquals(List.of(new HopKey(NODE1, 5, 3), new HopKey(NODE2, 3, 7)),
                flow.hops().stream().map(HopView::hop).toList());
        HopView first = flow.hops().get(0), second = flow.hops().get(1);
        assertEquals(20, first.reports());
        assertEquals(40_000, first.latencyP50Ns(), 400); // HdrHistogram, 2 significant digits
        assertEquals(40_000, first.latencyP99Ns(), 400);
        assertEquals(9_000, second.latencyP50Ns(), 90);
        assertEquals(49_000, flow.pathLatencyP50Ns(), 490);
        assertEquals(List.of(new LinkKey(NODE1, 3, NODE2, 3)),
                snapshot.links().stream().map(LinkView::key).toList());
        assertEquals(20, snapshot.links().getFirst().packets());
    }

    /**
     * Two L2 hops (equal TTLs) are ordered by a link learnt from a routed flow over the same
     * ports, whichever hop the collector heard from first.
     */
    @Test
    void hopsWithEqualTtlFollowInferredLinks() {
        SyntheticNode node1 = new SyntheticNode("10.99.0.1", 0);
        SyntheticNode node2 = new SyntheticNode("10.99.0.2", -5_000_000_000L);
        // A routed flow teaches the link node1:3 -> node2:3.
        model.accept(node1.flow(5, 3, 0, 1000, SyntheticNode.udpFrame(POD1, 1, POD2, 2, 63, 1)));
        model.accept(node2.flow(3, 7, 10, 1000, SyntheticNode.udpFrame(POD1, 1, POD2, 2, 62, 1)));
        // A bridged flow: both hops see TTL 64; node 2's report comes first.
        model.accept(node2.flow(3, 8, 20, 1000, SyntheticNode.udpFrame("10.244.1.20", 9, "10.244.2.30", 10, 64, 2)));
        model.accept(node1.flow(6, 3, 30, 1000, SyntheticNode.udpFrame("10.244.1.20", 9, "10.244.2.30", 10, 64, 2)));

        FlowView bridged = model.snapshot().flows().stream()
                .filter(f -> f.tuple().srcText().equals("10.244.1.20")).findFirst().orElseThrow();
        assertEquals(List.of(new HopKey(NODE1, 6, 3), new HopKey(NODE2, 3, 8)),
                bridged.hops().stream().map(HopView::hop).toList());
    }

    /** Without TTLs that differ or links, the first-heard hop comes first (and no link is invented). */
    @Test
    void equalTtlWithoutLinksKeepsArrivalOrder() {
        SyntheticNode node1 = new SyntheticNode("10.99.0.1", 0);
        SyntheticNode node3 = new SyntheticNode("10.99.0.3", 0);
        model.accept(node3.flow(1, 2, 0, 1000, SyntheticNode.udpFrame(POD1, 1, POD2, 2, 64, 1)));
        model.accept(node1.flow(3, 4, 0, 1000, SyntheticNode.udpFrame(POD1, 1, POD2, 2, 64, 1)));
        ModelSnapshot snapshot = model.snapshot();
        assertEquals(List.of(new HopKey(NODE3, 1, 2), new HopKey(NODE1, 3, 4)),
                snapshot.flows().getFirst().hops().stream().map(HopView::hop).toList());
        assertTrue(snapshot.links().isEmpty());
    }

    /**
     * Node 1 DNATs a Service address: its v2.0 reports carry the VIP tuple (and its flow id) as the
     * ingress tuple and the backend's in the snapshot; node 2 only knows the backend's. One flow,
     * named by the tuple the client sent, with node 1's flow id.
     */
    @Test
    void natIsCorrelatedByTheIngressTupleOfV2Reports() throws Exception {
        byte[] atNode1 = SyntheticNode.udpFrame(POD1, 40000, POD2, 8080, 63, 7);
        byte[] atNode2 = SyntheticNode.udpFrame(POD1, 40000, POD2, 8080, 62, 7);
        IngressTuple vip = new IngressTuple(4, InetAddress.getByName(POD1), InetAddress.getByName("10.96.0.10"), 17, 40000, 80);
        IngressTuple backend = new IngressTuple(4, InetAddress.getByName(POD1), InetAddress.getByName(POD2), 17, 40000, 8080);
        model.accept(List.of(v2Flow(NODE2, 1, 3, 7, atNode2, 0xBBBBL, backend)));
        model.accept(List.of(v2Flow(NODE1, 1, 5, 3, atNode1, 0xAAAAL, vip)));

        ModelSnapshot snapshot = model.snapshot();
        assertEquals(1, snapshot.flows().size());
        FlowView flow = snapshot.flows().getFirst();
        assertEquals("10.96.0.10", flow.tuple().dstText());
        assertEquals(80, flow.tuple().dstPort());
        assertEquals(0xAAAAL, flow.flowId());
        assertEquals(List.of(NODE1, NODE2), flow.hops().stream().map(h -> h.hop().switchId()).toList());
    }

    @Test
    void leastRecentlySeenFlowIsEvictedAndCounted() {
        CollectorModel small = new CollectorModel(2, wallClock::get, (s, l) -> { }, (s, r) -> { });
        SyntheticNode node1 = new SyntheticNode("10.99.0.1", 0);
        small.accept(node1.flow(5, 3, 0, 1000, SyntheticNode.udpFrame(POD1, 1, POD2, 2, 63, 1)));
        small.accept(node1.flow(5, 3, 0, 1000, SyntheticNode.udpFrame(POD1, 3, POD2, 4, 63, 2)));
        small.accept(node1.flow(5, 3, 0, 1000, SyntheticNode.udpFrame(POD1, 1, POD2, 2, 63, 3))); // seen again
        small.accept(node1.flow(5, 3, 0, 1000, SyntheticNode.udpFrame(POD1, 5, POD2, 6, 63, 4)));

        ModelSnapshot snapshot = small.snapshot();
        assertEquals(List.of(5, 1), snapshot.flows().stream().map(f -> f.tuple().srcPort()).toList());
        assertEquals(1, snapshot.totals().flowsEvicted());
        assertEquals(2, snapshot.totals().flows());
    }

    /** A snapshot larger than one chunk of the lock still lists every flow once, newest first. */
    @Test
    void snapshotsOfManyFlowsAreComplete() {
        SyntheticNode node1 = new SyntheticNode("10.99.0.1", 0);
        int flows = CollectorModel.SNAPSHOT_CHUNK * 2 + 500;
        CollectorModel big = new CollectorModel(flows, wallClock::get, (s, l) -> { }, (s, r) -> { });
        for (int port = 1; port <= flows; port++) {
            big.accept(node1.flow(5, 3, 0, 1000, SyntheticNode.udpFrame(POD1, port, POD2, 2, 63, port)));
        }
        List<Integer> ports = big.snapshot().flows().stream().map(f -> f.tuple().srcPort()).toList();
        assertEquals(flows, ports.size());
        assertEquals(flows, ports.getFirst());
        assertEquals(1, ports.getLast());
        assertEquals(flows, new java.util.HashSet<>(ports).size());
        assertEquals(10, big.snapshot(10).flows().size());
    }

    @Test
    void dropsAreAttributedToTheReportingSwitchWithTheFlowsTheyHit() {
        SyntheticNode node2 = new SyntheticNode("10.99.0.2", 0);
        model.accept(node2.drop(3, 0, IntDropReason.ACL_DENY, SyntheticNode.udpFrame(POD1, 1, POD2, 2, 63, 1)));
        model.accept(node2.drop(3, 10, IntDropReason.ACL_DENY, SyntheticNode.udpFrame(POD1, 1, POD2, 2, 63, 2)));
        model.accept(node2.drop(3, 20, IntDropReason.ACL_DENY, SyntheticNode.udpFrame(POD1, 7, POD2, 8, 63, 3)));

        ModelSnapshot snapshot = model.snapshot();
        assertEquals(1, snapshot.drops().size());
        DropView drop = snapshot.drops().getFirst();
        assertEquals(new DropKey(NODE2, 3, IntDropReason.ACL_DENY), drop.key());
        assertEquals(3, drop.count());
        assertEquals(List.of(7, 1), drop.flows().stream().map(TupleKey::srcPort).toList());
        assertTrue(snapshot.flows().isEmpty(), "a drop report makes no path");
        assertEquals(3, snapshot.totals().dropReports());
    }

    @Test
    void lossIsCountedPerSenderStream() {
        SyntheticNode node1 = new SyntheticNode("10.99.0.1", 0);
        SyntheticNode node2 = new SyntheticNode("10.99.0.2", 0);
        byte[] frame = SyntheticNode.udpFrame(POD1, 1, POD2, 2, 63, 1);
        model.accept(node1.flow(5, 3, 0, 1000, frame));
        node1.lose(3);
        model.accept(node1.flow(5, 3, 0, 1000, frame));
        model.accept(node2.flow(3, 7, 0, 1000, frame));
        model.accept(node2.flow(3, 7, 0, 1000, frame));

        List<SwitchView> switches = model.snapshot().switches();
        assertEquals(List.of(NODE1, NODE2), switches.stream().map(SwitchView::switchId).toList());
        assertEquals(3, switches.get(0).lost());
        assertEquals(0, switches.get(1).lost());
        StreamStats stream = switches.get(0).streams().getFirst();
        assertEquals(2, stream.received());
        assertEquals(3, model.totals().lost());
    }

    @Test
    void listenersHearOfEveryDatagram() {
        AtomicLong heard = new AtomicLong();
        model.addListener(heard::set);
        SyntheticNode node1 = new SyntheticNode("10.99.0.1", 0);
        model.accept(node1.flow(5, 3, 0, 1000, SyntheticNode.udpFrame(POD1, 1, POD2, 2, 63, 1)));
        model.accept(node1.flow(5, 3, 0, 1000, SyntheticNode.udpFrame(POD1, 1, POD2, 2, 63, 2)));
        assertEquals(2, heard.get());
        assertEquals(2, model.version());
    }

    private static DecodedReport v2Flow(long switchId, long seq, int in, int out, byte[] frame, long flowId,
                                        IngressTuple ingress) {
        return new DecodedReport(2, -1, false, false, true, 0, seq, 1000, switchId, in, out, 0, 0, 6000, -1, 5000,
                frame, InnerPacketParser.parse(frame), flowId, ingress, 1);
    }
}
