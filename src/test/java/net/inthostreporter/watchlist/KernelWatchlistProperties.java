// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import net.inthostreporter.datapath.RecordLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.opentest4j.TestAbortedException;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import net.inthostreporter.datapath.Datapath;
import net.inthostreporter.datapath.DatapathConfig;
import net.inthostreporter.libbpf.BpfMaps;
import net.inthostreporter.testkit.ProgramTestRun;
import net.inthostreporter.testkit.KernelRequirement;

/**
 * The kernel decides as the reference matcher does: random watchlists are compiled into the
 * maps of the real loaded object, random packets run through the real ingress program
 * (BPF_PROG_TEST_RUN), and the verdict it stored in the packet's ingress record must equal
 * {@link WatchlistMatcher#verdict}. Addresses, prefixes and ports come from small pools so that
 * matches, near misses and overlapping prefixes are all frequent.
 */
class KernelWatchlistProperties {
    /** struct ihr_record in ihr.bpf.c: ts, ifindex, watch, tuple. */
    private static final int[] PORT_POOL = {1, 53, 80, 999, 1000, 1500, 2000, 2001, 6443, 65535};
    private static final int[] PROTOCOL_POOL = {1, 6, 17, 58, 47};

    private static Datapath datapath;
    private static WatchlistMaps maps;

    @BeforeContainer
    static void load() {
        try {
            KernelRequirement.requireRoot();
        } catch (TestAbortedException notRoot) {
            return; // the property skips through the same requirement
        }
        datapath = Datapath.load(DatapathConfig.defaults());
        maps = new WatchlistMaps(datapath);
    }

    @AfterContainer
    static void unload() {
        if (datapath != null) {
            datapath.close();
        }
    }

    @Property(tries = 300)
    void kernelVerdictEqualsReferenceMatcher(@ForAll("watchlists") Watchlist watchlist,
                                             @ForAll("packets") List<PacketTuple> packets) {
        KernelRequirement.requireRoot();
        maps.apply(WatchlistCompiler.compile(watchlist));
        WatchlistMatcher reference = new WatchlistMatcher(watchlist);
        for (PacketTuple packet : packets) {
            int expected = reference.verdict(packet);
            assertEquals(expected, kernelVerdict(packet), () -> packet + " under " + watchlist);
            Statistics.collect(watchlist.watchEverything() ? "everything" : "verdict " + expected);
        }
    }

    /** Runs the ingress program on the packet and reads the verdict from the one record it wrote. */
    private static int kernelVerdict(PacketTuple packet) {
        int records = datapath.recordsMapFd();
        try (Arena arena = Arena.ofConfined()) {
            for (byte[] key : BpfMaps.keys(records, 8)) {
                BpfMaps.delete(records, arena.allocateFrom(JAVA_BYTE, key));
            }
            ProgramTestRun.run(datapath.ingressProgramFd(), TestFrames.frame(packet));
            List<byte[]> keys = BpfMaps.keys(records, 8);
            assertEquals(1, keys.size(), "ingress records after one packet");
            MemorySegment value = arena.allocate(RecordLayout.SIZE, 8);
            BpfMaps.lookup(records, arena.allocateFrom(JAVA_BYTE, keys.getFirst()), value);
            assertEquals(packet, recordedTuple(value.asSlice(RecordLayout.TUPLE)), "the tuple the kernel parsed");
            return value.get(JAVA_INT, RecordLayout.WATCH);
        }
    }

    private static PacketTuple recordedTuple(MemorySegment t) {
        int version = t.get(JAVA_BYTE, 37);
        int length = version == 4 ? 4 : 16;
        byte[] src = Arrays.copyOf(t.asSlice(0, 16).toArray(JAVA_BYTE), length);
        byte[] dst = Arrays.copyOf(t.asSlice(16, 16).toArray(JAVA_BYTE), length);
        return new PacketTuple(version, src, dst, t.get(JAVA_BYTE, 36) & 0xff,
                t.get(JAVA_SHORT, 32) & 0xffff, t.get(JAVA_SHORT, 34) & 0xffff);
    }

    @Provide
    Arbitrary<Watchlist> watchlists() {
        Arbitrary<List<WatchRule>> entries = rule().list().ofMaxSize(8);
        Arbitrary<Watchlist> small = Combinators.combine(entries, rule().list().ofMaxSize(4)).as(Watchlist::of);
        Arbitrary<Watchlist> full = Combinators.combine(rule().list().ofSize(Watchlist.MAX_RULES),
                rule().list().ofSize(Watchlist.MAX_EXCLUDES)).as(Watchlist::of);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, small),
                net.jqwik.api.Tuple.of(1, full),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Watchlist.all())));
    }

    @Provide
    Arbitrary<List<PacketTuple>> packets() {
        Arbitrary<PacketTuple> packet = Combinators.combine(Arbitraries.of(4, 6), address(), address(),
                Arbitraries.of(Arrays.stream(PROTOCOL_POOL).boxed().toList()), port(), port())
                .as((version, src, dst, proto, sport, dport) -> {
                    boolean ports = proto == Protocol.IPPROTO_TCP || proto == Protocol.IPPROTO_UDP;
                    return new PacketTuple(version, addressBytes(version, src), addressBytes(version, dst), proto,
                            ports ? sport : 0, ports ? dport : 0);
                });
        return packet.list().ofMinSize(1).ofMaxSize(12);
    }

    private static Arbitrary<WatchRule> rule() {
        Arbitrary<Protocol> protocol = Arbitraries.of(Protocol.class);
        Arbitrary<Integer> family = Arbitraries.of(0, 4, 6);
        Arbitrary<Optional<Integer>> srcAddr = address().optional(0.6);
        Arbitrary<Optional<Integer>> dstAddr = address().optional(0.6);
        Arbitrary<Integer> srcLength = Arbitraries.integers().between(0, 128);
        Arbitrary<Integer> dstLength = Arbitraries.integers().between(0, 128);
        Arbitrary<Optional<PortRange>> srcPort = portRange().optional(0.3);
        Arbitrary<Optional<PortRange>> dstPort = portRange().optional(0.4);
        return Combinators.combine(protocol, family, srcAddr, dstAddr, srcLength, dstLength, srcPort, dstPort)
                .as((proto, fam, sa, da, sl, dl, sp, dp) -> {
                    // Without a family the rule has no addresses and applies to IPv4 and IPv6.
                    Optional<Cidr> src = fam == 0 ? Optional.empty() : sa.map(a -> prefix(fam, a, sl));
                    Optional<Cidr> dst = fam == 0 ? Optional.empty() : da.map(a -> prefix(fam, a, dl));
                    boolean ports = proto.hasPorts();
                    return new WatchRule(proto, src, dst, ports ? sp : Optional.empty(), ports ? dp : Optional.empty(), 1);
                });
    }

    private static Cidr prefix(int family, int address, int length) {
        return new Cidr(addressBytes(family, address), family == 4 ? length * 32 / 128 : length);
    }

    /** 16 addresses per family that differ in several bit positions: 10.x.y.z and fd00::x:y:z. */
    private static Arbitrary<Integer> address() {
        return Arbitraries.integers().between(0, 15);
    }

    private static byte[] addressBytes(int version, int n) {
        int a = (n & 1) * 128 + (n >> 1 & 1), b = (n >> 2 & 1) * 64, c = (n >> 3) * 255;
        if (version == 4) {
            return new byte[] {10, (byte) a, (byte) b, (byte) c};
        }
        byte[] v6 = new byte[16];
        v6[0] = (byte) 0xfd;
        v6[5] = (byte) a;
        v6[9] = (byte) b;
        v6[15] = (byte) c;
        return v6;
    }

    private static Arbitrary<Integer> port() {
        return Arbitraries.oneOf(Arbitraries.of(Arrays.stream(PORT_POOL).boxed().toList()),
                Arbitraries.integers().between(1, 65535).filter(p -> p != 4789 && p != 8472));
    }

    private static Arbitrary<PortRange> portRange() {
        return Combinators.combine(port(), port()).as((x, y) -> new PortRange(Math.min(x, y), Math.max(x, y)));
    }

}
