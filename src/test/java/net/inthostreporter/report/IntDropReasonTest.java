// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class IntDropReasonTest {

    @Test
    void namesKnownCodesAndShowsOthersByNumber() {
        assertEquals("unknown", IntDropReason.name(0));
        assertEquals("ip_ttl_zero", IntDropReason.name(26));
        assertEquals("acl_deny", IntDropReason.name(IntDropReason.ACL_DENY));
        assertEquals("ipv6_routing_drop", IntDropReason.name(171));
        assertEquals("unauthorized_source", IntDropReason.name(184));
        assertEquals("code_200", IntDropReason.name(200));
        assertEquals(71, IntDropReason.TRAFFIC_MANAGER);
        assertEquals(29, IntDropReason.ROUTING_MISS);
    }
}
