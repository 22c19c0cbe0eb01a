// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Decodes telemetry report datagrams of any supported version, dispatching on the version nibble
 * (the high 4 bits of the first byte, where both v0.5 and v2.0 put it): v0.5 (nibble 0) and
 * v2.0 (nibble 2).
 *
 * <p>Stateless and thread-safe.
 */
public final class ReportDecoder {

    private static final List<VersionDecoder> DECODERS = List.of(new ReportV05Decoder(), new ReportV2Decoder());

    /**
     * Decodes one datagram, from its position to its limit (the buffer is not modified).
     *
     * @return the reports it holds (v0.5: exactly one; v2.0: one or more)
     * @throws ReportFormatException if the datagram is empty, of an unsupported version, or malformed
     */
    public List<DecodedReport> decode(ByteBuffer datagram) throws ReportFormatException {
        if (!datagram.hasRemaining()) {
            throw new ReportFormatException("empty datagram: no telemetry report header");
        }
        int version = (datagram.get(datagram.position()) & 0xF0) >>> 4;
        return decoderFor(version).decode(datagram);
    }

    /** Decodes a datagram held in a byte array. */
    public List<DecodedReport> decode(byte[] datagram) throws ReportFormatException {
        return decode(ByteBuffer.wrap(datagram));
    }

    /** Decodes a datagram that must hold exactly one report (always true for v0.5). */
    public DecodedReport decodeSingle(byte[] datagram) throws ReportFormatException {
        List<DecodedReport> reports = decode(datagram);
        if (reports.size() != 1) {
            throw new ReportFormatException("expected one report in the datagram, found " + reports.size());
        }
        return reports.getFirst();
    }

    /** Width in bits of the sequence number of a version, i.e. where it wraps (v0.5: 32, v2.0: 22). */
    public static int sequenceBits(int version) throws ReportFormatException {
        return decoderFor(version).sequenceBits();
    }

    private static VersionDecoder decoderFor(int version) throws ReportFormatException {
        for (VersionDecoder decoder : DECODERS) {
            if (decoder.version() == version) {
                return decoder;
            }
        }
        throw new ReportFormatException("unsupported telemetry report version " + version
                + " (supported: 0 = v0.5, 2 = v2.0)");
    }
}
