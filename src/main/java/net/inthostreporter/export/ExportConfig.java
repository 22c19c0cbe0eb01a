// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.export;

import java.time.Duration;

import net.inthostreporter.report.NatView;
import net.inthostreporter.report.ReportFormat;
import net.inthostreporter.report.ReportV05Encoder;
import net.inthostreporter.report.ReportV2Encoder;

/**
 * How reports leave the agent.
 *
 * @param format   v0.5 (one report per datagram) or v2 (reports grouped per datagram)
 * @param mtu      the path MTU toward the collector: datagrams stay within it, IP and UDP headers included
 * @param maxDelay the longest a report waits for others to share its datagram
 * @param natView  v0.5 only: INGRESS rewrites the inner headers of NATed packets to the tuple they
 *                 arrived with (v2.0 carries that tuple in its extension instead)
 */
public record ExportConfig(ReportFormat format, int mtu, Duration maxDelay, NatView natView) {
    public static final int DEFAULT_MTU = 1500;
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(1);
    /** The largest UDP payload an IPv4 datagram can have. */
    public static final int MAX_MTU = 65_535;
    private static final int IPV4_UDP_HEADERS = 20 + 8;
    private static final int IPV6_UDP_HEADERS = 40 + 8;

    public ExportConfig {
        if (maxDelay.isNegative() || maxDelay.isZero()) {
            throw new IllegalArgumentException("the report delay must be positive, got " + maxDelay);
        }
        if (mtu > MAX_MTU || mtu <= IPV6_UDP_HEADERS) {
            throw new IllegalArgumentException(mtu + " is not in " + (IPV6_UDP_HEADERS + 1) + ".." + MAX_MTU);
        }
    }

    /** Reports show NATed packets as they leave this hop (the egress view). */
    public ExportConfig(ReportFormat format, int mtu, Duration maxDelay) {
        this(format, mtu, maxDelay, NatView.EGRESS);
    }

    public static ExportConfig defaults() {
        return new ExportConfig(ReportFormat.V0_5, DEFAULT_MTU, DEFAULT_MAX_DELAY);
    }

    /** The largest UDP payload that keeps the datagram within the MTU (IPv4 or IPv6 headers). */
    public int maxPayload(boolean ipv6) {
        return Math.min(mtu - (ipv6 ? IPV6_UDP_HEADERS : IPV4_UDP_HEADERS), 65_507);
    }

    /**
     * Checks that a report of the largest inner frame fits in one datagram.
     *
     * @throws IllegalArgumentException naming the MTU that would be needed
     */
    public void checkFits(int snapLength, boolean ipv6) {
        int needed = largestDatagram(snapLength);
        if (needed > maxPayload(ipv6)) {
            throw new IllegalArgumentException(mtu + " is too small for " + format + " reports of " + snapLength
                    + "-byte snapshots: a datagram needs " + needed + " bytes of UDP payload, the MTU leaves "
                    + maxPayload(ipv6));
        }
    }

    /** The largest datagram one report makes in this format. */
    int largestDatagram(int snapLength) {
        return format == ReportFormat.V2
                ? ReportV2Encoder.GROUP_HEADER_SIZE + ReportV2Encoder.maxReportSize(snapLength)
                : ReportV05Encoder.maxReportSize(snapLength);
    }
}
