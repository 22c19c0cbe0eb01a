// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import java.util.List;

/**
 * What the agent reports: every packet ({@link #all()}, when no file is given), or the
 * packets that a rule matches and no exclude does.
 */
public record Watchlist(boolean watchEverything, List<WatchRule> rules, List<WatchRule> excludes) {
    /** Entries of {@code rules:} at most (one bit each in the datapath's bitmaps). */
    public static final int MAX_RULES = 128;
    /** Entries of {@code exclude:} at most. */
    public static final int MAX_EXCLUDES = 128;

    public Watchlist {
        rules = List.copyOf(rules);
        excludes = List.copyOf(excludes);
        if (rules.size() > MAX_RULES) {
            throw new IllegalArgumentException("too many rules: " + rules.size() + " (at most " + MAX_RULES + ")");
        }
        if (excludes.size() > MAX_EXCLUDES) {
            throw new IllegalArgumentException("too many excludes: " + excludes.size() + " (at most " + MAX_EXCLUDES + ")");
        }
        if (watchEverything && (!rules.isEmpty() || !excludes.isEmpty())) {
            throw new IllegalArgumentException("a watch-everything list has no entries");
        }
    }

    public static Watchlist all() {
        return new Watchlist(true, List.of(), List.of());
    }

    public static Watchlist of(List<WatchRule> rules, List<WatchRule> excludes) {
        return new Watchlist(false, rules, excludes);
    }
}
