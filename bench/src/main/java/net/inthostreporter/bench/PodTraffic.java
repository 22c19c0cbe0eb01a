// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.bench;

import net.inthostreporter.testkit.Commands;
import net.inthostreporter.testkit.NodeLab;
import net.inthostreporter.testkit.UdpFlood;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.inthostreporter.sys.NetNamespace;

/**
 * Pod1 → pod2 traffic through the node: iperf3 TCP (a server in pod2 for the whole run) and the
 * small-UDP blaster counted where it arrives (pod2's eth0 rx_packets, so a slow receiving
 * application does not count against the node).
 */
final class PodTraffic implements AutoCloseable {
    static final int UDP_SINK_PORT = 9;

    private final NodeLab lab;
    private final Process iperfServer;
    private final DatagramChannel udpSink;

    private PodTraffic(NodeLab lab, Process iperfServer, DatagramChannel udpSink) {
        this.lab = lab;
        this.iperfServer = iperfServer;
        this.udpSink = udpSink;
    }

    static PodTraffic start(NodeLab lab) throws Exception {
        Process server = new ProcessBuilder("ip", "netns", "exec", lab.pod2Ns(), "iperf3", "-s", "-p", "5201")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        // Bound and never read: datagrams are counted on arrival, then dropped by the full socket.
        DatagramChannel sink = NetNamespace.call(lab.pod2Ns(),
                () -> DatagramChannel.open().bind(new InetSocketAddress(lab.pod2Ip(), UDP_SINK_PORT)));
        Thread.sleep(300); // iperf3 -s listening
        return new PodTraffic(lab, server, sink);
    }

    /** iperf3 TCP pod1 → pod2 for {@code seconds}: bits/s received. */
    double tcpBitsPerSecond(int seconds) {
        String json = Commands.run(List.of("ip", "netns", "exec", lab.pod1Ns(), "iperf3", "-c", lab.pod2Ip(), "-p", "5201",
                "-t", Integer.toString(seconds), "--json"), Duration.ofSeconds(seconds + 30L));
        try {
            JsonNode end = new ObjectMapper().readTree(json).path("end").path("sum_received");
            return end.path("bits_per_second").asDouble(Double.NaN);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read iperf3's JSON: " + e.getMessage(), e);
        }
    }

    /** Small UDP pod1 → pod2 for {@code seconds}: packets/s that arrived in pod2, and packets/s sent. */
    double[] udpPacketsPerSecond(int seconds) throws Exception {
        long before = pod2RxPackets();
        long start = System.nanoTime();
        long sent = UdpFlood.blast(lab.pod1Ns(), new InetSocketAddress(lab.pod2Ip(), UDP_SINK_PORT),
                Duration.ofSeconds(seconds), UdpFlood.PAYLOAD_FOR_64_BYTE_FRAME);
        double elapsed = (System.nanoTime() - start) / 1e9;
        Thread.sleep(50);
        long arrived = pod2RxPackets() - before;
        return new double[] {arrived / elapsed, sent / elapsed};
    }

    long pod2RxPackets() {
        return Long.parseLong(Commands.run("ip", "netns", "exec", lab.pod2Ns(), "cat", "/sys/class/net/eth0/statistics/rx_packets").strip());
    }

    @Override
    public void close() throws Exception {
        udpSink.close();
        iperfServer.destroy();
        iperfServer.waitFor();
    }
}
