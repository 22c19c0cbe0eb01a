// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import net.inthostreporter.libbpf.Btf;
import net.inthostreporter.libbpf.BtfStruct;
import net.inthostreporter.testkit.Commands;
import net.inthostreporter.testkit.ProjectPaths;
import net.inthostreporter.testkit.TestObjects;

/**
 * Drift guards for what C and Java share besides the event (EventLayoutTest): the counter enums
 * that index the per-CPU counter maps, and where Datapath writes {@code struct ihr_config} in
 * {@code .rodata}. Everything is read from compiled objects, not from the C text:
 * <ul>
 * <li>the enums from the BTF of {@code ihr_btf_anchors.bpf.o}, which is the shipped
 *     {@code ihr.bpf.c} plus one global per enum (the shipped object has no BTF for enums it uses
 *     only as constants); that it is the same source is checked by comparing its structs with
 *     the shipped object's;</li>
 * <li>{@code struct ihr_config} from the shipped object's BTF, its place in {@code .rodata} from
 *     the shipped object's symbol table (libbpf fixes BTF section offsets only when it opens an
 *     object, so the ELF's own DATASEC offsets are all 0).</li>
 * </ul>
 */
class SharedTypesBtfTest {
    private static final String SHIPPED = "target/classes/bpf/ihr.bpf.o";

    @Test
    void datapathCountersAreEnumIhrCounter() {
        assertEnumMirrors("ihr_counter", "IHR_CNT_", DatapathCounter.values(), DatapathCounter::name);
    }

    @Test
    void dropCountersAreEnumIhrDropCounter() {
        assertEnumMirrors("ihr_drop_counter", "IHR_DROP_CNT_", DropCounter.values(), DropCounter::name);
    }

    /** The record states DatapathProgramsTest reads from ihr_records (RecordLayout). */
    @Test
    void recordStatesAreEnumIhrRecordState() {
        try (Btf anchors = Btf.parseElf(TestObjects.path("ihr_btf_anchors"))) {
            assertEquals(Map.of("IHR_REC_IN_FLIGHT", (long) RecordLayout.STATE_IN_FLIGHT, "IHR_REC_LEFT", (long) RecordLayout.STATE_LEFT),
                    anchors.enumValues("ihr_record_state"));
        }
    }

    /** The Java enum's constants are the C enumerators in order from 0, then PREFIX_MAX = their count. */
    private static <E extends Enum<E>> void assertEnumMirrors(String cEnum, String prefix, E[] java, Function<E, String> name) {
        Map<String, Long> expected = new LinkedHashMap<>();
        for (E e : java) {
            expected.put(prefix + name.apply(e), (long) e.ordinal());
        }
        expected.put(prefix + "MAX", (long) java.length);
        try (Btf anchors = Btf.parseElf(TestObjects.path("ihr_btf_anchors"))) {
            assertEquals(expected, anchors.enumValues(cEnum), "enum " + cEnum + " vs " + java[0].getDeclaringClass().getSimpleName());
        }
    }

    @Test
    void anchorObjectIsTheShippedSource() {
        try (Btf shipped = Btf.parseElf(ProjectPaths.root().resolve(SHIPPED));
             Btf anchors = Btf.parseElf(TestObjects.path("ihr_btf_anchors"))) {
            for (String struct : List.of("ihr_event", "ihr_config", "ihr_record", "ihr_tuple", "ihr_flow_state", "ihr_pod_key")) {
                assertEquals(shipped.struct(struct), anchors.struct(struct), "struct " + struct);
                assertTrue(shipped.struct(struct).isPresent(), "struct " + struct + " in " + SHIPPED);
            }
        }
    }

    /** Datapath's CONFIG_* offsets are struct ihr_config's members, and the struct starts .rodata. */
    @Test
    void rodataConfigIsWhereDatapathWritesIt() throws Exception {
        BtfStruct config;
        try (Btf shipped = Btf.parseElf(ProjectPaths.root().resolve(SHIPPED))) {
            config = shipped.struct("ihr_config").orElseThrow();
        }
        Map<String, Long> btfOffsets = new TreeMap<>();
        config.members().forEach(m -> btfOffsets.put("CONFIG_" + m.name().toUpperCase(Locale.ROOT), m.byteOffset()));
        btfOffsets.put("CONFIG_SIZE", config.size());
        assertEquals(btfOffsets, datapathConfigConstants(), "Datapath's view of struct ihr_config");

        // readelf -sW: Num: Value Size Type Bind Vis Ndx Name; Ndx is the section of .rodata.
        String rodataIndex = sectionIndex(".rodata");
        String[] symbol = Commands.run("readelf", "-sW", ProjectPaths.root().resolve(SHIPPED).toString()).lines()
                .map(String::strip).map(l -> l.split("\\s+")).filter(c -> c.length == 8 && c[7].equals("ihr_config"))
                .findFirst().orElseThrow(() -> new AssertionError("no symbol ihr_config in " + SHIPPED));
        assertEquals(List.of(0L, config.size(), rodataIndex),
                List.of(Long.parseLong(symbol[1], 16), Long.parseLong(symbol[2]), symbol[6]),
                "ihr_config: offset in .rodata, size, section");
    }

    private static String sectionIndex(String name) {
        // readelf -SW: "  [ 9] .rodata   PROGBITS ..."
        return Commands.run("readelf", "-SW", ProjectPaths.root().resolve(SHIPPED).toString()).lines()
                .filter(l -> l.matches("\\s*\\[\\s*\\d+\\]\\s+" + java.util.regex.Pattern.quote(name) + "\\s.*"))
                .map(l -> l.substring(l.indexOf('[') + 1, l.indexOf(']')).strip())
                .findFirst().orElseThrow(() -> new AssertionError("no section " + name + " in " + SHIPPED));
    }

    /** Datapath's private CONFIG_* constants (its mirror of the struct), read as the class has them. */
    private static Map<String, Long> datapathConfigConstants() throws IllegalAccessException {
        Map<String, Long> constants = new TreeMap<>();
        for (Field f : Datapath.class.getDeclaredFields()) {
            if (f.getName().startsWith("CONFIG_") && Modifier.isStatic(f.getModifiers()) && f.getType() == long.class
                   ) {
                f.setAccessible(true);
                constants.put(f.getName(), f.getLong(null));
            }
        }
        assertTrue(constants.size() > 1, "Datapath has no CONFIG_* constants: " + Arrays.toString(Datapath.class.getDeclaredFields()));
        return constants;
    }
}
