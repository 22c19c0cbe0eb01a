// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import net.inthostreporter.config.SourceProblem;

/**
 * A watchlist file that cannot be used; the message is one line, {@code FILE:LINE: reason}
 * (without the line when the file could not be read at all).
 */
public final class WatchlistException extends SourceProblem {
    public WatchlistException(String source, int line, String reason) {
        super(source, line, reason);
    }
}
