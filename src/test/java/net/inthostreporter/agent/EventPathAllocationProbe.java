// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.agent;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;

import net.inthostreporter.api.AgentMetrics;
import net.inthostreporter.datapath.DropReasonTable;
import net.inthostreporter.datapath.EventView;
import net.inthostreporter.export.ExportConfig;
import net.inthostreporter.export.PipelineThroughput;
import net.inthostreporter.export.ReportSender;
import net.inthostreporter.export.ReportSenders;
import net.inthostreporter.report.NatView;
import net.inthostreporter.report.ReportFormat;

/**
 * The agent's path for one event from the record on: the pump's one EventView, ReportingSink
 * (drop reasons, the hop-latency histogram), the real encoder and batching sender toward a
 * loopback socket nobody reads. Prints {@code event-path-allocation BYTES EVENTS} for the
 * measured part, after a warm-up. The records are sliced once beforehand: the slicing is the
 * probe's, not the agent's (the libbpf upcall's own per-record segments are not measured).
 * EventPathAllocationTest runs it with the launcher's JVM flags; by hand (and once without
 * -XX:TieredStopAtLevel=1 as the baseline):
 * <pre>
 * ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * sudo java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xms16m -Xmx128m -Xss512k \
 *      -XX:MaxMetaspaceSize=64m -XX:TieredStopAtLevel=1 -cp target/classes:target/test-classes:$(cat target/classpath.txt) \
 *      net.inthostreporter.agent.EventPathAllocationProbe v0.5|v2
 * </pre>
 */
public final class EventPathAllocationProbe {
    private static final int WARM_UP = 300_000;
    static final int EVENTS = 1_000_000;
    /** Output: this tag, the bytes allocated, the events measured. */
    static final String RESULT_TAG = "event-path-allocation";

    private EventPathAllocationProbe() {
    }

    public static void main(String[] args) throws Exception {
        // "v0.5-ingress": v0.5 with --nat-view ingress (the inner frame written in the ingress view)
        NatView natView = args[0].endsWith("-ingress") ? NatView.INGRESS : NatView.EGRESS;
        ReportFormat format = ReportFormat.parse(args[0].replace("-ingress", ""));
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofShared();
             DatagramChannel collector = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            MemorySegment all = PipelineThroughput.events(arena);
            MemorySegment[] records = new MemorySegment[PipelineThroughput.DISTINCT_EVENTS];
            for (int i = 0; i < records.length; i++) {
                records[i] = all.asSlice((long) i * PipelineThroughput.EVENT_SIZE, PipelineThroughput.EVENT_SIZE);
            }
            ReportSender sender = ReportSenders.open((InetSocketAddress) collector.getLocalAddress(), 0x0A00_0001, 0,
                    PipelineThroughput.SNAP, new ExportConfig(format, ExportConfig.DEFAULT_MTU, Duration.ofMillis(1), natView), true);
            try (sender) {
                ReportingSink sink = new ReportingSink(sender, DropReasonTable.fromKernel(), new AgentMetrics().hopLatency(), () -> { });
                EventView view = new EventView();
                feed(sink, view, records, WARM_UP);
                long before = bean.getCurrentThreadAllocatedBytes();
                feed(sink, view, records, EVENTS);
                long allocated = bean.getCurrentThreadAllocatedBytes() - before;
                System.out.println(RESULT_TAG + " " + allocated + " " + EVENTS);
            }
        }
    }

    /** As EventPump does: each record through the one view into the sink; a poll ends when the sink asks. */
    private static void feed(ReportingSink sink, EventView view, MemorySegment[] records, int count) {
        for (int i = 0; i < count; i++) {
            sink.onEvent(view.wrap(records[i % records.length]));
            if (!sink.keepConsuming()) {
                sink.afterPoll(false);
            }
        }
        sink.afterPoll(true);
    }
}
