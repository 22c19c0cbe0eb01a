// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import java.lang.foreign.MemorySegment;

/**
 * Writes the reports of one Telemetry Report version into a datagram buffer, at absolute
 * offsets in a {@link MemorySegment}. What differs between the versions is in here: the header
 * a datagram starts with, how many reports it groups, how sequence numbers wrap, and the bytes
 * of each report. A sender numbers the reports, fills datagrams and sends them, the same for
 * both versions. Implementations allocate nothing per report.
 */
public interface ReportEncoder {

    /** Bytes of the header that starts every datagram before its first report (0 when the format has none). */
    int groupHeaderSize();

    /** Most reports one datagram carries. */
    int maxReportsPerDatagram();

    /** The bits a sequence number keeps: numbers wrap at {@code sequenceMask() + 1} (as unsigned). */
    int sequenceMask();

    /** Writes the header of a datagram whose first report has sequence number {@code firstSeqNo}. */
    void encodeGroupHeader(int firstSeqNo, MemorySegment out, long offset);

    /** Bytes {@link #encodeReport} writes for this observation. */
    int reportSize(PacketObservation obs);

    /**
     * Writes one report at {@code offset}.
     *
     * @param intDropReason the INT drop-reason code of a drop (ignored for a forwarded packet)
     * @param seqNo         the report's sequence number (formats that number datagrams, not
     *                      reports, carry it in the group header instead)
     * @return the number of bytes written, {@link #reportSize}
     * @throws IndexOutOfBoundsException if it does not fit in {@code out} (nothing is written then)
     * @throws IllegalArgumentException  if the format cannot carry this observation
     */
    int encodeReport(PacketObservation obs, int intDropReason, int seqNo, MemorySegment out, long offset);
}
