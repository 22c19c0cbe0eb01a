// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.export;

import java.net.InetSocketAddress;

import net.inthostreporter.report.ReportEncoder;
import net.inthostreporter.report.ReportFormat;
import net.inthostreporter.report.ReportV05Encoder;
import net.inthostreporter.report.ReportV2Encoder;

/** Opens the sender for a report format. */
public final class ReportSenders {
    /** Datagrams per sendmmsg call: one GSO message of equal v0.5 reports holds up to this many. */
    static final int BATCH_DATAGRAMS = DatagramBatch.MAX_SEGMENTS;

    private ReportSenders() {
    }

    /**
     * Opens a UDP socket toward the collector and the sender of {@code config.format()}.
     *
     * @param switchId   the node's switch_id (v2.0: the Node ID)
     * @param hwId       the report stream, 0..63
     * @param snapLength the largest inner frame, to size the buffers
     * @throws IllegalArgumentException if one report cannot fit in a datagram of the MTU
     */
    public static ReportSender open(InetSocketAddress collector, int switchId, int hwId, int snapLength,
                                    ExportConfig config) {
        return open(collector, switchId, hwId, snapLength, config, true);
    }

    /** As {@link #open(InetSocketAddress, int, int, int, ExportConfig)}, choosing whether to try UDP segmentation offload. */
    public static ReportSender open(InetSocketAddress collector, int switchId, int hwId, int snapLength,
                                    ExportConfig config, boolean gso) {
        UdpSocket socket = UdpSocket.open(collector);
        try {
            config.checkFits(snapLength, socket.isIpv6());
            int maxPayload = config.maxPayload(socket.isIpv6());
            ExportCounters counters = new ExportCounters();
            SendErrorLog errors = new SendErrorLog(collector);
            // The formats differ only in the encoder and in the datagram size: a v2.0 datagram
            // groups reports up to the payload limit, a v0.5 one is a single report.
            ReportEncoder encoder;
            int datagram;
            if (config.format() == ReportFormat.V2) {
                encoder = new ReportV2Encoder(switchId, hwId);
                datagram = maxPayload;
            } else {
                encoder = new ReportV05Encoder(switchId, hwId, config.natView());
                datagram = Math.min(maxPayload, ReportV05Encoder.maxReportSize(snapLength));
            }
            DatagramBatch batch = new DatagramBatch(socket, BATCH_DATAGRAMS, datagram, gso, counters, errors);
            return new GroupingSender(socket, collector, config.maxDelay(), batch, counters, encoder);
        } catch (RuntimeException | Error e) {
            socket.close();
            throw e;
        }
    }
}
