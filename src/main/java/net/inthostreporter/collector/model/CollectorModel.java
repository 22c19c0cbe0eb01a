// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

import net.inthostreporter.collector.SequenceTracker;
import net.inthostreporter.collector.SequenceTracker.StreamStats;
import net.inthostreporter.report.DecodedReport;
import net.inthostreporter.report.FrameTtl;
import net.inthostreporter.report.ReportDecoder;
import net.inthostreporter.report.ReportFormatException;

/**
 * The collector's picture of the network, built from reports of any number of senders: flows
 * with their paths, drops, sender streams with their loss, inferred links. Memory is bounded:
 * at most {@code maxFlows} flows (the least recently seen one is evicted and counted), at most
 * {@value FlowRecord#MAX_HOPS} hops per flow, {@value #MAX_SWITCHES} switches,
 * {@value DropTable#MAX_DROPS} drop entries and {@value LinkTable#MAX_LINKS} links.
 *
 * <p>One thread feeds it ({@link #accept}); any thread may take a {@link #snapshot} or read the
 * counters (one lock; a snapshot of many flows holds it while it copies them).
 * {@link #addListener Listeners} hear of every change without taking the lock.
 */
public final class CollectorModel {
    public static final int DEFAULT_MAX_FLOWS = 100_000;
    /** Bounds the per-switch tables and every metric labelled by switch id. */
    public static final int MAX_SWITCHES = 1024;
    /** Flows whose views a snapshot builds per hold of the lock. */
    static final int SNAPSHOT_CHUNK = 1000;

    /** Receives every hop latency as it is accepted (the Prometheus histogram). */
    @FunctionalInterface
    public interface LatencyObserver {
        void observe(long switchId, long latencyNs);
    }

    /** Receives every drop as it is accepted (the Prometheus counter). */
    @FunctionalInterface
    public interface DropObserver {
        void observe(long switchId, int reason);
    }

    private static final class SwitchStats {
        long reports;
        long lastSeenMillis;
    }

    private final int maxFlows;
    private final LongSupplier clockMillis;
    private final LatencyObserver latencyObserver;
    private final DropObserver dropObserver;
    private final List<ModelListener> listeners = new CopyOnWriteArrayList<>();

    /** Flows by their first tuple, access-ordered: the eldest is the least recently seen; evicted past the limit. */
    private final LinkedHashMap<TupleKey, FlowRecord> flows = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TupleKey, FlowRecord> eldest) {
            if (size() <= maxFlows) {
                return false;
            }
            for (TupleKey t : eldest.getValue().tuples) {
                byTuple.remove(t, eldest.getValue());
            }
            flowsEvicted++;
            return true;
        }
    };
    /** Every tuple a flow is known by (its first one included). */
    private final Map<TupleKey, FlowRecord> byTuple = new HashMap<>(1024);
    private final Map<Long, SwitchStats> switches = new HashMap<>();
    // One tracker per report version: each version has its own sequence width.
    private final Map<Integer, SequenceTracker> trackers = new TreeMap<>();
    private final DropTable drops = new DropTable();
    private final LinkTable links = new LinkTable();
    private final PacketFingerprint fingerprints = new PacketFingerprint();
    private long version;
    private long reports;
    private long dropReports;
    private long flowsEvicted;
    private long withoutFlow;
    private long untrackedSwitch;
    private long hopsRefused;

    public CollectorModel(int maxFlows, LongSupplier clockMillis, LatencyObserver latencyObserver,
                          DropObserver dropObserver) {
        if (maxFlows < 1) {
            throw new IllegalArgumentException("maxFlows must be at least 1, got " + maxFlows);
        }
        this.maxFlows = maxFlows;
        this.clockMillis = clockMillis;
        this.latencyObserver = latencyObserver;
        this.dropObserver = dropObserver;
    }

    /** A model without metrics observers, on the wall clock. */
    public CollectorModel(int maxFlows) {
        this(maxFlows, System::currentTimeMillis, (s, l) -> { }, (s, r) -> { });
    }

    public void addListener(ModelListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ModelListener listener) {
        listeners.remove(listener);
    }

    /** Takes in the reports of one datagram, then tells the listeners. */
    public void accept(List<DecodedReport> datagram) {
        long now = clockMillis.getAsLong();
        long v;
        synchronized (this) {
            for (DecodedReport r : datagram) {
                acceptOne(r, now);
            }
            v = version;
        }
        for (ModelListener l : listeners) {
            l.changed(v);
        }
    }

    private void acceptOne(DecodedReport r, long now) {
        version++;
        reports++;
        long switchId = r.switchId();
        SwitchStats sw = switches.get(switchId);
        if (sw == null) {
            if (switches.size() >= MAX_SWITCHES) {
                untrackedSwitch++;
                return;
            }
            sw = new SwitchStats();
            switches.put(switchId, sw);
        }
        sw.reports++;
        sw.lastSeenMillis = now;
        trackerFor(r.version()).record(switchId, r.hwId(), r.seqNo());

        TupleKey inner = TupleKey.of(r.inner());
        TupleKey ingress = TupleKey.of(r.ingressTuple());
        if (r.isDropReport()) {
            dropReports++;
            int port = r.egressPort() > 0 ? r.egressPort() : r.ingressPort();
            drops.record(new DropKey(switchId, port, r.dropReason()), ingress != null ? ingress : inner, now);
            dropObserver.observe(switchId, r.dropReason());
            return;
        }
        if (inner == null) {
            withoutFlow++;
            return;
        }
        FlowRecord flow = flowFor(ingress, inner);
        flow.lastSeenMillis = now;
        HopStats hop = flow.hop(new HopKey(switchId, r.ingressPort(), r.egressPort()));
        if (hop == null) {
            hopsRefused++;
            return;
        }
        hop.reports++;
        hop.lastSeenMillis = now;
        hop.recordLatency(r.hopLatencyNs());
        if (r.hopLatencyNs() >= 0) {
            latencyObserver.observe(switchId, r.hopLatencyNs());
        }
        if (r.flowId() >= 0) {
            hop.flowId = r.flowId();
        }
        // Keep the stored tuples unless they changed: a fresh object per report stored into a
        // long-lived hop would survive every young collection and fill the old generation.
        if (!java.util.Objects.equals(hop.ingressTuple, ingress)) {
            hop.ingressTuple = ingress;
        }
        if (!inner.equals(hop.innerTuple)) {
            hop.innerTuple = inner;
        }
        MemorySegment frame = r.innerFrameView();
        int ttl = FrameTtl.of(frame);
        hop.ttl = ttl;
        flow.notePacket(fingerprints.of(frame, r.inner()), hop, ttl, (other, otherTtl) -> {
            if (otherTtl == ttl + 1) {
                links.confirm(new LinkKey(other.key.switchId(), other.key.egressPort(), switchId, hop.key.ingressPort()), now);
            } else if (ttl == otherTtl + 1) {
                links.confirm(new LinkKey(switchId, hop.key.egressPort(), other.key.switchId(), other.key.ingressPort()), now);
            }
        });
    }

    /**
     * The flow known by either tuple (the ingress tuple first: it is the same on every hop of a
     * NATed flow's first node), created under the ingress tuple if neither is known; the other
     * tuple becomes one more name of the flow.
     */
    private FlowRecord flowFor(TupleKey ingress, TupleKey inner) {
        FlowRecord flow = ingress == null ? null : byTuple.get(ingress);
        if (flow == null) {
            flow = byTuple.get(inner);
        }
        if (flow == null) {
            flow = new FlowRecord(ingress != null ? ingress : inner);
            byTuple.put(flow.primary, flow);
            flows.put(flow.primary, flow); // may evict the least recently seen flow
        } else {
            flows.get(flow.primary); // touch: most recently seen
        }
        alias(flow, ingress);
        alias(flow, inner);
        return flow;
    }

    private void alias(FlowRecord flow, TupleKey tuple) {
        if (tuple != null && flow.tuples.size() < FlowRecord.MAX_TUPLES && !byTuple.containsKey(tuple)) {
            byTuple.put(tuple, flow);
            flow.tuples.add(tuple);
        }
    }

    private SequenceTracker trackerFor(int reportVersion) {
        return trackers.computeIfAbsent(reportVersion, v -> {
            try {
                return new SequenceTracker(ReportDecoder.sequenceBits(v));
            } catch (ReportFormatException e) {
                throw new IllegalStateException("decoded a report of a version without a decoder", e);
            }
        });
    }

    /** Grows by one per accepted report; a cheap way to tell whether anything changed. */
    public synchronized long version() {
        return version;
    }

    /** Everything, flows most recently seen first. */
    public ModelSnapshot snapshot() {
        return snapshot(Integer.MAX_VALUE);
    }

    /**
     * Everything, with at most {@code maxFlowsInSnapshot} flows (the most recently seen). Flows
     * are read {@value #SNAPSHOT_CHUNK} at a time under the lock, so a snapshot of 100 000 flows
     * (quantiles and path order computed for each) never stops the receiving thread for longer
     * than a chunk takes; each flow is consistent in itself, the list is as of its start.
     */
    public ModelSnapshot snapshot(int maxFlowsInSnapshot) {
        List<FlowRecord> recent;
        synchronized (this) {
            recent = new ArrayList<>(Math.min(maxFlowsInSnapshot, flows.size()));
            for (FlowRecord f : flows.sequencedValues().reversed()) {
                if (recent.size() >= maxFlowsInSnapshot) {
                    break;
                }
                recent.add(f);
            }
        }
        List<FlowView> flowViews = new ArrayList<>(recent.size());
        for (int start = 0; start < recent.size(); start += SNAPSHOT_CHUNK) {
            synchronized (this) {
                for (FlowRecord f : recent.subList(start, Math.min(recent.size(), start + SNAPSHOT_CHUNK))) {
                    flowViews.add(view(f));
                }
            }
        }
        synchronized (this) {
            return new ModelSnapshot(version, clockMillis.getAsLong(), flowViews, drops.views(), switchViews(),
                    links.views(), totals());
        }
    }

    private FlowView view(FlowRecord f) {
        List<HopStats> ordered = PathOrder.order(f.hops, links);
        List<HopView> hops = new ArrayList<>(ordered.size());
        long p50Sum = 0, p99Sum = 0;
        boolean anyLatency = false;
        for (HopStats h : ordered) {
            long p50 = h.latencyAtPercentile(50);
            long p99 = h.latencyAtPercentile(99);
            if (p50 >= 0) {
                anyLatency = true;
                p50Sum += p50;
                p99Sum += p99;
            }
            hops.add(new HopView(h.key, p50, p99, h.reports, h.ttl, h.lastSeenMillis));
        }
        HopStats first = ordered.isEmpty() ? null : ordered.getFirst();
        TupleKey tuple = first == null ? f.primary : first.enteringTuple();
        long flowId = first == null ? -1 : first.flowId;
        return new FlowView(tuple, flowId, f.lastSeenMillis, hops, anyLatency ? p50Sum : -1, anyLatency ? p99Sum : -1);
    }

    private List<SwitchView> switchViews() {
        Map<Long, List<StreamStats>> streams = new HashMap<>();
        for (SequenceTracker t : trackers.values()) {
            for (StreamStats s : t.streams()) {
                streams.computeIfAbsent(s.switchId(), k -> new ArrayList<>()).add(s);
            }
        }
        List<SwitchView> result = new ArrayList<>(switches.size());
        switches.forEach((id, s) -> result.add(new SwitchView(id, s.reports, s.lastSeenMillis,
                streams.getOrDefault(id, List.of()))));
        result.sort(java.util.Comparator.comparingLong(SwitchView::switchId));
        return result;
    }

    /** Loss per stream over every report version, ordered by switch id then hw_id within a version. */
    public synchronized List<StreamStats> streams() {
        return trackers.values().stream().flatMap(t -> t.streams().stream()).toList();
    }

    public synchronized ModelTotals totals() {
        long lost = 0;
        for (SequenceTracker t : trackers.values()) {
            lost += t.total().lost();
        }
        return new ModelTotals(reports, dropReports, lost, flows.size(), flowsEvicted, withoutFlow, untrackedSwitch,
                hopsRefused, drops.evicted(), links.evicted());
    }
}
