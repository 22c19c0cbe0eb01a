// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns a watchlist into the datapath's tables ({@link CompiledWatchlist}). The per-field
 * bitmaps AND together to the entries that match a whole tuple, which is what
 * {@link WatchRule#matches} says entry by entry.
 */
public final class WatchlistCompiler {
    private static final int PORTS = 65536;

    private WatchlistCompiler() {
    }

    public static CompiledWatchlist compile(Watchlist watchlist) {
        List<Bit> bits = new ArrayList<>();
        for (int i = 0; i < watchlist.rules().size(); i++) {
            bits.add(new Bit(i, watchlist.rules().get(i)));
        }
        for (int i = 0; i < watchlist.excludes().size(); i++) {
            bits.add(new Bit(CompiledWatchlist.EXCLUDE_BIT_BASE + i, watchlist.excludes().get(i)));
        }
        Map<CompiledWatchlist.AddressKey, long[]> addresses = new LinkedHashMap<>();
        addresses.putAll(addressField(bits, CompiledWatchlist.SRC4, 4, WatchRule::srcAddr));
        addresses.putAll(addressField(bits, CompiledWatchlist.DST4, 4, WatchRule::dstAddr));
        addresses.putAll(addressField(bits, CompiledWatchlist.SRC6, 6, WatchRule::srcAddr));
        addresses.putAll(addressField(bits, CompiledWatchlist.DST6, 6, WatchRule::dstAddr));
        short[][] classes = new short[2][];
        List<List<long[]>> classBits = new ArrayList<>();
        for (int direction = 0; direction < 2; direction++) {
            classes[direction] = new short[PORTS];
            classBits.add(portClasses(bits, direction == 0 ? WatchRule::srcPort : WatchRule::dstPort, classes[direction]));
        }
        return new CompiledWatchlist(watchlist.watchEverything(), addresses, protocols(bits), classes, classBits);
    }

    /** An entry and its bit. */
    private record Bit(int index, WatchRule rule) {
        void setIn(long[] bitmap) {
            bitmap[index / 64] |= 1L << (index % 64);
        }

        boolean appliesTo(int ipVersion) {
            return rule.ipVersion() == 0 || rule.ipVersion() == ipVersion;
        }
    }

    /** The protocol table also carries each entry's address family. */
    private static long[][] protocols(List<Bit> bits) {
        long[][] table = new long[2 * 256][CompiledWatchlist.WORDS];
        for (Bit bit : bits) {
            for (int family = 0; family < 2; family++) {
                int ipVersion = family == 0 ? 4 : 6;
                if (bit.appliesTo(ipVersion)) {
                    for (int proto : bit.rule().protocol().numbers(ipVersion)) {
                        bit.setIn(table[family * 256 + proto]);
                    }
                }
            }
        }
        return table;
    }

    /**
     * The prefixes of one field, each with the bits of every entry whose prefix covers it. An
     * entry without an address has /0; entries of the other family are left out (the protocol
     * table already rules them out, and their prefixes would not fit this field).
     */
    private static Map<CompiledWatchlist.AddressKey, long[]> addressField(List<Bit> bits, int field, int ipVersion,
                                                                          Function<WatchRule, Optional<Cidr>> address) {
        Map<Cidr, List<Bit>> byPrefix = new LinkedHashMap<>();
        for (Bit bit : bits) {
            if (bit.appliesTo(ipVersion)) {
                Cidr prefix = address.apply(bit.rule()).orElse(new Cidr(new byte[ipVersion == 4 ? 4 : 16], 0));
                byPrefix.computeIfAbsent(prefix, p -> new ArrayList<>()).add(bit);
            }
        }
        Map<CompiledWatchlist.AddressKey, long[]> result = new LinkedHashMap<>();
        for (Cidr prefix : byPrefix.keySet()) {
            long[] bitmap = new long[CompiledWatchlist.WORDS];
            byPrefix.forEach((other, owners) -> {
                if (other.covers(prefix)) {
                    owners.forEach(b -> b.setIn(bitmap));
                }
            });
            result.put(new CompiledWatchlist.AddressKey(field, prefix), bitmap);
        }
        return result;
    }

    /**
     * Fills {@code classOfPort} and returns the bitmap of each class: the ports between two
     * consecutive range boundaries are accepted by the same entries, and equal bitmaps share a
     * class (at most 2 per entry plus one, well under the datapath's 1024).
     */
    private static List<long[]> portClasses(List<Bit> bits, Function<WatchRule, Optional<PortRange>> port, short[] classOfPort) {
        TreeSet<Integer> boundaries = new TreeSet<>(List.of(0, PORTS));
        for (Bit bit : bits) {
            port.apply(bit.rule()).ifPresent(r -> {
                boundaries.add(r.low());
                boundaries.add(r.high() + 1);
            });
        }
        List<long[]> classBits = new ArrayList<>();
        Map<List<Long>, Integer> classOf = new HashMap<>();
        Integer from = null;
        for (int to : boundaries) {
            if (from != null) {
                long[] bitmap = new long[CompiledWatchlist.WORDS];
                int first = from;
                for (Bit bit : bits) {
                    if (port.apply(bit.rule()).map(r -> r.contains(first)).orElse(true)) {
                        bit.setIn(bitmap);
                    }
                }
                List<Long> identity = Arrays.stream(bitmap).boxed().toList();
                int cls = classOf.computeIfAbsent(identity, k -> {
                    classBits.add(bitmap);
                    return classBits.size() - 1;
                });
                Arrays.fill(classOfPort, first, to, (short) cls);
            }
            from = to;
        }
        return classBits;
    }
}
