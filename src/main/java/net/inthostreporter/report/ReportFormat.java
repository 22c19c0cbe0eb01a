// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

/** The telemetry report versions the agent can send, as named on the command line. */
public enum ReportFormat {
    /** Telemetry Report v0.5: one report per datagram, what DeepInsight reads. */
    V0_5("v0.5"),
    /** Telemetry Report v2.0: a group header and several individual reports per datagram. */
    V2("v2");

    private final String text;

    ReportFormat(String text) {
        this.text = text;
    }

    /** Parses "v0.5" or "v2" (also "0.5", "2", "v2.0"). */
    public static ReportFormat parse(String text) {
        return switch (text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "v0.5", "0.5" -> V0_5;
            case "v2", "v2.0", "2", "2.0" -> V2;
            default -> throw new IllegalArgumentException("'" + text + "' is not a report format: use v0.5 or v2");
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
