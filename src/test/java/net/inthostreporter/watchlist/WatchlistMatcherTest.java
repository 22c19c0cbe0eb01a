// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class WatchlistMatcherTest {
    private static WatchlistMatcher matcher(String yaml) throws WatchlistException {
        return new WatchlistMatcher(WatchlistParser.parse(yaml, "test.yaml"));
    }

    static PacketTuple tuple(String src, String dst, int proto, int sport, int dport) throws Exception {
        byte[] s = InetAddress.getByName(src).getAddress();
        byte[] d = InetAddress.getByName(dst).getAddress();
        return new PacketTuple(s.length == 4 ? 4 : 6, s, d, proto, sport, dport);
    }

    @Test
    void everythingWithoutFile() throws Exception {
        WatchlistMatcher all = new WatchlistMatcher(Watchlist.all());
        assertTrue(all.watched(tuple("10.0.0.1", "10.0.0.2", 47, 0, 0), Optional.empty()));
    }

    @Test
    void emptyRulesNothing() throws Exception {
        assertFalse(matcher("rules: []").watched(tuple("10.0.0.1", "10.0.0.2", 17, 1, 2), Optional.empty()));
    }

    @Test
    void previousToolRuleMatchesProtocolAndPrefixes() throws Exception {
        WatchlistMatcher m = matcher("rules:\n  - {protocol: TCP, src-addr: 10.68.235.0/24, dst-addr: 10.68.235.0/24}\n");
        assertTrue(m.watched(tuple("10.68.235.4", "10.68.235.200", 6, 40000, 80), Optional.empty()));
        assertFalse(m.watched(tuple("10.68.235.4", "10.68.235.200", 17, 40000, 80), Optional.empty()), "UDP");
        assertFalse(m.watched(tuple("10.68.236.4", "10.68.235.200", 6, 40000, 80), Optional.empty()), "source outside");
    }

    @Test
    void icmpMeansIcmpv6ForIpv6() throws Exception {
        WatchlistMatcher m = matcher("rules:\n  - protocol: ICMP\n");
        assertTrue(m.watched(tuple("10.0.0.1", "10.0.0.2", 1, 0, 0), Optional.empty()));
        assertTrue(m.watched(tuple("fd00::1", "fd00::2", 58, 0, 0), Optional.empty()));
        assertFalse(m.watched(tuple("10.0.0.1", "10.0.0.2", 58, 0, 0), Optional.empty()), "58 is not ICMP in IPv4");
        assertFalse(m.watched(tuple("fd00::1", "fd00::2", 1, 0, 0), Optional.empty()), "1 is not ICMPv6");
    }

    @Test
    void addressFamilyFollowsTheAddresses() throws Exception {
        WatchlistMatcher m = matcher("rules:\n  - {protocol: any, dst-addr: 10.0.0.0/8}\n");
        assertTrue(m.watched(tuple("192.168.0.1", "10.1.2.3", 17, 5, 6), Optional.empty()));
        assertFalse(m.watched(tuple("fd00::1", "fd00::2", 17, 5, 6), Optional.empty()));
        WatchlistMatcher v6 = matcher("rules:\n  - {src-addr: \"fd00::/16\"}\n");
        assertTrue(v6.watched(tuple("fd00::1", "2001:db8::2", 6, 5, 6), Optional.empty()));
        assertFalse(v6.watched(tuple("10.0.0.1", "10.0.0.2", 6, 5, 6), Optional.empty()));
    }

    @Test
    void portRangesAreInclusive() throws Exception {
        WatchlistMatcher m = matcher("rules:\n  - {protocol: UDP, dst-port: 1000-2000}\n");
        assertFalse(m.watched(tuple("10.0.0.1", "10.0.0.2", 17, 5, 999), Optional.empty()));
        assertTrue(m.watched(tuple("10.0.0.1", "10.0.0.2", 17, 5, 1000), Optional.empty()));
        assertTrue(m.watched(tuple("10.0.0.1", "10.0.0.2", 17, 5, 2000), Optional.empty()));
        assertFalse(m.watched(tuple("10.0.0.1", "10.0.0.2", 17, 5, 2001), Optional.empty()));
        assertFalse(m.watched(tuple("10.0.0.1", "10.0.0.2", 17, 5, 0), Optional.empty()), "no ports (fragment)");
    }

    @Test
    void excludeWinsOverRules() throws Exception {
        WatchlistMatcher m = matcher("rules:\n  - {protocol: TCP}\nexclude:\n  - {protocol: TCP, dst-port: 6443}\n");
        assertTrue(m.watched(tuple("10.0.0.1", "10.0.0.2", 6, 40000, 80), Optional.empty()));
        assertFalse(m.watched(tuple("10.0.0.1", "10.0.0.2", 6, 40000, 6443), Optional.empty()));
        assertEquals(WatchlistMatcher.MATCH | WatchlistMatcher.EXCLUDE, m.verdict(tuple("10.0.0.1", "10.0.0.2", 6, 1, 6443)));
    }

    /** A Service VIP rewritten to a backend pod (DNAT): a rule on either address watches the packet. */
    @Test
    void eitherViewMatchesAcrossDnat() throws Exception {
        PacketTuple toVip = tuple("10.244.1.11", "10.96.0.10", 17, 40000, 53);
        PacketTuple toPod = tuple("10.244.1.11", "10.244.2.7", 17, 40000, 53);
        assertTrue(matcher("rules:\n  - {protocol: UDP, dst-addr: 10.96.0.10/32}\n").watched(toVip, Optional.of(toPod)));
        assertTrue(matcher("rules:\n  - {protocol: UDP, dst-addr: 10.244.2.7/32}\n").watched(toVip, Optional.of(toPod)));
        assertFalse(matcher("rules:\n  - {protocol: UDP, dst-addr: 10.244.2.8/32}\n").watched(toVip, Optional.of(toPod)));
        assertFalse(matcher("rules:\n  - {protocol: UDP}\nexclude:\n  - {dst-addr: 10.244.2.7/32}\n").watched(toVip, Optional.of(toPod)),
                "an exclude on the egress view wins");
    }
}
