// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector;

import java.io.PrintWriter;

import net.inthostreporter.report.DecodedReport;

/**
 * Shows one decoded report as one line. Each line is flushed at once, because whoever reads the
 * collector's output (a person, or a test reading stdout while the collector runs) wants each
 * report when it arrives.
 */
public interface ReportPrinter {

    void print(DecodedReport report);

    /** The printer for the chosen output: JSON Lines or human-readable text. */
    static ReportPrinter create(boolean json, PrintWriter out) {
        return json ? new JsonReportPrinter(out) : new TextReportPrinter(out);
    }
}
