// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;

import net.inthostreporter.report.FlowId;
import net.inthostreporter.report.PacketObservation;

/**
 * A reusable, zero-copy view over one ring-buffer event: {@link #wrap} points it at the record
 * libbpf hands to the callback, and the accessors read the fields in place. Valid only during
 * that callback (the memory belongs to the ring); one instance per consumer thread.
 */
public final class EventView implements PacketObservation {
    private final FlowId flowIds = new FlowId();
    private MemorySegment event = MemorySegment.NULL;
    /** The flow id of the current event, computed once per event (the v2 encoder asks twice). */
    private int flowId;
    private boolean flowIdKnown;

    /**
     * Points the view at an event.
     *
     * @throws IllegalArgumentException when the record is shorter than its header says
     */
    public EventView wrap(MemorySegment record) {
        if (record.byteSize() < EventLayout.HEADER_SIZE) {
            throw new IllegalArgumentException("ring-buffer record of " + record.byteSize()
                    + " bytes is shorter than an event header (" + EventLayout.HEADER_SIZE + ")");
        }
        int snap = Short.toUnsignedInt(record.get(JAVA_SHORT_UNALIGNED, EventLayout.SNAP_LEN));
        if (EventLayout.HEADER_SIZE + snap > record.byteSize()) {
            throw new IllegalArgumentException("event says " + snap + " snapshot bytes but the record holds "
                    + (record.byteSize() - EventLayout.HEADER_SIZE));
        }
        this.event = record;
        this.flowIdKnown = false;
        return this;
    }

    public int type() {
        return Byte.toUnsignedInt(event.get(JAVA_BYTE, EventLayout.TYPE));
    }

    public int flags() {
        return Byte.toUnsignedInt(event.get(JAVA_BYTE, EventLayout.FLAGS));
    }

    public int snapLength() {
        return Short.toUnsignedInt(event.get(JAVA_SHORT_UNALIGNED, EventLayout.SNAP_LEN));
    }

    public int packetLength() {
        return event.get(JAVA_INT_UNALIGNED, EventLayout.PKT_LEN);
    }

    /** The kernel's skb drop reason value (0 for flows). */
    public int kernelDropReason() {
        return event.get(JAVA_INT_UNALIGNED, EventLayout.DROP_REASON);
    }

    @Override
    public boolean dropped() {
        return type() == EventLayout.TYPE_DROP;
    }

    @Override
    public int ingressPort() {
        return event.get(JAVA_INT_UNALIGNED, EventLayout.INGRESS_IFINDEX);
    }

    @Override
    public int egressPort() {
        return event.get(JAVA_INT_UNALIGNED, EventLayout.EGRESS_IFINDEX);
    }

    @Override
    public long ingressTimestampNs() {
        return event.get(JAVA_LONG_UNALIGNED, EventLayout.INGRESS_TS);
    }

    @Override
    public long egressTimestampNs() {
        return event.get(JAVA_LONG_UNALIGNED, EventLayout.EGRESS_TS);
    }

    @Override
    public MemorySegment frame() {
        return event.asSlice(EventLayout.DATA, snapLength());
    }

    // The encoders copy from the record itself: a slice per event is an allocation per event
    // under the launcher's C1-only JIT.
    @Override
    public long frameLength() {
        return snapLength();
    }

    @Override
    public MemorySegment frameMemory() {
        return event;
    }

    @Override
    public long frameOffset() {
        return EventLayout.DATA;
    }

    @Override
    public void copyFrame(MemorySegment dst, long at) {
        MemorySegment.copy(event, EventLayout.DATA, dst, at, snapLength());
    }

    @Override
    public void copyIngressAddresses(long from, MemorySegment dst, long at, long length) {
        MemorySegment.copy(event, EventLayout.INGRESS_TUPLE + EventLayout.TUPLE_SRC_ADDR + from, dst, at, length);
    }

    @Override
    public void copyIngressAddresses(byte[] dst, int at) {
        MemorySegment.copy(event, JAVA_BYTE, EventLayout.INGRESS_TUPLE + EventLayout.TUPLE_SRC_ADDR, dst, at, 32);
    }

    /** Hop latency through the host in nanoseconds. */
    public long hopLatencyNs() {
        return egressTimestampNs() - ingressTimestampNs();
    }

    @Override
    public MemorySegment ingressAddresses() {
        return event.asSlice(EventLayout.INGRESS_TUPLE + EventLayout.TUPLE_SRC_ADDR, 32);
    }

    @Override
    public int ingressIpVersion() {
        return Byte.toUnsignedInt(event.get(JAVA_BYTE, EventLayout.INGRESS_TUPLE + EventLayout.TUPLE_IP_VERSION));
    }

    @Override
    public int ingressProtocol() {
        return Byte.toUnsignedInt(event.get(JAVA_BYTE, EventLayout.INGRESS_TUPLE + EventLayout.TUPLE_L4_PROTO));
    }

    @Override
    public int ingressSourcePort() {
        return Short.toUnsignedInt(event.get(JAVA_SHORT_UNALIGNED, EventLayout.INGRESS_TUPLE + EventLayout.TUPLE_SRC_PORT));
    }

    @Override
    public int ingressDestinationPort() {
        return Short.toUnsignedInt(event.get(JAVA_SHORT_UNALIGNED, EventLayout.INGRESS_TUPLE + EventLayout.TUPLE_DST_PORT));
    }

    /** CRC-32C of the ingress-view tuple, see {@link FlowId}. */
    @Override
    public int flowId() {
        if (!flowIdKnown) {
            flowId = flowIds.of(this);
            flowIdKnown = true;
        }
        return flowId;
    }
}
