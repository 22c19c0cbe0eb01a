// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.export;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static net.inthostreporter.sys.NativeCalls.C_INT;
import static net.inthostreporter.sys.NativeCalls.C_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import net.inthostreporter.datapath.EventLayout;
import net.inthostreporter.datapath.EventView;
import net.inthostreporter.report.ReportFormat;
import net.inthostreporter.sys.Libc;
import net.inthostreporter.sys.NativeCalls;

/**
 * Measures the encoder + sender path by hand (not a test: no timing assertions in the suite).
 * One thread feeds prepared ring-buffer events (80-byte header + 128-byte snapshot) through
 * {@link EventView} into the real sender as fast as it can; another receives on 127.0.0.1 with
 * recvmmsg and a large forced SO_RCVBUF and counts reports and sequence gaps.
 *
 * <pre>
 * ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java @bin/jvm.options -cp target/classes:target/test-classes:$(cat target/classpath.txt) \
 *      net.inthostreporter.export.PipelineThroughput [seconds] [v0.5|v2|all] [gso|nogso] [mtu]
 * </pre>
 * bin/jvm.options are the launcher's JVM options: the JIT mode and heap measured are the ones
 * that ship (append e.g. -XX:TieredStopAtLevel=4 to compare). Numbers depend on the machine and
 * whatever else runs on it: compare runs made together.
 */
public final class PipelineThroughput {
    public static final int SNAP = 128;
    public static final int EVENT_SIZE = EventLayout.HEADER_SIZE + SNAP;
    public static final int DISTINCT_EVENTS = 1024;
    private static final int RECV_BATCH = 256;
    private static final int RECV_SLOT = 2048;
    private static final int MSG_WAITFORONE = 0x10000;
    private static final int SO_RCVBUFFORCE = 33;
    private static final int SO_RCVTIMEO = 20;

    private static final MethodHandle RECVMMSG = NativeCalls.downcallWithErrno(Linker.nativeLinker().defaultLookup(),
            "recvmmsg", FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_INT, C_INT, C_LONG));

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String which = args.length > 1 ? args[1] : "all";
        boolean gso = args.length < 3 || !args[2].equals("nogso");
        int mtu = args.length > 3 ? Integer.parseInt(args[3]) : ExportConfig.DEFAULT_MTU;
        System.out.printf("%-6s %-5s %12s %14s %12s %10s %12s %10s%n", "format", "gso", "events", "events/s",
                "received", "lost", "datagrams", "rep/dgram");
        for (ReportFormat format : ReportFormat.values()) {
            if (which.equals("all") || which.equals(format.toString())) {
                run(format, seconds, gso, mtu);
            }
        }
    }

    private static void run(ReportFormat format, int seconds, boolean gso, int mtu) throws Exception {
        try (Arena arena = Arena.ofShared(); Receiver receiver = Receiver.open(arena, format)) {
            Thread rx = Thread.ofPlatform().name("receiver").start(receiver);
            MemorySegment events = events(arena);
            EventView view = new EventView();
            ReportSender sender = ReportSenders.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), receiver.port),
                    0x0A00_0001, 0, SNAP, new ExportConfig(format, mtu, Duration.ofMillis(1)), gso);
            long sent = 0;
            long start = System.nanoTime();
            long deadline = start + seconds * 1_000_000_000L;
            long end;
            do {
                for (int i = 0; i < DISTINCT_EVENTS; i++) {
                    sender.send(view.wrap(events.asSlice((long) i * EVENT_SIZE, EVENT_SIZE)));
                }
                sent += DISTINCT_EVENTS;
                sender.afterPoll(false); // as the pump does after each poll that found events
                end = System.nanoTime();
            } while (end < deadline);
            sender.afterPoll(true);
            double rate = sent / ((end - start) / 1e9);
            long datagrams = sender.counter(ExportCounter.DATAGRAMS_SENT);
            long lostSending = sent - sender.counter(ExportCounter.REPORTS_SENT);
            sender.close();
            receiver.awaitQuiet();
            rx.interrupt();
            long received = receiver.reports.get();
            System.out.printf("%-6s %-5s %12d %14.0f %12d %10d %12d %10.1f%n", format, gso, sent, rate, received,
                    sent - received, datagrams, (double) sent / Math.max(1, datagrams));
            System.out.println("  sender counters: " + sender.counters() + (lostSending != 0 ? " LOST BEFORE THE WIRE: " + lostSending : ""));
        }
    }

    /** Flow events as the datapath writes them: IPv4/UDP frame, ingress tuple, timestamps. */
    /** {@value #DISTINCT_EVENTS} prepared flow events of {@link #EVENT_SIZE} bytes each, back to back. */
    public static MemorySegment events(Arena arena) {
        MemorySegment all = arena.allocate((long) EVENT_SIZE * DISTINCT_EVENTS, 8);
        for (int i = 0; i < DISTINCT_EVENTS; i++) {
            MemorySegment e = all.asSlice((long) i * EVENT_SIZE, EVENT_SIZE);
            e.set(JAVA_BYTE, EventLayout.TYPE, (byte) EventLayout.TYPE_FLOW);
            e.set(JAVA_SHORT_UNALIGNED, EventLayout.SNAP_LEN, (short) SNAP);
            e.set(JAVA_INT_UNALIGNED, EventLayout.INGRESS_IFINDEX, 2);
            e.set(JAVA_INT_UNALIGNED, EventLayout.EGRESS_IFINDEX, 3);
            e.set(JAVA_INT_UNALIGNED, EventLayout.PKT_LEN, 1000);
            e.set(JAVA_LONG_UNALIGNED, EventLayout.INGRESS_TS, 1_000_000_000L + i * 1000L);
            e.set(JAVA_LONG_UNALIGNED, EventLayout.EGRESS_TS, 1_000_004_000L + i * 1000L);
            long t = EventLayout.INGRESS_TUPLE;
            e.set(JAVA_INT_UNALIGNED, t + EventLayout.TUPLE_SRC_ADDR, 0x0B01F40A);
            e.set(JAVA_INT_UNALIGNED, t + EventLayout.TUPLE_DST_ADDR, 0x0A00600A);
            e.set(JAVA_SHORT_UNALIGNED, t + EventLayout.TUPLE_SRC_PORT, (short) (40000 + i));
            e.set(JAVA_SHORT_UNALIGNED, t + EventLayout.TUPLE_DST_PORT, (short) 80);
            e.set(JAVA_BYTE, t + EventLayout.TUPLE_L4_PROTO, (byte) 17);
            e.set(JAVA_BYTE, t + EventLayout.TUPLE_IP_VERSION, (byte) 4);
            MemorySegment frame = e.asSlice(EventLayout.DATA, SNAP);
            frame.set(JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 12, (short) 0x0800);
            frame.set(JAVA_BYTE, 14, (byte) 0x45);
            frame.set(JAVA_BYTE, 23, (byte) 17);
        }
        return all;
    }

    /** Counts reports arriving on a loopback socket and the gaps in their sequence numbers. */
    private static final class Receiver implements Runnable, AutoCloseable {
        final int fd;
        final int port;
        final ReportFormat format;
        final MemorySegment buffers;
        final MessageVector vector;
        final AtomicLong reports = new AtomicLong();
        volatile long lastArrivalNs = System.nanoTime();

        private Receiver(int fd, int port, ReportFormat format, MemorySegment buffers, MessageVector vector) {
            this.fd = fd;
            this.port = port;
            this.format = format;
            this.buffers = buffers;
            this.vector = vector;
        }

        static Receiver open(Arena arena, ReportFormat format) {
            int fd = Libc.socket(2, 2, 0);
            MemorySegment sa = arena.allocate(16, 8);
            sa.set(JAVA_SHORT_UNALIGNED, 0, (short) 2);
            sa.set(JAVA_INT_UNALIGNED, 4, 0x0100007F); // 127.0.0.1, network order
            if (Libc.bind(fd, sa) < 0) {
                throw new IllegalStateException("bind failed");
            }
            Libc.setsockopt(fd, Libc.SOL_SOCKET, SO_RCVBUFFORCE, arena.allocateFrom(JAVA_INT, 256 << 20));
            MemorySegment timeout = arena.allocate(16, 8);
            timeout.set(JAVA_LONG_UNALIGNED, 8, 100_000); // 100 ms, so the thread notices the end
            Libc.setsockopt(fd, Libc.SOL_SOCKET, SO_RCVTIMEO, timeout);
            MemorySegment name = arena.allocate(16, 8);
            MemorySegment length = arena.allocateFrom(JAVA_INT, 16);
            // getsockname through a 0-byte recvfrom would block; ask the kernel directly instead.
            int port = localPort(fd, name, length);
            MemorySegment scratch = arena.allocate(16, 8);
            MessageVector vector = new MessageVector(arena, RECV_BATCH, scratch);
            MemorySegment buffers = arena.allocate((long) RECV_BATCH * RECV_SLOT, 8);
            for (int i = 0; i < RECV_BATCH; i++) {
                vector.set(i, buffers.address() + (long) i * RECV_SLOT, RECV_SLOT, 0);
            }
            return new Receiver(fd, port, format, buffers, vector);
        }

        private static int localPort(int fd, MemorySegment name, MemorySegment length) {
            MethodHandle getsockname = NativeCalls.downcall(Linker.nativeLinker().defaultLookup(), "getsockname",
                    FunctionDescriptor.of(C_INT, C_INT, NativeCalls.C_POINTER, NativeCalls.C_POINTER));
            try {
                int rc = (int) getsockname.invokeExact(fd, name, length);
                if (rc < 0) {
                    throw new IllegalStateException("getsockname failed");
                }
            } catch (Throwable t) {
                throw NativeCalls.rethrow(t);
            }
            return Short.toUnsignedInt(name.get(JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 2));
        }

        @Override
        public void run() {
            while (!Thread.currentThread().isInterrupted()) {
                int n;
                try {
                    n = (int) RECVMMSG.invokeExact(NativeCalls.captureSegment(), fd, vector.address(0), RECV_BATCH,
                            MSG_WAITFORONE, 0L);
                } catch (Throwable t) {
                    throw NativeCalls.rethrow(t);
                }
                if (n <= 0) {
                    continue; // timeout: look at the interrupt flag
                }
                long count = 0;
                for (int i = 0; i < n; i++) {
                    count += reportsIn(buffers.asSlice((long) i * RECV_SLOT, vector.messageLength(i)));
                }
                reports.addAndGet(count);
                lastArrivalNs = System.nanoTime();
            }
        }

        private long reportsIn(MemorySegment datagram) {
            if (format == ReportFormat.V0_5) {
                return 1;
            }
            long count = 0;
            for (long at = 8; at + 4 <= datagram.byteSize(); count++) {
                at += 4 + 4L * Byte.toUnsignedInt(datagram.get(JAVA_BYTE, at + 1));
            }
            return count;
        }

        void awaitQuiet() throws InterruptedException {
            while (System.nanoTime() - lastArrivalNs < 300_000_000L) {
                Thread.sleep(50);
            }
        }

        @Override
        public void close() {
            Libc.close(fd);
        }
    }
}
