// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.config;

/**
 * A problem in a configuration source, one line for the operator: {@code SOURCE:LINE: reason}
 * (without the line when it is not at one, line 0). The watchlist's and the YAML reader's
 * problems are this, so each names the file and line the same way.
 */
public class SourceProblem extends Exception {
    private final String source;
    private final int line;
    private final String reason;

    public SourceProblem(String source, int line, String reason) {
        super(source + (line > 0 ? ":" + line : "") + ": " + reason);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    public final String source() {
        return source;
    }

    /** 1-based; 0 when the problem is not at a line. */
    public final int line() {
        return line;
    }

    public final String reason() {
        return reason;
    }
}
