// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

/**
 * Byte layout of Telemetry Report v2.0 and of our domain-specific extension, shared by the
 * encoder and decoder so the two cannot disagree on a bit. Offsets are relative to the start
 * of the part they belong to.
 */
final class ReportV2Layout {

    static final int VERSION = 2;
    static final int SEQUENCE_BITS = 22;
    static final int SEQUENCE_MASK = (1 << SEQUENCE_BITS) - 1;
    static final int HW_ID_MASK = 0x3F;

    // Telemetry Report Group header: Ver(4) hw_id(6) seq(22) | node ID(32).
    static final int GROUP_HEADER_SIZE = 8;
    static final int GROUP_NODE_ID = 4;

    // Individual Report header: RepType(4) InType(4) | Report Length(8) | MD Length(8) | D Q F I rsvd(4).
    static final int REPORT_HEADER_SIZE = 4;
    static final int REPORT_LENGTH = 1;
    static final int MD_LENGTH = 2;
    static final int REPORT_FLAGS = 3;
    static final int REP_TYPE_INT = 1;
    static final int IN_TYPE_NONE = 0;
    static final int IN_TYPE_ETHERNET = 3;
    static final int FLAG_DROPPED = 0x80;
    static final int FLAG_CONGESTED = 0x40;
    static final int FLAG_TRACKED_FLOW = 0x20;
    static final int FLAG_INTERMEDIATE = 0x10;
    /** Report Length 0xFF: the report runs to the end of the datagram. */
    static final int LENGTH_TO_END = 0xFF;

    // INT main contents: RepMdBits(16) Domain Specific ID(16) DSMdBits(16) DSMdStatus(16).
    static final int MAIN_CONTENTS_SIZE = 8;
    static final int MAIN_DS_ID = 2;
    static final int MAIN_DS_MD_BITS = 4;
    static final int MAIN_DS_MD_STATUS = 6;

    // RepMdBits, in the order their fields follow each other.
    static final int MD_RESERVED_0 = 0x8000;
    static final int MD_L1_PORTS = 0x4000;           // ingress(16) egress(16)
    static final int MD_HOP_LATENCY = 0x2000;        // 32 bits
    static final int MD_QUEUE_OCCUPANCY = 0x1000;    // queue_id(8) occupancy(24)
    static final int MD_INGRESS_TS = 0x0800;         // 64 bits
    static final int MD_EGRESS_TS = 0x0400;          // 64 bits
    static final int MD_L2_PORTS = 0x0200;           // 32 + 32 bits
    static final int MD_TX_UTILIZATION = 0x0100;
    static final int MD_BUFFER_OCCUPANCY = 0x0080;
    static final int MD_DROP_REASON = 0x0001;        // queue_id(8) drop_reason(8) pad(16)

    /**
     * Our Domain Specific ID: "IH" (INT Host Reporter). Operators pick ids in 0x0001..0xFFFF;
     * a collector that does not know it skips the extension, since MD Length covers it.
     */
    static final int DOMAIN_ID = 0x4948;
    // DSMdBits under DOMAIN_ID, in the order their fields follow each other.
    static final int DS_FLOW_ID = 0x8000;            // 32 bits
    static final int DS_INGRESS_TUPLE_V4 = 0x4000;   // src(32) dst(32) sport(16) dport(16) proto(8) rsvd(24)
    static final int DS_INGRESS_TUPLE_V6 = 0x2000;   // src(128) dst(128) sport(16) dport(16) proto(8) rsvd(24)
    static final int DS_FLOW_ID_SIZE = 4;
    static final int DS_TUPLE_V4_SIZE = 16;
    static final int DS_TUPLE_V6_SIZE = 40;

    private ReportV2Layout() {
    }

    /** Bytes of the baseline metadata a RepMdBits value selects (reserved bits count 4 bytes, as the spec says). */
    static int baselineMetadataSize(int repMdBits) {
        int size = 4 * Integer.bitCount(repMdBits & 0xFFFF);
        // Ingress timestamp, egress timestamp and level-2 ports are 8 bytes each.
        size += 4 * Integer.bitCount(repMdBits & (MD_INGRESS_TS | MD_EGRESS_TS | MD_L2_PORTS));
        return size;
    }
}
