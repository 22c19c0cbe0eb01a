// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void classifiesCountsAndRefinesTtl() {
        try (Arena arena = Arena.ofConfined()) {
            assertTrue(table.classify(drop(arena, 40, 64)));
            assertTrue(table.classify(drop(arena, 7, 1)));
            assertFalse(table.classify(drop(arena, 1, 64)), "consumed is no drop");
            assertEquals(Map.of("NETFILTER_DROP", 1L, "IP_INHDR", 1L), table.counts());
            EventView ttlExpired = drop(arena, 7, 1);
            table.classify(ttlExpired);
            assertEquals(26, ttlExpired.intDropReason());
            EventView badHeader = drop(arena, 7, 64);
            table.classify(badHeader);
            assertEquals(30, badHeader.intDropReason());
            EventView acl = drop(arena, 40, 64);
            table.classify(acl);
            assertEquals(80, acl.intDropReason());
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
