// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

/** A datagram that cannot be read as a telemetry report: too short, unknown version, bad field. */
public final class ReportFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public ReportFormatException(String message) {
        super(message);
    }
}
