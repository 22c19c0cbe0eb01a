// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A made-up kernel enum (numbers unlike this machine's): names decide, numbers only index. */
class DropReasonTableTest {
    private static final Map<String, Long> ENUM = new LinkedHashMap<>();

    static {
        ENUM.put("SKB_NOT_DROPPED_YET", 0L);
        ENUM.put("SKB_CONSUMED", 1L);
        ENUM.put("SKB_DROP_REASON_NOT_SPECIFIED", 2L);
        ENUM.put("SKB_DROP_REASON_IP_INHDR", 7L);
        ENUM.put("SKB_DROP_REASON_NETFILTER_DROP", 40L);
    }

    private final DropReasonTable table = new DropReasonTable(ENUM);

    @Test
    void namesByValue() {
        assertEquals("NETFILTER_DROP", table.name(40));
        assertEquals("IP_INHDR", table.name(7));
        assertEquals(DropReasonTable.UNKNOWN, table.name(41));
        assertEquals(DropReasonTable.UNKNOWN, table.name(0x10005));
    }

    @Test
    void classifiesAndRefinesTtl() {
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(80, table.classify(drop(arena, 40, 64)), "NETFILTER_DROP is an ACL drop");
            assertEquals(26, table.classify(drop(arena, 7, 1)), "a bad header with TTL 1 is a TTL expiry");
            assertEquals(30, table.classify(drop(arena, 7, 64)));
            assertEquals(DropReasonTable.NOT_A_DROP, table.classify(drop(arena, 1, 64)), "consumed is no drop");
        }
    }

    @Test
    void classifyingLeavesTheEventAndTheCountsAlone() {
        try (Arena arena = Arena.ofConfined()) {
            EventView acl = drop(arena, 40, 64);
            byte[] before = acl.frameMemory().toArray(ValueLayout.JAVA_BYTE);
            assertEquals(80, table.classify(acl));
            assertEquals(80, table.classify(acl), "same event, same answer");
            assertArrayEquals(before, acl.frameMemory().toArray(ValueLayout.JAVA_BYTE));
            assertEquals(Map.of(), table.counts());
        }
    }

    @Test
    void countsByReasonName() {
        try (Arena arena = Arena.ofConfined()) {
            table.count(drop(arena, 40, 64));
            table.count(drop(arena, 7, 1));
            table.count(drop(arena, 7, 64));
            table.count(drop(arena, 41, 64));
            assertEquals(Map.of("NETFILTER_DROP", 1L, "IP_INHDR", 2L, DropReasonTable.UNKNOWN, 1L), table.counts());
        }
    }

    /** A drop event with an untagged IPv4 frame of the given TTL. */
    private static EventView drop(Arena arena, int reason, int ttl) {
        int snap = 34;
        MemorySegment e = arena.allocate(EventLayout.HEADER_SIZE + snap);
        e.set(ValueLayout.JAVA_BYTE, EventLayout.TYPE, (byte) EventLayout.TYPE_DROP);
        e.set(ValueLayout.JAVA_SHORT_UNALIGNED, EventLayout.SNAP_LEN, (short) snap);
        e.set(ValueLayout.JAVA_INT_UNALIGNED, EventLayout.DROP_REASON, reason);
        e.set(ValueLayout.JAVA_BYTE, EventLayout.DATA + 12, (byte) 0x08);
        e.set(ValueLayout.JAVA_BYTE, EventLayout.DATA + 14, (byte) 0x45);
        e.set(ValueLayout.JAVA_BYTE, EventLayout.DATA + 22, (byte) ttl);
        return new EventView().wrap(e);
    }
}
