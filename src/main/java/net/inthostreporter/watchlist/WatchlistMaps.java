// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;

import net.inthostreporter.datapath.Datapath;
import net.inthostreporter.libbpf.BpfMaps;

/**
 * Writes compiled watchlists into the datapath's watchlist maps (src/main/bpf/ihr_watchlist.h).
 * Two sets of tables exist: the inactive one is rewritten completely, then one aligned 32-bit
 * write of {@code ihr_wl_active} switches the programs over, so no packet ever meets a
 * half-written rule set. Programs that are running keep the set they started with for the
 * microseconds they run; applies are serialized here and take milliseconds, so a set is never
 * rewritten under a program still reading it in practice.
 */
public final class WatchlistMaps {
    static final String ACTIVE = "ihr_wl_active";
    static final String SETS = "ihr_wl_sets";
    static final String PROTOCOLS = "ihr_wl_protocols";
    static final String ADDRESSES = "ihr_wl_addrs";
    static final String PORT_CLASSES = "ihr_wl_port_classes";
    static final String PORT_BITS = "ihr_wl_port_bits";

    private static final int MODE_ALL = 0;
    private static final int MODE_RULES = 1;
    private static final int PORT_CLASS_CAPACITY = 1024;
    private static final int PORTS = 65536;
    /** struct ihr_wl_lpm_key: prefixlen, set, field, 2 zero bytes, 16 address bytes. */
    private static final int LPM_KEY_SIZE = 24;
    private static final int LPM_HEADER_BITS = 32;
    private static final int LPM_SET_OFFSET = 4;
    private static final int BITMAP_SIZE = CompiledWatchlist.WORDS * 8;

    private final int activeFd;
    private final int setsFd;
    private final int protocolsFd;
    private final int addressesFd;
    private final int portClassesFd;
    private final int portBitsFd;

    public WatchlistMaps(Datapath datapath) {
        this.activeFd = datapath.mapFd(ACTIVE);
        this.setsFd = datapath.mapFd(SETS);
        this.protocolsFd = datapath.mapFd(PROTOCOLS);
        this.addressesFd = datapath.mapFd(ADDRESSES);
        this.portClassesFd = datapath.mapFd(PORT_CLASSES);
        this.portBitsFd = datapath.mapFd(PORT_BITS);
    }

    /** Makes {@code compiled} the datapath's watchlist; returns the set (0 or 1) now active. */
    public synchronized int apply(CompiledWatchlist compiled) {
        int target = 1 - activeSet();
        try (Arena arena = Arena.ofConfined()) {
            clearAddresses(arena, target);
            if (!compiled.everything()) {
                writeProtocols(arena, target, compiled.protocols());
                writeAddresses(arena, target, compiled.addresses());
                for (int direction = 0; direction < 2; direction++) {
                    writePorts(arena, target, direction, compiled.portClasses()[direction], compiled.classBits().get(direction));
                }
            }
            MemorySegment header = arena.allocate(8, 8);
            header.set(JAVA_INT, 0, compiled.everything() ? MODE_ALL : MODE_RULES);
            BpfMaps.update(setsFd, arena.allocateFrom(JAVA_INT, target), header, BpfMaps.BPF_ANY);
            BpfMaps.update(activeFd, arena.allocateFrom(JAVA_INT, 0), arena.allocateFrom(JAVA_INT, target), BpfMaps.BPF_ANY);
        }
        return target;
    }

    /** The set the programs use now. */
    public int activeSet() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_INT);
            BpfMaps.lookup(activeFd, arena.allocateFrom(JAVA_INT, 0), value);
            return value.get(JAVA_INT, 0) & 1;
        }
    }

    private void clearAddresses(Arena arena, int set) {
        for (byte[] key : BpfMaps.keys(addressesFd, LPM_KEY_SIZE)) {
            if (key[LPM_SET_OFFSET] == set) {
                BpfMaps.delete(addressesFd, arena.allocateFrom(JAVA_BYTE, key));
            }
        }
    }

    private void writeProtocols(Arena arena, int set, long[][] protocols) {
        MemorySegment keys = arena.allocate(JAVA_INT, protocols.length);
        MemorySegment values = arena.allocate((long) BITMAP_SIZE * protocols.length, 8);
        for (int i = 0; i < protocols.length; i++) {
            keys.setAtIndex(JAVA_INT, i, set * protocols.length + i);
            MemorySegment.copy(protocols[i], 0, values, JAVA_LONG, (long) i * BITMAP_SIZE, CompiledWatchlist.WORDS);
        }
        BpfMaps.updateBatch(protocolsFd, keys, values, protocols.length);
    }

    private void writeAddresses(Arena arena, int set, Map<CompiledWatchlist.AddressKey, long[]> addresses) {
        MemorySegment key = arena.allocate(LPM_KEY_SIZE, 8);
        MemorySegment value = arena.allocate(BITMAP_SIZE, 8);
        for (Map.Entry<CompiledWatchlist.AddressKey, long[]> e : addresses.entrySet()) {
            Cidr prefix = e.getKey().prefix();
            key.fill((byte) 0);
            key.set(JAVA_INT, 0, LPM_HEADER_BITS + prefix.prefixLength());
            key.set(JAVA_BYTE, LPM_SET_OFFSET, (byte) set);
            key.set(JAVA_BYTE, LPM_SET_OFFSET + 1, (byte) e.getKey().field());
            byte[] address = prefix.address();
            MemorySegment.copy(address, 0, key, JAVA_BYTE, 8, address.length);
            MemorySegment.copy(e.getValue(), 0, value, JAVA_LONG, 0, CompiledWatchlist.WORDS);
            BpfMaps.update(addressesFd, key, value, BpfMaps.BPF_ANY);
        }
    }

    private void writePorts(Arena arena, int set, int direction, short[] classOfPort, List<long[]> classBits) {
        if (classBits.size() > PORT_CLASS_CAPACITY) {
            throw new IllegalStateException(classBits.size() + " port classes, the datapath holds " + PORT_CLASS_CAPACITY);
        }
        int table = set * 2 + direction;
        MemorySegment bits = arena.allocate((long) BITMAP_SIZE * classBits.size(), 8);
        MemorySegment bitKeys = arena.allocate(JAVA_INT, classBits.size());
        for (int c = 0; c < classBits.size(); c++) {
            bitKeys.setAtIndex(JAVA_INT, c, table * PORT_CLASS_CAPACITY + c);
            MemorySegment.copy(classBits.get(c), 0, bits, JAVA_LONG, (long) c * BITMAP_SIZE, CompiledWatchlist.WORDS);
        }
        // Bitmaps first: a class number written below must never point at a stale bitmap.
        BpfMaps.updateBatch(portBitsFd, bitKeys, bits, classBits.size());
        MemorySegment keys = arena.allocate(JAVA_INT, PORTS);
        MemorySegment classes = arena.allocate(JAVA_SHORT, PORTS);
        for (int port = 0; port < PORTS; port++) {
            keys.setAtIndex(JAVA_INT, port, table * PORTS + port);
            classes.setAtIndex(JAVA_SHORT, port, classOfPort[port]);
        }
        BpfMaps.updateBatch(portClassesFd, keys, classes, PORTS);
    }
}
