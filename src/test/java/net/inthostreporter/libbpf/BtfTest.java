// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.inthostreporter.testkit.KernelRequirement;
import net.inthostreporter.testkit.TestObjects;
import org.junit.jupiter.api.Test;

class BtfTest {
    @Test
    void structOfACompiledObject() {
        try (Btf btf = Btf.parseElf(TestObjects.path("rb_probe"))) {
            BtfStruct event = btf.struct("probe_event").orElseThrow();
            assertEquals(16, event.size());
            assertEquals(List.of(
                    new BtfStruct.Member("tag", 0, 4, 0),
                    new BtfStruct.Member("len", 32, 4, 0),
                    new BtfStruct.Member("seq", 64, 8, 0)), event.members());
            assertEquals(Optional.empty(), btf.struct("no_such_struct"));
        }
        try (Btf btf = Btf.parseElfBytes(TestObjects.bytes("rb_probe"))) {
            assertEquals(8, btf.struct("probe_event").orElseThrow().member("seq").orElseThrow().byteOffset());
        }
    }

    @Test
    void kernelStructsAndDropReasons() {
        KernelRequirement.require(java.nio.file.Files.exists(java.nio.file.Path.of("/sys/kernel/btf/vmlinux")),
                "needs kernel BTF");
        try (Btf btf = Btf.vmlinux()) {
            BtfStruct skb = btf.struct("__sk_buff").orElseThrow();
            assertEquals(0, skb.member("len").orElseThrow().bitOffset());
            assertTrue(btf.struct("sk_buff").orElseThrow().size() > 100);

            Map<String, Long> reasons = btf.enumValues("skb_drop_reason");
            assertEquals(2L, reasons.get("SKB_DROP_REASON_NOT_SPECIFIED"));
            assertTrue(reasons.containsKey("SKB_DROP_REASON_NETFILTER_DROP"), reasons.keySet().toString());
            assertTrue(reasons.size() > 50, "reasons: " + reasons.size());
            assertEquals(Map.of(), btf.enumValues("no_such_enum"));
        }
    }
}
