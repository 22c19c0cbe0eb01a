// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.collector;

import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetAddress;

import net.inthostreporter.report.AddressText;
import net.inthostreporter.report.DecodedReport;
import net.inthostreporter.report.IngressTuple;
import net.inthostreporter.report.InnerPacket;
import net.inthostreporter.report.IntDropReason;
import net.inthostreporter.report.SwitchId;

/**
 * One human-readable line per report, for example
 * {@code flow sw=10.0.0.1 hw=0 seq=12 in=5 out=7 lat=23456ns UDP 10.244.1.11:40000 -> 10.244.1.12:5201 len=128}
 * or {@code drop sw=10.0.0.1 hw=0 seq=13 in=5 out=0 reason=acl_deny(80) TCP ... len=66}; v2.0 reports
 * add {@code flow_id=N ingress=PROTO src:port -> dst:port} when they carry our extension.
 */
public final class TextReportPrinter implements ReportPrinter {

    private final PrintWriter out;

    public TextReportPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void print(DecodedReport report) {
        out.println(format(report));
        out.flush();
    }

    /** The line for one report, without the line break. */
    public static String format(DecodedReport r) {
        StringBuilder line = new StringBuilder(160);
        line.append(r.isDropReport() ? "drop" : "flow");
        if (r.switchId() >= 0) {
            line.append(" sw=").append(SwitchId.toDotted(r.switchId()));
        }
        line.append(" hw=").append(r.hwId()).append(" seq=").append(r.seqNo());
        if (r.ingressPort() >= 0) {
            line.append(" in=").append(r.ingressPort()).append(" out=").append(r.egressPort());
        }
        if (r.hopLatencyNs() >= 0) {
            line.append(" lat=").append(r.hopLatencyNs()).append("ns");
        }
        if (r.dropReason() >= 0) {
            line.append(" reason=").append(IntDropReason.name(r.dropReason()))
                    .append('(').append(r.dropReason()).append(')');
        }
        if (r.congested()) {
            line.append(" congested");
        }
        appendInner(line, r.inner());
        line.append(" len=").append(r.innerFrameLength());
        if (r.flowId() >= 0) {
            line.append(" flow_id=").append(r.flowId());
        }
        IngressTuple t = r.ingressTuple();
        if (t != null) {
            line.append(" ingress=").append(InnerPacket.protocolName(t.protocol())).append(' ').append(endpoint(t.src(), t.srcPort()))
                    .append(" -> ").append(endpoint(t.dst(), t.dstPort()));
        }
        return line.toString();
    }

    private static void appendInner(StringBuilder line, InnerPacket p) {
        if (!p.vlanIds().isEmpty()) {
            line.append(" vlan=");
            for (int i = 0; i < p.vlanIds().size(); i++) {
                line.append(i == 0 ? "" : ",").append(p.vlanIds().get(i));
            }
        }
        if (!p.isIp()) {
            if (p.etherType() >= 0) {
                line.append(" ethertype=0x").append(String.format("%04x", p.etherType()));
            }
        } else if (p.protocol() == InnerPacket.PROTO_TCP || p.protocol() == InnerPacket.PROTO_UDP) {
            line.append(' ').append(p.protocolName()).append(' ')
                    .append(endpoint(p.src(), p.srcPort())).append(" -> ").append(endpoint(p.dst(), p.dstPort()));
        } else {
            line.append(' ').append(p.protocolName()).append(' ')
                    .append(AddressText.of(p.src())).append(" -> ").append(AddressText.of(p.dst()));
            if (p.icmpType() >= 0) {
                line.append(" type=").append(p.icmpType()).append(" code=").append(p.icmpCode());
            }
        }
        if (p.truncated()) {
            line.append(" truncated");
        }
    }

    private static String endpoint(InetAddress address, int port) {
        String host = AddressText.of(address);
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }
}
