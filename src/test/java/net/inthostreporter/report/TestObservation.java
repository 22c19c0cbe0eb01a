// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import java.lang.foreign.MemorySegment;

/** Test helper: a packet observation holding plain values, the frame on the heap. */
public record TestObservation(boolean dropped, int ingressPort, int egressPort, long ingressTimestampNs,
                              long egressTimestampNs, int intDropReason, MemorySegment frame)
        implements PacketObservation {

    public static TestObservation flow(int in, int out, long ingressTs, long egressTs, byte[] frame) {
        return new TestObservation(false, in, out, ingressTs, egressTs, 0, MemorySegment.ofArray(frame));
    }

    public static TestObservation drop(int in, int out, long ingressTs, int reason, byte[] frame) {
        return new TestObservation(true, in, out, ingressTs, ingressTs, reason, MemorySegment.ofArray(frame));
    }
}
