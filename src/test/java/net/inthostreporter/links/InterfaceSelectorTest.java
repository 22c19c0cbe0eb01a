// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class InterfaceSelectorTest {
    @Test
    void cilium() {
        InterfaceSelector s = new InterfaceSelector("eth0", Optional.of(Cni.CILIUM), Optional.empty());
        assertTrue(s.selects("eth0"));
        assertTrue(s.selects("lxc12ab"));
        assertFalse(s.selects("lxc_health"));
        assertFalse(s.selects("cilium_host"));
        assertFalse(s.selects("eth01"));
    }

    @Test
    void calico() {
        for (Cni cni : new Cni[] {Cni.CALICO_EBPF, Cni.CALICO_IPTABLES}) {
            InterfaceSelector s = new InterfaceSelector("ens5", Optional.of(cni), Optional.empty());
            assertTrue(s.selects("cali1234abcd"));
            assertFalse(s.selects("vxlan.calico"));
            assertFalse(s.selects("lxc1"));
            assertTrue(s.selects("ens5"));
        }
    }

    @Test
    void extraPatternMatchesWholeNames() {
        InterfaceSelector s = new InterfaceSelector("eth0", Optional.empty(), Optional.of(Pattern.compile("veth[0-9]+")));
        assertTrue(s.selects("veth12"));
        assertFalse(s.selects("xveth12"));
        assertFalse(s.selects("cali1"));
        assertFalse(s.selects(""));
    }

    @Test
    void cniFlagsParseExactly() {
        assertEquals(Cni.CALICO_EBPF, Cni.parse("calico-ebpf"));
        assertEquals("calico-iptables", Cni.CALICO_IPTABLES.flag());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cni.parse("Calico"));
        assertEquals("unknown CNI 'Calico'; valid values: cilium, calico-ebpf, calico-iptables", e.getMessage());
    }
}
