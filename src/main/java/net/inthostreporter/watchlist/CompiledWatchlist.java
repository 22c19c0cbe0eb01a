// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import java.util.List;
import java.util.Map;

/**
 * A watchlist as the datapath's maps hold it (see src/main/bpf/ihr_watchlist.h): per field,
 * the 256-bit bitmap of the entries that accept each value. Rules own bits 0..127 and
 * excludes bits 128..255. Arrays are shared, not copied: treat them as read-only.
 *
 * @param everything   no watchlist: every packet is watched and the tables are unused
 * @param addresses    per address field ({@link #SRC4}..{@link #DST6}) and prefix: the bitmap of
 *                     every entry whose prefix covers it, so that the longest match alone answers
 * @param protocols    [family * 256 + IPPROTO_*] (family 0 = IPv4, 1 = IPv6) → bitmap
 * @param portClasses  [direction][port] → class (direction 0 = source, 1 = destination)
 * @param classBits    [direction] → bitmap of each class
 */
public record CompiledWatchlist(boolean everything, Map<AddressKey, long[]> addresses, long[][] protocols,
                                short[][] portClasses, List<List<long[]>> classBits) {
    public static final int WORDS = 4;
    public static final int EXCLUDE_BIT_BASE = 128;
    public static final int SRC4 = 0;
    public static final int DST4 = 1;
    public static final int SRC6 = 2;
    public static final int DST6 = 3;

    /** An LPM trie key: which address field, and the prefix. */
    public record AddressKey(int field, Cidr prefix) {
    }
}
