// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.cli;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.io.PrintWriter;
import java.io.Writer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

import org.slf4j.LoggerFactory;

import net.inthostreporter.collector.ReportPrinter;
import net.inthostreporter.datapath.EventLayout;
import net.inthostreporter.datapath.EventView;
import net.inthostreporter.links.RouteNetlinkSocket;
import net.inthostreporter.report.ReportDecoder;
import net.inthostreporter.report.ReportV05Encoder;
import picocli.CommandLine;

/**
 * The training run of the build's ahead-of-time cache (JDK 25, -XX:AOTCacheOutput): loads and
 * links what an agent start needs (flag parsing, logging, the libbpf and netlink bindings, the
 * event view, the encoder, the collector's decoder and printer) without root and without
 * touching the kernel's BPF state, so the launcher's -XX:AOTCache makes the real start shorter.
 */
final class AotTraining {
    private AotTraining() {
    }

    static void run() throws Exception {
        new CommandLine(new AgentCommand()).parseArgs("--collector", "127.0.0.1:32766", "--switch-id", "10.0.0.1",
                "--cni", "calico-iptables", "--data-interface", "lo");
        LoggerFactory.getLogger(AotTraining.class).debug("AOT training");
        Class.forName("net.inthostreporter.libbpf.Libbpf", true, AotTraining.class.getClassLoader());
        Class.forName("net.inthostreporter.libbpf.LibbpfLogBridge", true, AotTraining.class.getClassLoader());
        try (RouteNetlinkSocket socket = RouteNetlinkSocket.open()) {
            socket.requestLinkDump();
            socket.receive();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment event = syntheticEvent(arena);
            ByteBuffer datagram = ByteBuffer.allocateDirect(ReportV05Encoder.maxReportSize(64));
            ReportV05Encoder encoder = new ReportV05Encoder(0x0a000001, 0);
            EventView view = new EventView();
            ReportPrinter printer = ReportPrinter.create(true, new PrintWriter(Writer.nullWriter()));
            ReportDecoder decoder = new ReportDecoder();
            for (int i = 1; i <= 2_000; i++) {
                datagram.clear();
                encoder.encode(view.wrap(event), i, datagram);
                datagram.flip();
                decoder.decode(datagram).forEach(printer::print);
            }
        }
    }

    /** A flow event of an IPv4 UDP packet, 64 bytes captured. */
    private static MemorySegment syntheticEvent(Arena arena) {
        MemorySegment e = arena.allocate(EventLayout.HEADER_SIZE + 64L);
        e.set(JAVA_BYTE, EventLayout.TYPE, (byte) EventLayout.TYPE_FLOW);
        e.set(JAVA_SHORT_UNALIGNED, EventLayout.SNAP_LEN, (short) 64);
        e.set(JAVA_INT_UNALIGNED, EventLayout.INGRESS_IFINDEX, 2);
        e.set(JAVA_INT_UNALIGNED, EventLayout.EGRESS_IFINDEX, 3);
        e.set(JAVA_LONG_UNALIGNED, EventLayout.INGRESS_TS, 1_000L);
        e.set(JAVA_LONG_UNALIGNED, EventLayout.EGRESS_TS, 3_000L);
        MemorySegment frame = e.asSlice(EventLayout.DATA);
        frame.set(JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 12, (short) 0x0800);
        frame.set(JAVA_BYTE, 14, (byte) 0x45);
        frame.set(JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 16, (short) 50);
        frame.set(JAVA_BYTE, 23, (byte) 17);
        return e;
    }
}
