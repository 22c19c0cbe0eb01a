// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.inthostreporter.libbpf.Btf;
import net.inthostreporter.libbpf.BtfStruct;

/**
 * The Java mirrors of the datapath's structs (EventLayout, Datapath's view of ihr_config, the
 * record layout the tests read) against the BTF of the compiled {@code ihr.bpf.o}; the counter
 * enums and .rodata are checked by SharedTypesBtfTest.
 */
class EventLayoutTest {
    private static final Path PROJECT = Path.of(System.getProperty("ihr.project.dir", "."));
    private static Btf btf;

    @BeforeAll
    static void parse() {
        btf = Btf.parseElf(PROJECT.resolve("target/classes/bpf/ihr.bpf.o"));
    }

    @AfterAll
    static void close() {
        btf.close();
    }

    private static BtfStruct struct(String name) {
        return btf.struct(name).orElseThrow(() -> new AssertionError("no struct " + name + " in the object's BTF"));
    }

    /** name@byteOffset:byteSize for every member, in declaration order. */
    private static List<String> layout(BtfStruct struct) {
        return struct.members().stream().map(m -> {
            assertEquals(0, m.bitfieldSize(), m.name() + " is a bitfield");
            assertEquals(0, m.bitOffset() % 8, m.name() + " is not byte aligned");
            return m.name() + "@" + m.byteOffset() + ":" + m.byteSize();
        }).toList();
    }

    @Test
    void eventMatchesEventLayout() {
        BtfStruct event = struct("ihr_event");
        assertEquals(EventLayout.HEADER_SIZE, event.size());
        assertEquals(List.of(
                "type@" + EventLayout.TYPE + ":1",
                "flags@" + EventLayout.FLAGS + ":1",
                "snap_len@" + EventLayout.SNAP_LEN + ":2",
                "ingress_ifindex@" + EventLayout.INGRESS_IFINDEX + ":4",
                "egress_ifindex@" + EventLayout.EGRESS_IFINDEX + ":4",
                "pkt_len@" + EventLayout.PKT_LEN + ":4",
                "ingress_ts@" + EventLayout.INGRESS_TS + ":8",
                "egress_ts@" + EventLayout.EGRESS_TS + ":8",
                "drop_reason@" + EventLayout.DROP_REASON + ":4",
                "reserved@36:4",
                "ingress_tuple@" + EventLayout.INGRESS_TUPLE + ":" + EventLayout.TUPLE_SIZE,
                "data@" + EventLayout.DATA + ":0"), // flexible array member
                layout(event));
    }

    @Test
    void tupleMatchesEventLayout() {
        BtfStruct tuple = struct("ihr_tuple");
        assertEquals(EventLayout.TUPLE_SIZE, tuple.size());
        assertEquals(List.of(
                "src_addr@" + EventLayout.TUPLE_SRC_ADDR + ":16",
                "dst_addr@" + EventLayout.TUPLE_DST_ADDR + ":16",
                "src_port@" + EventLayout.TUPLE_SRC_PORT + ":2",
                "dst_port@" + EventLayout.TUPLE_DST_PORT + ":2",
                "l4_proto@" + EventLayout.TUPLE_L4_PROTO + ":1",
                "ip_version@" + EventLayout.TUPLE_IP_VERSION + ":1",
                "reserved@38:2"),
                layout(tuple));
    }

    /** Datapath writes these fields of .rodata (see Datapath.configure). */
    @Test
    void configIsWhereDatapathWritesIt() {
        BtfStruct config = struct("ihr_config");
        assertEquals(32, config.size());
        assertEquals(List.of("snap_len@0:4", "report_every_packet@4:4", "record_max_age_ns@8:8",
                "report_interval_ns@16:8", "latency_quantum_ns@24:8"), layout(config));
    }

    /** The ihr_records value as documented in ihr.bpf.c (DatapathProgramsTest reads it so). */
    @Test
    void recordIsAsDocumented() {
        BtfStruct record = struct("ihr_record");
        assertEquals(RecordLayout.SIZE, record.size());
        assertEquals(List.of("ts@" + RecordLayout.TS + ":8", "ifindex@" + RecordLayout.IFINDEX + ":4",
                "fingerprint@" + RecordLayout.FINGERPRINT + ":4", "watch@" + RecordLayout.WATCH + ":4",
                "state@" + RecordLayout.STATE + ":4", "egress_ifindex@" + RecordLayout.EGRESS_IFINDEX + ":4",
                "reserved@28:4",
                "tuple@" + RecordLayout.TUPLE + ":40"), layout(record));
    }

    /** The key of ihr_pod_ports as PodSideHook writes it. */
    @Test
    void podKeyIsAsPodSideHookWritesIt() {
        BtfStruct key = struct("ihr_pod_key");
        assertEquals(PodSideHook.KEY_SIZE, key.size());
        assertEquals(List.of("netns_inum@" + PodSideHook.KEY_NETNS_INUM + ":4", "ifindex@" + PodSideHook.KEY_IFINDEX + ":4"),
                layout(key));
    }
}
