// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

/**
 * A watchlist file that cannot be used; the message is one line, {@code FILE:LINE: reason}
 * (without the line when the file could not be read at all).
 */
public final class WatchlistException extends Exception {
    private final String source;
    private final int line;
    private final String reason;

    public WatchlistException(String source, int line, String reason) {
        super(source + (line > 0 ? ":" + line : "") + ": " + reason);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    public String source() {
        return source;
    }

    /** 1-based; 0 when the problem is not at a line. */
    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
