// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import java.lang.foreign.MemorySegment;

/**
 * One packet as seen by the host, in the terms a telemetry report needs. This is the encoders'
 * only input: the datapath implements it as a zero-copy view over a ring-buffer event, so the
 * report layer never learns where the observation came from.
 */
public interface PacketObservation {

    /** True when the packet was dropped on the host (a drop report), false for a forwarded one. */
    boolean dropped();

    /** Linux ifindex of the interface where the packet entered the host. */
    int ingressPort();

    /** Linux ifindex of the interface where the packet left the host (0 when unknown, e.g. drops). */
    int egressPort();

    /** Monotonic kernel time at the ingress hook, in nanoseconds. */
    long ingressTimestampNs();

    /** Monotonic kernel time at the egress hook (or at the drop), in nanoseconds. */
    long egressTimestampNs();

    /**
     * INT drop-reason code (0..255, see {@link IntDropReason}) of a source that carries its own
     * verdict (tests, synthetic streams). The agent's events do not: their code comes from the
     * drop-reason table and is handed to the sender beside the event.
     */
    default int intDropReason() {
        return 0;
    }

    /**
     * The first bytes of the Ethernet frame to embed as the report's inner frame (VXLAN outer
     * headers already stripped). Its whole size is copied, so the datapath decides the snap length.
     */
    MemorySegment frame();

    /**
     * The memory holding the frame, which starts at {@link #frameOffset()} in it: lets the
     * encoders read the frame in place (a view over a record answers without making a slice).
     */
    default MemorySegment frameMemory() {
        return frame();
    }

    /** Where the frame starts in {@link #frameMemory()}. */
    default long frameOffset() {
        return 0;
    }

    /** {@code frame().byteSize()}; a view over a record answers without making a slice. */
    default long frameLength() {
        return frame().byteSize();
    }

    /** Copies the whole frame to {@code dst} at {@code at}; a view over a record copies without making a slice. */
    default void copyFrame(MemorySegment dst, long at) {
        MemorySegment.copy(frame(), 0, dst, at, frameLength());
    }

    /**
     * The packet's 5-tuple as it was at the ingress hook, before any NAT on the host: IP version
     * (4 or 6; 0 when unknown), then {@link #ingressAddresses()}, protocol and ports. Reports that
     * carry the ingress view (v2.0 extension, --nat-view ingress) read these.
     */
    default int ingressIpVersion() {
        return 0;
    }

    /** 32 bytes: source address (16) then destination address (16), network order; IPv4 in the first 4 of each. */
    default MemorySegment ingressAddresses() {
        return MemorySegment.NULL;
    }

    /** Copies {@code length} bytes of {@link #ingressAddresses()} from {@code from} to {@code dst} at {@code at}. */
    default void copyIngressAddresses(long from, MemorySegment dst, long at, long length) {
        MemorySegment.copy(ingressAddresses(), from, dst, at, length);
    }

    /** Copies the 32 bytes of {@link #ingressAddresses()} into {@code dst} at {@code at}. */
    default void copyIngressAddresses(byte[] dst, int at) {
        MemorySegment.copy(ingressAddresses(), java.lang.foreign.ValueLayout.JAVA_BYTE, 0, dst, at, 32);
    }

    default int ingressProtocol() {
        return 0;
    }

    default int ingressSourcePort() {
        return 0;
    }

    default int ingressDestinationPort() {
        return 0;
    }

    /** A 32-bit id of the flow computed from the ingress-view 5-tuple: equal for all packets of a flow across NAT; 0 when unknown. */
    default int flowId() {
        return 0;
    }
}
