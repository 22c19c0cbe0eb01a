// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Map;

import net.inthostreporter.libbpf.BpfObject;
import net.inthostreporter.libbpf.TracingLink;

/**
 * Our BPF object, loaded: the embedded {@code ihr.bpf.o} opened from the jar, configured through
 * {@code struct ihr_config} in .rodata, its maps sized, and loaded into the kernel. Gives the
 * program and map fds to the attach and ring-buffer code. Closing it unloads what no attachment
 * still holds.
 */
public final class Datapath implements AutoCloseable {
    /** The object inside the jar, compiled at build time. */
    public static final String OBJECT_RESOURCE = "/bpf/ihr.bpf.o";
    public static final String INGRESS_PROGRAM = "ihr_tc_ingress";
    public static final String EGRESS_PROGRAM = "ihr_tc_egress";
    public static final String RECORDS_MAP = "ihr_records";
    public static final String EVENTS_MAP = "ihr_events";
    public static final String COUNTERS_MAP = "ihr_counters";

    public static final String FLOWS_MAP = "ihr_flows";

    /** struct ihr_config (ihr_event.h), the first global of .rodata; EventLayoutTest checks it against BTF. */
    private static final long CONFIG_SIZE = 32;
    private static final long CONFIG_SNAP_LEN = 0;
    private static final long CONFIG_REPORT_EVERY_PACKET = 4;
    private static final long CONFIG_RECORD_MAX_AGE_NS = 8;
    private static final long CONFIG_REPORT_INTERVAL_NS = 16;
    private static final long CONFIG_LATENCY_QUANTUM_NS = 24;
    private static final int DEFAULT_SNAP_LEN_IN_OBJECT = 128;
    private static final long DEFAULT_MAX_AGE_IN_OBJECT = 1_000_000_000L;
    private static final ValueLayout.OfInt U32 = JAVA_INT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfLong U64 = JAVA_LONG_UNALIGNED.withOrder(ByteOrder.nativeOrder());

    private final BpfObject object;
    private final DatapathConfig config;

    private Datapath(BpfObject object, DatapathConfig config) {
        this.object = object;
        this.config = config;
    }

    /** Opens, configures and loads the embedded object. */
    public static Datapath load(DatapathConfig config) {
        return load(config, phase -> { });
    }

    /** Same, telling {@code phases} when opening and loading (the verifier's time) ended. */
    public static Datapath load(DatapathConfig config, java.util.function.Consumer<String> phases) {
        BpfObject object = BpfObject.openMemory("ihr", embeddedObject());
        try {
            configure(object, config);
            phases.accept("BPF object read and opened");
            object.load();
            phases.accept("BPF object loaded (verifier)");
            return new Datapath(object, config);
        } catch (RuntimeException e) {
            object.close();
            throw e;
        }
    }

    static byte[] embeddedObject() {
        try (InputStream in = Datapath.class.getResourceAsStream(OBJECT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("BPF object " + OBJECT_RESOURCE + " is missing from the jar (build with ./mvnw package)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + OBJECT_RESOURCE, e);
        }
    }

    private static void configure(BpfObject object, DatapathConfig config) {
        object.setMaxEntries(RECORDS_MAP, config.recordCapacity());
        object.setMaxEntries(EVENTS_MAP, config.ringBufferBytes());
        object.setMaxEntries(FLOWS_MAP, config.changes().flowCapacity());
        MemorySegment rodata = object.initialValue(".rodata");
        // The defaults compiled into the object tell us the layout is the one we write to.
        if (rodata.byteSize() < CONFIG_SIZE || rodata.get(U32, CONFIG_SNAP_LEN) != DEFAULT_SNAP_LEN_IN_OBJECT
                || rodata.get(U64, CONFIG_RECORD_MAX_AGE_NS) != DEFAULT_MAX_AGE_IN_OBJECT) {
            throw new IllegalStateException("the .rodata of " + OBJECT_RESOURCE
                    + " does not start with struct ihr_config as this agent expects (mismatched build?)");
        }
        rodata.set(U32, CONFIG_SNAP_LEN, config.snapLength());
        rodata.set(U32, CONFIG_REPORT_EVERY_PACKET, config.changes().everyPacket() ? 1 : 0);
        rodata.set(U64, CONFIG_RECORD_MAX_AGE_NS, config.recordMaxAge().toNanos());
        rodata.set(U64, CONFIG_REPORT_INTERVAL_NS, config.changes().interval().toNanos());
        rodata.set(U64, CONFIG_LATENCY_QUANTUM_NS, config.changes().latencyQuantum().toNanos());
    }

    public DatapathConfig config() {
        return config;
    }

    public int ingressProgramFd() {
        return object.programFd(INGRESS_PROGRAM);
    }

    /** The fd of one of the object's programs, by name. */
    public int programFd(String program) {
        return object.programFd(program);
    }

    public int egressProgramFd() {
        return object.programFd(EGRESS_PROGRAM);
    }

    public int eventsMapFd() {
        return object.mapFd(EVENTS_MAP);
    }

    public int recordsMapFd() {
        return object.mapFd(RECORDS_MAP);
    }

    /** The fd of one of the object's maps by its name in ihr.bpf.c (e.g. the watchlist tables). */
    public int mapFd(String map) {
        return object.mapFd(map);
    }

    /** Attaches a tracing program of the object (tp_btf, ...) where its section says. */
    public TracingLink attachTracing(String program) {
        return TracingLink.attach(object, program);
    }

    /** The counters summed over all CPUs. */
    public Map<DatapathCounter, Long> counters() {
        return PerCpuCounters.sum(object.mapFd(COUNTERS_MAP), DatapathCounter.class);
    }

    @Override
    public void close() {
        object.close();
    }
}
