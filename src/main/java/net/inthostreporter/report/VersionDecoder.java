// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import java.nio.ByteBuffer;
import java.util.List;

/** Decodes the datagrams of one telemetry report version; {@link ReportDecoder} picks which. */
interface VersionDecoder {

    /** The version nibble (high 4 bits of the first byte) this decoder reads. */
    int version();

    /** Width of the sequence number in bits, which is where it wraps. */
    int sequenceBits();

    /**
     * Decodes a whole datagram (position to limit, not modified). v2.0 may hold several reports
     * in one datagram, hence the list.
     */
    List<DecodedReport> decode(ByteBuffer datagram) throws ReportFormatException;
}
