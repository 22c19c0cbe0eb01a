// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.reliability;

import net.inthostreporter.testkit.AgentFlags;

import net.inthostreporter.testkit.NodeHooks;
import net.inthostreporter.testkit.ReportReceiver;
import net.inthostreporter.testkit.UdpFlood;

import java.net.InetSocketAddress;

import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.testkit.Traffic;

/**
 * The lab node with a CNI-like foreign filter on cali1, a report receiver on the node's loopback
 * and pod1 → pod2 UDP running all along (pod2 has a socket bound, so no ICMP comes back). Closed
 * in reverse order, the lab last, whatever happened.
 */
final class FloodedNode implements AutoCloseable {
    private final NodeLab lab;
    private final ReportReceiver collector;
    private final Traffic.UdpReceiver sink;
    private final UdpFlood flood;

    private FloodedNode(NodeLab lab, ReportReceiver collector, Traffic.UdpReceiver sink, UdpFlood flood) {
        this.lab = lab;
        this.collector = collector;
        this.sink = sink;
        this.flood = flood;
    }

    /** {@code perMillisecond}: datagrams per thread and millisecond, {@code Integer.MAX_VALUE} for unpaced. */
    static FloodedNode start(int port, int threads, int perMillisecond) throws Exception {
        NodeLab lab = NodeLab.create();
        ReportReceiver collector = null;
        Traffic.UdpReceiver sink = null;
        try {
            NodeHooks.addForeignFilter(lab);
            InetSocketAddress target = new InetSocketAddress(lab.fact("POD2_IP"), port);
            collector = ReportReceiver.sink(lab.nodeNs());
            sink = Traffic.UdpReceiver.bind(lab.pod2Ns(), target);
            return new FloodedNode(lab, collector, sink, UdpFlood.start(lab.pod1Ns(), target, threads, perMillisecond));
        } catch (Exception | Error e) {
            closeQuietly(sink);
            closeQuietly(collector);
            lab.close();
            throw e;
        }
    }

    NodeLab lab() {
        return lab;
    }

    /** The lab's agent flags for this node: reporting to the node's receiver, every packet an event. */
    AgentFlags agentFlags(String attachMode) throws java.io.IOException {
        return AgentFlags.forLab(lab, collector.address()).attachMode(attachMode).reportEveryPacket();
    }

    /** Where the agent should send its reports. */
    String collector() throws java.io.IOException {
        return collector.address();
    }

    UdpFlood flood() {
        return flood;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing on the failure path; the first failure is what gets reported
            }
        }
    }

    @Override
    public void close() throws Exception {
        try {
            flood.close();
            sink.close();
            collector.close();
        } finally {
            lab.close();
        }
    }
}
