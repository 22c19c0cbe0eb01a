// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.StringJoiner;

import net.inthostreporter.collector.model.CollectorModel;
import net.inthostreporter.report.DecodedReport;
import net.inthostreporter.report.ReportDecoder;
import net.inthostreporter.report.ReportFormatException;
import net.inthostreporter.report.SwitchId;

/**
 * The receive loop of the collector: datagram → reports → the model (flows, paths, drops,
 * sequence accounting) → printed line.
 * It owns no socket setup and no command-line concerns; {@link CollectorCommand} does those.
 *
 * <p>{@link #run} runs on one thread; {@link #stop} may be called from any other (a signal's
 * shutdown hook, a duration timer) and ends it by closing the channel.
 */
final class ReportCollector {

    /** Larger than any UDP payload, so no datagram is silently cut (jumbo frames included). */
    static final int RECEIVE_BUFFER_SIZE = 65_536;

    private final DatagramChannel channel;
    private final ReportPrinter printer;
    private final CollectorModel model;
    private final RateLimitedWarnings warnings;
    private final ReportDecoder decoder = new ReportDecoder();
    private final ByteBuffer buffer = ByteBuffer.allocate(RECEIVE_BUFFER_SIZE);
    private volatile boolean stopping;
    private long reports;
    private long malformed;

    ReportCollector(DatagramChannel channel, ReportPrinter printer, CollectorModel model, RateLimitedWarnings warnings) {
        this.channel = channel;
        this.printer = printer;
        this.model = model;
        this.warnings = warnings;
    }

    /**
     * Receives and prints reports until {@code maxReports} have been printed (0 = no limit) or
     * {@link #stop} is called.
     *
     * @throws IOException if receiving fails for another reason than being stopped
     */
    void run(long maxReports) throws IOException {
        while (!stopping && (maxReports == 0 || reports < maxReports)) {
            SocketAddress from;
            buffer.clear();
            try {
                from = channel.receive(buffer);
            } catch (ClosedChannelException e) { // includes AsynchronousCloseException: stop() closed it
                if (stopping) {
                    return;
                }
                throw e;
            }
            buffer.flip();
            handle(from, maxReports);
        }
    }

    private void handle(SocketAddress from, long maxReports) {
        List<DecodedReport> decoded;
        try {
            decoded = decoder.decode(buffer);
        } catch (ReportFormatException e) {
            malformed++;
            warnings.warn("malformed report from " + Endpoints.format(from) + " (" + buffer.remaining() + " bytes): "
                    + e.getMessage());
            return;
        }
        if (maxReports != 0 && reports + decoded.size() > maxReports) {
            decoded = decoded.subList(0, (int) (maxReports - reports));
        }
        model.accept(decoded);
        for (DecodedReport report : decoded) {
            printer.print(report);
        }
        reports += decoded.size();
    }

    /** Ends {@link #run} from another thread. */
    void stop() {
        stopping = true;
        try {
            channel.close();
        } catch (IOException e) {
            // Closing only serves to wake the receiving thread; a failure leaves nothing to clean.
        }
    }

    long reports() {
        return reports;
    }

    long malformed() {
        return malformed;
    }

    /** Counters of every stream seen, once {@link #run} has returned. */
    List<SequenceTracker.StreamStats> streams() {
        return model.streams();
    }

    /**
     * One line: totals, then per (switch_id, hw_id) stream, e.g.
     * {@code summary: reports=3 malformed=1 lost=1 streams: sw=10.0.0.1 hw=0 received=3 lost=1 duplicates=0 reordered=0}.
     */
    String summary() {
        List<SequenceTracker.StreamStats> streams = streams();
        long lost = streams.stream().mapToLong(SequenceTracker.StreamStats::lost).sum();
        StringJoiner perStream = new StringJoiner("; ");
        for (SequenceTracker.StreamStats s : streams) {
            String sw = s.switchId() < 0 ? "none" : SwitchId.toDotted(s.switchId());
            StringBuilder one = new StringBuilder()
                    .append("sw=").append(sw).append(" hw=").append(s.hwId())
                    .append(" received=").append(s.received()).append(" lost=").append(s.lost())
                    .append(" duplicates=").append(s.duplicates()).append(" reordered=").append(s.reordered());
            if (s.restarts() > 0) {
                one.append(" restarts=").append(s.restarts());
            }
            perStream.add(one);
        }
        return "summary: reports=" + reports + " malformed=" + malformed + " lost=" + lost
                + " streams: " + (streams.isEmpty() ? "none" : perStream.toString());
    }
}
