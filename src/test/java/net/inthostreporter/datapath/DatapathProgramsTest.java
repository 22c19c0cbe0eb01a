// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

import net.inthostreporter.testkit.FrameBuilder;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import net.inthostreporter.libbpf.BpfException;
import net.inthostreporter.libbpf.BpfMaps;
import net.inthostreporter.libbpf.BpfObject;
import net.inthostreporter.testkit.ProgramTestRun;
import net.inthostreporter.sys.CpuPinning;
import net.inthostreporter.sys.Errno;
import net.inthostreporter.testkit.KernelRequirement;

/**
 * Runs the real ingress and egress programs in the kernel (BPF_PROG_TEST_RUN) over hand-built
 * frames: whatever the frame, both must only observe (TC_ACT_UNSPEC, frame unchanged). Then
 * checks what ingress counts and records for a few frames.
 */
public class DatapathProgramsTest {
    private static final int TC_ACT_UNSPEC = -1;
    private static final int IPPROTO_ICMP = 1;
    private static final int IPPROTO_TCP = 6;
    private static final int IPPROTO_UDP = 17;
    private static final int IPPROTO_ICMPV6 = 58;

    /**
     * Why the kernel's test-run refuses a frame with EINVAL before any program runs (measured on
     * 6.18, x86-64): shorter than an Ethernet header; an IPv4/IPv6 EtherType without a full IP
     * header behind it; longer than one page of linear skb data (4096 - NET_SKB_PAD 64 -
     * SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) 320 = 3712; no frags in test-run skbs).
     */
    public enum Outcome {
        RUNS, REFUSED_SHORTER_THAN_ETHERNET, REFUSED_IP_HEADER_INCOMPLETE, REFUSED_LONGER_THAN_PAGE
    }

    private static final int TEST_RUN_MAX_FRAME = 3712;

    public static Outcome testRunOutcome(byte[] frame) {
        if (frame.length < 14) {
            return Outcome.REFUSED_SHORTER_THAN_ETHERNET;
        }
        int etherType = (frame[12] & 0xff) << 8 | (frame[13] & 0xff);
        if (etherType == 0x0800 && frame.length < 14 + 20 || etherType == 0x86dd && frame.length < 14 + 40) {
            return Outcome.REFUSED_IP_HEADER_INCOMPLETE;
        }
        return frame.length > TEST_RUN_MAX_FRAME ? Outcome.REFUSED_LONGER_THAN_PAGE : Outcome.RUNS;
    }

    private static Datapath datapath;

    @BeforeAll
    static void load() {
        KernelRequirement.requireRoot();
        datapath = Datapath.load(DatapathConfig.defaults());
    }

    @AfterAll
    static void unload() {
        if (datapath != null) {
            datapath.close();
        }
    }

    @BeforeEach
    void clearRecords() {
        clearRecordsNow();
    }

    private static void clearRecordsNow() {
        int fd = datapath.recordsMapFd();
        try (Arena arena = Arena.ofConfined()) {
            for (byte[] key : BpfMaps.keys(fd, 8)) {
                BpfMaps.delete(fd, arena.allocateFrom(JAVA_BYTE, key));
            }
        }
    }

    // ---- the frame table ----

    private static final String V4_A = "10.1.2.3";
    private static final String V4_B = "192.168.100.200";
    private static final String V6_A = "2001:db8::1";
    private static final String V6_B = "fd00:1:2:3::abcd";

    private static FrameBuilder ipv4Udp() {
        return new FrameBuilder().ethernet(0x0800).ipv4(IPPROTO_UDP, V4_A, V4_B).udp(40000, 53).payload(12);
    }

    private static FrameBuilder ipv6TcpWithExtensions() {
        return new FrameBuilder().ethernet(0x86dd).ipv6(0, V6_A, V6_B) // hop-by-hop
                .ipv6Options(60)                                       // then destination options
                .ipv6Options(IPPROTO_TCP).tcp(443, 51000).payload(8);
    }

    /** Outer 172.16.0.1 -> 172.16.0.2 to 4789, inner 10.244.1.5:33000 -> 10.244.2.7:8080 TCP. */
    private static FrameBuilder vxlanInnerTcp() {
        return new FrameBuilder().ethernet(0x0800).ipv4(IPPROTO_UDP, "172.16.0.1", "172.16.0.2").udp(51234, 4789)
                .vxlan(42).ethernet(0x0800).ipv4(IPPROTO_TCP, "10.244.1.5", "10.244.2.7").tcp(33000, 8080).payload(16);
    }

    // ---- overlays, golden frames written from the RFCs ----
    private static final String OUTER_A = "172.16.0.1";
    private static final String OUTER_B = "172.16.0.2";
    private static final String POD_A = "10.244.1.5";
    private static final String POD_B = "10.244.2.7";
    private static final int IPPROTO_IPIP = 4;
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPPROTO_GRE = 47;
    private static final int ETH_P_TEB = 0x6558;

    /** The inner packets of the overlay frames, as the pod sent them (inner IPv4 total length 38). */
    private static FrameBuilder podUdp(FrameBuilder frame) {
        return frame.ipv4(IPPROTO_UDP, POD_A, POD_B).udp(33000, 53).payload(10);
    }

    /** Inner IPv6: payload length 8 + 10 = 18, flow label 1. */
    private static FrameBuilder podUdp6(FrameBuilder frame) {
        return frame.ipv6(IPPROTO_UDP, V6_A, V6_B).udp(546, 547).payload(10);
    }

    /** The overlays of issue 9, each carrying podUdp (or podUdp6), and the plain frame they carry. */
    static Stream<Arguments> overlays() {
        return Stream.of(
                Arguments.of("IPv4 in IPv4 (RFC 2003, Calico IP-in-IP)",
                        podUdp(new FrameBuilder().ethernet(0x0800).ipv4(IPPROTO_IPIP, OUTER_A, OUTER_B)), false),
                Arguments.of("IPv6 in IPv4 (RFC 4213)",
                        podUdp6(new FrameBuilder().ethernet(0x0800).ipv4(IPPROTO_IPV6, OUTER_A, OUTER_B)), true),
                Arguments.of("GRE, IPv4 (RFC 2784)",
                        podUdp(new FrameBuilder().ethernet(0x0800).ipv4(IPPROTO_GRE, OUTER_A, OUTER_B).gre(0, 0x0800)), false),
                Arguments.of("GRE with checksum, key and sequence number (RFC 2890), IPv6",
                        podUdp6(new FrameBuilder().ethernet(0x0800).ipv4(IPPROTO_GRE, OUTER_A, OUTER_B).gre(0xb000, 0x86dd)), true),
                Arguments.of("GRE transparent Ethernet (0x6558) with key, over IPv6",
                        podUdp(new FrameBuilder().ethernet(0x86dd).ipv6(IPPROTO_GRE, V6_B, V6_A).gre(0x2000, ETH_P_TEB)
                                .ethernet(0x0800)), false),
                Arguments.of("Geneve (RFC 8926) with 12 bytes of options, Ethernet",
                        podUdp(new FrameBuilder().ethernet(0x0800).ipv4(IPPROTO_UDP, OUTER_A, OUTER_B).udp(40000, 6081)
                                .geneve(3, ETH_P_TEB, 0x1234).ethernet(0x0800)), false),
                Arguments.of("Geneve without options, IPv6",
                        podUdp6(new FrameBuilder().ethernet(0x0800).ipv4(IPPROTO_UDP, OUTER_A, OUTER_B).udp(40000, 6081)
                                .geneve(0, 0x86dd, 7)), true),
                Arguments.of("VXLAN (kept)", podUdp(new FrameBuilder().ethernet(0x0800).ipv4(IPPROTO_UDP, OUTER_A, OUTER_B).udp(40000, 4789).vxlan(4096)
                        .ethernet(0x0800)), false));
    }

    private static byte[] plainPodFrame(boolean ipv6) {
        return ipv6 ? podUdp6(new FrameBuilder().ethernet(0x86dd)).build() : podUdp(new FrameBuilder().ethernet(0x0800)).build();
    }

    private static byte[] withByte(byte[] frame, int offset, int value) {
        byte[] copy = frame.clone();
        copy[offset] = (byte) value;
        return copy;
    }

    private static byte[] garbage(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static Arguments row(String name, Outcome outcome, FrameBuilder frame) {
        return Arguments.of(name, outcome, frame.build(), frame.boundaries());
    }

    private static Arguments row(String name, Outcome outcome, byte[] frame) {
        return Arguments.of(name, outcome, frame, List.<Integer>of());
    }

    static Stream<Arguments> frames() {
        byte[] routerAlertAndNops = {(byte) 0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00}; // RA, NOP x3, EOL
        return Stream.of(
                row("IPv4 UDP", Outcome.RUNS, ipv4Udp()),
                row("IPv4 TCP", Outcome.RUNS,
                        new FrameBuilder().ethernet(0x0800).ipv4(IPPROTO_TCP, V4_A, V4_B).tcp(1234, 80).payload(20)),
                row("IPv4 ICMP echo", Outcome.RUNS,
                        new FrameBuilder().ethernet(0x0800).ipv4(IPPROTO_ICMP, V4_A, V4_B).icmpEcho(8).payload(32)),
                row("IPv4 with options, UDP", Outcome.RUNS, new FrameBuilder().ethernet(0x0800)
                        .ipv4(IPPROTO_UDP, V4_A, V4_B, 0, routerAlertAndNops).udp(5000, 6000).payload(4)),
                row("IPv4 first fragment (MF), UDP", Outcome.RUNS, new FrameBuilder().ethernet(0x0800)
                        .ipv4(IPPROTO_UDP, V4_A, V4_B, 0x2000, new byte[0]).udp(5000, 6000).payload(64)),
                row("IPv4 later fragment (offset 185), no L4 header", Outcome.RUNS, new FrameBuilder().ethernet(0x0800)
                        .ipv4(IPPROTO_UDP, V4_A, V4_B, 185, new byte[0]).payload(garbage(40, 1))),
                row("IPv4 header with IHL 4", Outcome.RUNS, withByte(ipv4Udp().build(), 14, 0x44)),
                row("IPv4 EtherType, version 6 in the header", Outcome.RUNS, withByte(ipv4Udp().build(), 14, 0x65)),
                row("IPv4 IHL 15, frame ends inside the options", Outcome.RUNS, withByte(ipv4Udp().build(), 14, 0x4f)),
                row("IPv6 UDP", Outcome.RUNS,
                        new FrameBuilder().ethernet(0x86dd).ipv6(IPPROTO_UDP, V6_A, V6_B).udp(546, 547).payload(10)),
                row("IPv6 hop-by-hop + dest options, TCP", Outcome.RUNS, ipv6TcpWithExtensions()),
                row("IPv6 later fragment, no L4 header", Outcome.RUNS, new FrameBuilder().ethernet(0x86dd)
                        .ipv6(44, V6_A, V6_B).ipv6Fragment(IPPROTO_UDP, 100, true).payload(garbage(24, 2))),
                row("IPv6 with 7 extension headers (more than the parser follows)", Outcome.RUNS,
                        new FrameBuilder().ethernet(0x86dd).ipv6(60, V6_A, V6_B).ipv6Options(60).ipv6Options(60)
                                .ipv6Options(60).ipv6Options(60).ipv6Options(60).ipv6Options(60)
                                .ipv6Options(IPPROTO_UDP).udp(1, 2)),
                row("IPv6 ICMPv6 echo", Outcome.RUNS, new FrameBuilder().ethernet(0x86dd)
                        .ipv6(IPPROTO_ICMPV6, V6_A, V6_B).icmpEcho(128).payload(8)),
                row("802.1Q IPv4 UDP", Outcome.RUNS, new FrameBuilder().ethernet(0x8100).vlanTag(100, 0x0800)
                        .ipv4(IPPROTO_UDP, V4_A, V4_B).udp(1111, 2222)),
                row("QinQ (802.1ad + 802.1Q) IPv6 TCP", Outcome.RUNS, new FrameBuilder().ethernet(0x88a8)
                        .vlanTag(10, 0x8100).vlanTag(20, 0x86dd).ipv6(IPPROTO_TCP, V6_A, V6_B).tcp(22, 60000)),
                row("three VLAN tags (more than the parser follows)", Outcome.RUNS, new FrameBuilder().ethernet(0x88a8)
                        .vlanTag(1, 0x8100).vlanTag(2, 0x8100).vlanTag(3, 0x0800).ipv4(IPPROTO_UDP, V4_A, V4_B)
                        .udp(1, 2)),
                row("VXLAN (4789) inner IPv4 TCP", Outcome.RUNS, vxlanInnerTcp()),
                row("VXLAN (8472) inner IPv6 UDP", Outcome.RUNS, new FrameBuilder().ethernet(0x0800)
                        .ipv4(IPPROTO_UDP, "172.16.0.1", "172.16.0.2").udp(40000, 8472).vxlan(1)
                        .ethernet(0x86dd).ipv6(IPPROTO_UDP, V6_A, V6_B).udp(7, 9)),
                row("VXLAN with garbage inside", Outcome.RUNS, new FrameBuilder().ethernet(0x0800)
                        .ipv4(IPPROTO_UDP, "172.16.0.1", "172.16.0.2").udp(40000, 4789).vxlan(7)
                        .payload(garbage(80, 3))),
                row("VXLAN inner ARP", Outcome.RUNS, new FrameBuilder().ethernet(0x0800)
                        .ipv4(IPPROTO_UDP, "172.16.0.1", "172.16.0.2").udp(40000, 4789).vxlan(7)
                        .ethernet(0x0806).arpRequest("10.0.0.1", "10.0.0.2")),
                row("ARP request", Outcome.RUNS, new FrameBuilder().ethernet(0x0806).arpRequest(V4_A, V4_B)),
                row("bare Ethernet header, unknown EtherType", Outcome.RUNS, new FrameBuilder().ethernet(0x88b5)),
                row("13 bytes", Outcome.REFUSED_SHORTER_THAN_ETHERNET, new byte[13]),
                row("IPv4 EtherType, 19 bytes of IP header", Outcome.REFUSED_IP_HEADER_INCOMPLETE,
                        Arrays.copyOf(ipv4Udp().build(), 14 + 19)),
                row("IPv6 EtherType, 39 bytes of IP header", Outcome.REFUSED_IP_HEADER_INCOMPLETE,
                        Arrays.copyOf(ipv6TcpWithExtensions().build(), 14 + 39)),
                row("3712 bytes IPv4 UDP (largest test-run frame)", Outcome.RUNS, new FrameBuilder().ethernet(0x0800)
                        .ipv4(IPPROTO_UDP, V4_A, V4_B).udp(1, 2).payload(3712 - 14 - 20 - 8)),
                row("jumbo 9000 bytes IPv4 UDP", Outcome.REFUSED_LONGER_THAN_PAGE, new FrameBuilder().ethernet(0x0800)
                        .ipv4(IPPROTO_UDP, V4_A, V4_B).udp(1, 2).payload(9000 - 14 - 20 - 8)));
    }

    /**
     * The frame, then the frame cut at and one byte before each header boundary. For the cut
     * frames the expected outcome follows the kernel's test-run rules ({@link #testRunOutcome}).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void programsOnlyObserve(String name, Outcome outcome, byte[] frame, List<Integer> boundaries) {
        assertEquals(outcome, testRunOutcome(frame), "the table's expectation for the whole frame");
        List<String> failures = new ArrayList<>();
        check(name, frame, outcome, failures);
        for (int boundary : boundaries) {
            for (int cut : new int[] {boundary - 1, boundary}) {
                if (cut > 0 && cut < frame.length) {
                    byte[] truncated = Arrays.copyOf(frame, cut);
                    check(name + " cut at " + cut, truncated, testRunOutcome(truncated), failures);
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    /** Random bytes behind valid and invalid Ethernet (and IP, UDP-to-VXLAN) headers. */
    @Test
    void randomFramesOnlyObserved() {
        long seed = 0x1485_2025_0611L;
        Random random = new Random(seed);
        byte[] vxlanPrefix = Arrays.copyOf(vxlanInnerTcp().build(), 14 + 20 + 8 + 8);
        int[] etherTypes = {0x0800, 0x86dd, 0x8100, 0x88a8, 0x0806, 0x88b5};
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (int i = 0; i < 3000; i++) {
            int length = i % 100 == 0 ? 3600 + random.nextInt(200) : random.nextInt(600);
            byte[] frame = new byte[length];
            random.nextBytes(frame);
            int kind = random.nextInt(4);
            if (kind == 3 && length > vxlanPrefix.length) {
                System.arraycopy(vxlanPrefix, 0, frame, 0, vxlanPrefix.length); // garbage after a VXLAN header
            } else if (kind > 0 && length >= 15) {
                int etherType = etherTypes[random.nextInt(etherTypes.length)];
                frame[12] = (byte) (etherType >>> 8);
                frame[13] = (byte) etherType;
                if (kind == 2) {
                    frame[14] = (byte) (etherType == 0x86dd ? 0x60 : 0x45);
                }
            }
            Outcome outcome = testRunOutcome(frame);
            ran += outcome == Outcome.RUNS ? 1 : 0;
            check("random #" + i + " (seed 0x" + Long.toHexString(seed) + ")", frame, outcome, failures);
        }
        assertEquals(List.of(), failures.subList(0, Math.min(20, failures.size())),
                failures.size() + " failures; seed 0x" + Long.toHexString(seed));
        assertTrue(ran > 2000, "only " + ran + " random frames were runnable");
    }

    private static void check(String name, byte[] frame, Outcome expected, List<String> failures) {
        for (String program : List.of(Datapath.INGRESS_PROGRAM, Datapath.EGRESS_PROGRAM)) {
            int fd = program.equals(Datapath.INGRESS_PROGRAM) ? datapath.ingressProgramFd() : datapath.egressProgramFd();
            String what = program + " on " + name + " (" + frame.length + " bytes): ";
            try {
                ProgramTestRun.Result result = ProgramTestRun.run(fd, frame);
                if (expected != Outcome.RUNS) {
                    failures.add(what + "ran, expected " + expected);
                } else if (result.retval() != TC_ACT_UNSPEC) {
                    failures.add(what + "retval " + result.retval());
                } else if (!Arrays.equals(frame, result.dataOut())) {
                    failures.add(what + "frame changed: " + HexFormat.of().formatHex(result.dataOut()));
                }
            } catch (BpfException e) {
                if (expected == Outcome.RUNS || e.errno() != Errno.EINVAL) {
                    failures.add(what + e.getMessage() + ", expected " + expected);
                }
            }
        }
    }

    // ---- counters ----

    @Test
    void ingressCountsWhatItSaw() {
        byte[] arp = new FrameBuilder().ethernet(0x0806).arpRequest(V4_A, V4_B).build();
        assertEquals(Map.of(DatapathCounter.INGRESS_PACKETS, 1L, DatapathCounter.NOT_IP, 1L),
                countersMovedBy(datapath.ingressProgramFd(), arp));

        assertEquals(Map.of(DatapathCounter.INGRESS_PACKETS, 1L, DatapathCounter.INGRESS_RECORDED, 1L),
                countersMovedBy(datapath.ingressProgramFd(), ipv4Udp().build()));

        // Tagged, so test-run accepts a frame that ends inside the IPv4 header: nothing to record.
        byte[] tagged = new FrameBuilder().ethernet(0x8100).vlanTag(5, 0x0800).ipv4(IPPROTO_UDP, V4_A, V4_B)
                .udp(1, 2).build();
        assertEquals(Map.of(DatapathCounter.INGRESS_PACKETS, 1L, DatapathCounter.PARSE_STOPPED, 1L),
                countersMovedBy(datapath.ingressProgramFd(), Arrays.copyOf(tagged, 18 + 19)));
        // Ends after the IPv4 header, before the ports: recorded with ports 0, and counted as stopped.
        assertEquals(Map.of(DatapathCounter.INGRESS_PACKETS, 1L, DatapathCounter.PARSE_STOPPED, 1L,
                        DatapathCounter.INGRESS_RECORDED, 1L),
                countersMovedBy(datapath.ingressProgramFd(), Arrays.copyOf(tagged, 18 + 20 + 3)));
    }

    @Test
    void egressWithoutAnIngressRecordCountsIt() {
        assertEquals(Map.of(DatapathCounter.EGRESS_PACKETS, 1L, DatapathCounter.NO_INGRESS_RECORD, 1L),
                countersMovedBy(datapath.egressProgramFd(), ipv4Udp().build()));
    }

    /** The map has exactly one slot per DatapathCounter (IHR_CNT_MAX), so none is read as a silent 0. */
    @Test
    void countersMapHasOneSlotPerCounter() {
        try (BpfObject object = BpfObject.openMemory("ihr", Datapath.embeddedObject())) {
            object.load();
            int fd = object.mapFd(Datapath.COUNTERS_MAP);
            int count = DatapathCounter.values().length;
            assertNotEquals(0, BpfMaps.lookupPerCpu(fd, count - 1).length, "slot " + (count - 1));
            assertEquals(0, BpfMaps.lookupPerCpu(fd, count).length, "slot " + count + " should not exist");
        }
    }

    /** Every overlay: the ingress record holds the inner packet's tuple and fingerprint, as for the plain frame. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void overlayIsRecordedByItsInnerPacket(String name, FrameBuilder encapsulated, boolean ipv6) {
        byte[] expectedTuple = ipv6 ? tuple(V6_A, V6_B, 546, 547, IPPROTO_UDP, 6) : tuple(POD_A, POD_B, 33000, 53, IPPROTO_UDP, 4);
        int expectedFingerprint = ipv6 ? 0x0012_0001 : 0x1234_0026; // worked out in podUdp/podUdp6
        ingressRecordsTheTuple(name + " (plain)", plainPodFrame(ipv6), expectedTuple, expectedFingerprint);
        clearRecords();
        ingressRecordsTheTuple(name, encapsulated.build(), expectedTuple, expectedFingerprint);
    }

    /**
     * Encapsulation at the data interface and decapsulation: the plain frame through our ingress
     * program and the encapsulated one through our egress program, and the reverse, on one CPU
     * (the kernel hands consecutive test runs the same skb, which is what pairs them): the egress
     * program accepts the pairing (the record is marked left by lo, not stale); an encapsulated
     * packet whose inner packet differs is refused.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void overlayKeepsThePairingBothWays(String name, FrameBuilder encapsulated, boolean ipv6) {
        byte[] plain = plainPodFrame(ipv6);
        byte[] encap = encapsulated.build();
        byte[] otherInner = encap.clone();
        // The inner IPv4 identification / IPv6 payload length (low byte): another packet of the flow.
        otherInner[encap.length - (plain.length - 14) + 5] ^= 0x01;
        assertPaired(plain, encap, true, "encapsulation");
        assertPaired(encap, plain, true, "decapsulation");
        assertPaired(plain, otherInner, false, "a different inner packet");
    }

    /** Runs ingress then egress on one CPU until they share an skb; asserts whether egress paired them. */
    private static void assertPaired(byte[] atIngress, byte[] atEgress, boolean expectPaired, String what) {
        assertTrue(CpuPinning.pinCurrentThread(0), "pinning to CPU 0");
        try {
            for (int attempt = 0; attempt < 100; attempt++) {
                clearRecordsNow();
                assertEquals(TC_ACT_UNSPEC, ProgramTestRun.run(datapath.ingressProgramFd(), atIngress).retval());
                Map<DatapathCounter, Long> moved = countersMovedBy(datapath.egressProgramFd(), atEgress);
                if (moved.containsKey(DatapathCounter.NO_INGRESS_RECORD)) {
                    continue; // another skb this time
                }
                if (expectPaired) {
                    assertEquals(null, moved.get(DatapathCounter.STALE_RECORD), what + ": " + moved);
                    assertEquals(RecordLayout.STATE_LEFT, recordState(), what + ": record marked left");
                } else {
                    assertEquals(1L, moved.get(DatapathCounter.STALE_RECORD), what + ": " + moved);
                }
                return;
            }
            throw new AssertionError(what + ": 100 ingress/egress test runs on one CPU never shared an skb");
        } finally {
            CpuPinning.unpinCurrentThread();
        }
    }

    /** The state of the one record in ihr_records. */
    private static int recordState() {
        try (Arena arena = Arena.ofConfined()) {
            return onlyRecord(arena).get(JAVA_INT_UNALIGNED, RecordLayout.STATE);
        }
    }

    /** The value of the one record in ihr_records. */
    private static MemorySegment onlyRecord(Arena arena) {
        int fd = datapath.recordsMapFd();
        List<byte[]> keys = BpfMaps.keys(fd, 8);
        assertEquals(1, keys.size(), "records");
        MemorySegment value = arena.allocate(RecordLayout.SIZE, 8);
        assertTrue(BpfMaps.lookup(fd, arena.allocateFrom(JAVA_BYTE, keys.get(0)), value));
        return value;
    }

    /** Runs a program once and returns the counters that changed, with how much. */
    private static Map<DatapathCounter, Long> countersMovedBy(int programFd, byte[] frame) {
        Map<DatapathCounter, Long> before = datapath.counters();
        assertEquals(TC_ACT_UNSPEC, ProgramTestRun.run(programFd, frame).retval());
        Map<DatapathCounter, Long> moved = new EnumMap<>(DatapathCounter.class);
        datapath.counters().forEach((counter, after) -> {
            if (after - before.get(counter) != 0) {
                moved.put(counter, after - before.get(counter));
            }
        });
        return moved;
    }

    // ---- ingress records ----

    /** struct ihr_tuple as the datapath should store it, written field by field. */
    private static byte[] tuple(String src, String dst, int srcPort, int dstPort, int proto, int ipVersion) {
        int addressLength = ipVersion == 4 ? 4 : 16;
        ByteBuffer t = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        t.put(0, FrameBuilder.address(src, addressLength));
        t.put(16, FrameBuilder.address(dst, addressLength));
        t.putShort(32, (short) srcPort).putShort(34, (short) dstPort);
        t.put(36, (byte) proto).put(37, (byte) ipVersion);
        return t.array();
    }

    /**
     * Frames, the tuple the ingress program must record, and the packet's fingerprint worked out
     * by hand: IPv4 identification (FrameBuilder writes 0x1234) << 16 | total length; IPv6
     * payload length << 16 XOR flow label (FrameBuilder writes 1).
     */
    static Stream<Arguments> recordedFrames() {
        return Stream.of(
                Arguments.of("IPv4 UDP", ipv4Udp().build(), tuple(V4_A, V4_B, 40000, 53, IPPROTO_UDP, 4),
                        0x1234_0028), // 20 IP + 8 UDP + 12 payload = 40
                Arguments.of("IPv6 TCP after hop-by-hop and destination options", ipv6TcpWithExtensions().build(),
                        tuple(V6_A, V6_B, 443, 51000, IPPROTO_TCP, 6), 0x002c_0001), // 8 + 8 + 20 TCP + 8 = 44
                Arguments.of("IPv6 UDP after exactly 6 extension headers (the most the parser follows)",
                        new FrameBuilder().ethernet(0x86dd).ipv6(60, V6_A, V6_B).ipv6Options(60).ipv6Options(60)
                                .ipv6Options(60).ipv6Options(60).ipv6Options(60).ipv6Options(IPPROTO_UDP).udp(1, 2).build(),
                        tuple(V6_A, V6_B, 1, 2, IPPROTO_UDP, 6), 0x0038_0001), // 6 * 8 + 8 UDP = 56
                Arguments.of("VXLAN: the inner tuple", vxlanInnerTcp().build(),
                        tuple("10.244.1.5", "10.244.2.7", 33000, 8080, IPPROTO_TCP, 4),
                        0x1234_0038), // inner: 20 IP + 20 TCP + 16 payload = 56
                Arguments.of("IPv4 later fragment: no ports", new FrameBuilder().ethernet(0x0800)
                                .ipv4(IPPROTO_UDP, V4_A, V4_B, 185, new byte[0]).payload(new byte[] {0, 80, 0, 81}).build(),
                        tuple(V4_A, V4_B, 0, 0, IPPROTO_UDP, 4), 0x1234_0018), // 20 + 4 = 24
                Arguments.of("IPv6 ICMPv6: no ports", new FrameBuilder().ethernet(0x86dd)
                                .ipv6(IPPROTO_ICMPV6, V6_B, V6_A).icmpEcho(128).build(),
                        tuple(V6_B, V6_A, 0, 0, IPPROTO_ICMPV6, 6), 0x0008_0001)); // 8-byte echo header
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedFrames")
    void ingressRecordsTheTuple(String name, byte[] frame, byte[] expectedTuple, int expectedFingerprint) {
        long before = System.nanoTime(); // CLOCK_MONOTONIC, like bpf_ktime_get_ns
        assertEquals(TC_ACT_UNSPEC, ProgramTestRun.run(datapath.ingressProgramFd(), frame).retval());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = onlyRecord(arena);
            long ts = value.get(JAVA_LONG_UNALIGNED, RecordLayout.TS);
            assertTrue(ts >= before && ts <= System.nanoTime(), "ts " + ts + " not within the run");
            assertEquals(1, value.get(JAVA_INT_UNALIGNED, RecordLayout.IFINDEX), "ifindex: test-run puts the skb on lo");
            assertEquals(Integer.toHexString(expectedFingerprint), Integer.toHexString(value.get(JAVA_INT_UNALIGNED, RecordLayout.FINGERPRINT)),
                    "fingerprint");
            HexFormat hex = HexFormat.of();
            assertEquals(hex.formatHex(expectedTuple), hex.formatHex(value.asSlice(RecordLayout.TUPLE, 40).toArray(JAVA_BYTE)));
        }
    }
}
