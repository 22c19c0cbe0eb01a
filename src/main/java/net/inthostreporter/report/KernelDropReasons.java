// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import java.util.Map;

/**
 * The INT drop-reason code for a Linux drop reason, by its name in {@code enum skb_drop_reason}
 * without the {@code SKB_DROP_REASON_} prefix (the numbers change between kernels, the names do
 * not). Reasons without an INT equivalent are {@link IntDropReason#UNKNOWN}; their name still
 * goes to logs and metrics.
 */
public final class KernelDropReasons {
    /** The prefix the kernel's enumerators carry; {@link #shortName} removes it. */
    public static final String PREFIX = "SKB_DROP_REASON_";

    /**
     * The kernel has no reason of its own for an expired TTL / hop limit: ip_forward and
     * ip6_forward free such packets with IP_INHDR, the reason also used for malformed headers.
     * {@link #intCode(String, boolean)} tells them apart by the packet's TTL.
     */
    public static final String IP_HEADER_ERROR = "IP_INHDR";

    private static final Map<String, Integer> CODES = Map.ofEntries(
            // a filtering rule said no: netfilter, a TC or cgroup BPF program, an LSM, IPsec policy
            Map.entry("NETFILTER_DROP", IntDropReason.ACL_DENY),
            Map.entry("TC_INGRESS", IntDropReason.ACL_DENY),
            Map.entry("TC_EGRESS", IntDropReason.ACL_DENY),
            Map.entry("BPF_CGROUP_EGRESS", IntDropReason.ACL_DENY),
            Map.entry("SECURITY_HOOK", IntDropReason.ACL_DENY),
            Map.entry("XFRM_POLICY", IntDropReason.ACL_DENY),
            // no route (IP_NOROUTE is the name before Linux 6.0)
            Map.entry("IP_NOROUTE", IntDropReason.ROUTING_MISS),
            Map.entry("IP_INNOROUTES", IntDropReason.ROUTING_MISS),
            Map.entry("IP_OUTNOROUTES", IntDropReason.ROUTING_MISS),
            Map.entry("IP_CSUM", IntDropReason.IP_CHECKSUM_INVALID),
            Map.entry(IP_HEADER_ERROR, IntDropReason.IP_HEADER_LENGTH_INVALID),
            // a queue was full or over its limit
            Map.entry("QDISC_DROP", IntDropReason.TRAFFIC_MANAGER),
            Map.entry("QDISC_OVERLIMIT", IntDropReason.TRAFFIC_MANAGER),
            Map.entry("QDISC_CONGESTED", IntDropReason.TRAFFIC_MANAGER),
            Map.entry("CAKE_FLOOD", IntDropReason.TRAFFIC_MANAGER),
            Map.entry("FQ_BAND_LIMIT", IntDropReason.TRAFFIC_MANAGER),
            Map.entry("FQ_HORIZON_LIMIT", IntDropReason.TRAFFIC_MANAGER),
            Map.entry("FQ_FLOW_LIMIT", IntDropReason.TRAFFIC_MANAGER),
            Map.entry("CPU_BACKLOG", IntDropReason.TRAFFIC_MANAGER),
            Map.entry("FULL_RING", IntDropReason.TRAFFIC_MANAGER));

    private KernelDropReasons() {
    }

    /** {@code SKB_DROP_REASON_NETFILTER_DROP} → {@code NETFILTER_DROP}; other names unchanged. */
    public static String shortName(String enumerator) {
        return enumerator.startsWith(PREFIX) ? enumerator.substring(PREFIX.length()) : enumerator;
    }

    /** The INT code of a reason (short name). */
    public static int intCode(String reason) {
        return CODES.getOrDefault(reason, IntDropReason.UNKNOWN);
    }

    /**
     * The INT code of a reason, given whether the packet's TTL / hop limit was 1 or 0 when it was
     * freed: an IP header error of such a packet is a TTL expiry.
     */
    public static int intCode(String reason, boolean ttlExpired) {
        if (ttlExpired && IP_HEADER_ERROR.equals(reason)) {
            return IntDropReason.IP_TTL_ZERO;
        }
        return intCode(reason);
    }

    /**
     * Whether freeing with this reason is a drop worth a report. SKB_CONSUMED is a normal end;
     * NOT_DROPPED_YET is the zero value, never passed for a real free.
     */
    public static boolean isDrop(String reason) {
        return !reason.equals("SKB_CONSUMED") && !reason.equals("CONSUMED") && !reason.equals("SKB_NOT_DROPPED_YET")
                && !reason.equals("NOT_DROPPED_YET");
    }
}
