// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One flow: the tuples it is known by (the snapshot's and, from v2.0 reports, the ingress tuple:
 * both name the same flow across a NAT), its hops, and the fingerprints of its last few
 * reported packets with the hop and TTL that reported them (to infer links). Only touched under
 * the model's lock.
 */
final class FlowRecord {
    static final int MAX_HOPS = 16;
    static final int MAX_TUPLES = 4;
    /** Reports of one packet from consecutive hops arrive close together; a few suffice. */
    static final int RECENT_PACKETS = 4;

    final TupleKey primary;
    final List<TupleKey> tuples = new ArrayList<>(2);
    final List<HopStats> hops = new ArrayList<>(2);
    private final long[] recentFingerprints = new long[RECENT_PACKETS];
    private final HopStats[] recentHops = new HopStats[RECENT_PACKETS];
    private final int[] recentTtls = new int[RECENT_PACKETS];
    private int recentNext;
    private long hopsSeen;
    long lastSeenMillis;

    FlowRecord(TupleKey primary) {
        this.primary = primary;
        tuples.add(primary);
    }

    /** The hop's statistics, created on first sight; null when the flow already has {@value #MAX_HOPS} hops. */
    HopStats hop(HopKey key) {
        for (HopStats h : hops) {
            if (h.key.equals(key)) {
                return h;
            }
        }
        if (hops.size() >= MAX_HOPS) {
            return null;
        }
        HopStats created = new HopStats(key, hopsSeen++);
        hops.add(created);
        return created;
    }

    /**
     * Remembers that {@code hop} reported the packet {@code fingerprint} with {@code ttl} and
     * hands every earlier report of the same packet, from another switch, to {@code sameSeen}.
     */
    void notePacket(long fingerprint, HopStats hop, int ttl, SamePacket sameSeen) {
        if (fingerprint == PacketFingerprint.NONE || ttl < 0) {
            return;
        }
        for (int i = 0; i < RECENT_PACKETS; i++) {
            HopStats other = recentHops[i];
            if (other != null && recentFingerprints[i] == fingerprint && other.key.switchId() != hop.key.switchId()) {
                sameSeen.seen(other, recentTtls[i]);
            }
        }
        recentFingerprints[recentNext] = fingerprint;
        recentHops[recentNext] = hop;
        recentTtls[recentNext] = ttl;
        recentNext = (recentNext + 1) % RECENT_PACKETS;
    }

    @FunctionalInterface
    interface SamePacket {
        void seen(HopStats otherHop, int otherTtl);
    }
}
