// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.cli;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.inthostreporter.datapath.EventLayout;
import net.inthostreporter.datapath.EventView;
import net.inthostreporter.export.ExportConfig;
import net.inthostreporter.export.ReportSender;
import net.inthostreporter.export.ReportSenders;
import net.inthostreporter.links.RouteNetlinkSocket;
import net.inthostreporter.report.ReportFormat;
import net.inthostreporter.sys.NetNamespace;
import picocli.CommandLine;

/**
 * The training run of the build's ahead-of-time cache (JDK 25, -XX:AOTCacheOutput). What it
 * runs is what the cache holds loaded and linked for the launcher's -XX:AOTCache, so it runs
 * the agent's real start where it can:
 * <ul>
 *   <li>with root (CI, a developer's build): the agent itself, started and stopped in a
 *       throwaway network namespace on its loopback (flags, logging, API, metrics, libbpf,
 *       loading and verifying the programs, BTF, ring buffer, netlink, attaching);</li>
 *   <li>without (a Docker build has no BPF or namespace rights): one line says so and that part
 *       is skipped; the build does not fail.</li>
 * </ul>
 * Then, in every case, the event path on synthetic events: event view, both encoders and the
 * batching UDP sender toward a local socket. The collector subcommand is left out on purpose:
 * every class in the cache is mapped (and resident) in every agent, so the cache holds what the
 * agent runs and no more.
 */
final class AotTraining {
    private static final Logger LOG = LoggerFactory.getLogger(AotTraining.class);
    private static final int EVENTS = 2_000;

    private AotTraining() {
    }

    static void run() throws Exception {
        trainAgentStart();
        trainEventPath();
    }

    private static void trainAgentStart() {
        try {
            String outcome = NetNamespace.callInNewNamespace(() -> {
                AgentCommand command = new AgentCommand();
                new CommandLine(command).parseArgs("--collector", "127.0.0.1:32766", "--switch-id", "10.0.0.1",
                        "--cni", "calico-iptables", "--data-interface", "lo", "--api-address", "127.0.0.1:0");
                AgentCommand.Running running = command.start();
                if (running == null) {
                    return "the agent did not start (see above)";
                }
                running.close();
                return "started and stopped the agent";
            });
            LOG.info("AOT training: {} in a throwaway network namespace", outcome);
        } catch (Exception e) {
            LOG.info("AOT training: no agent start ({}): the cache covers flag parsing and the event path only", e.getMessage());
        }
    }

    private static void trainEventPath() throws Exception {
        new CommandLine(new AgentCommand()).parseArgs("--collector", "127.0.0.1:32766", "--switch-id", "10.0.0.1",
                "--cni", "calico-iptables", "--data-interface", "lo");
        try (RouteNetlinkSocket socket = RouteNetlinkSocket.open()) {
            socket.requestLinkDump();
            socket.receive();
        }
        try (Arena arena = Arena.ofConfined();
             DatagramChannel collector = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            MemorySegment event = syntheticEvent(arena);
            EventView view = new EventView();
            InetSocketAddress to = (InetSocketAddress) collector.getLocalAddress();
            for (ReportFormat format : ReportFormat.values()) {
                // Reports nobody reads: the socket's buffer fills and the kernel drops the rest.
                try (ReportSender sender = ReportSenders.open(to, 0x0a000001, 0, 64, new ExportConfig(format,
                        ExportConfig.DEFAULT_MTU, ExportConfig.DEFAULT_MAX_DELAY))) {
                    for (int i = 1; i <= EVENTS; i++) {
                        sender.send(view.wrap(event));
                        sender.afterPoll(i % 32 == 0);
                    }
                }
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
