// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

/**
 * Golden v0.5 reports written by hand from docs/int-report-formats.md (never produced by the
 * encoder), with one comment per field. Shared by the encoder, decoder and printer tests.
 */
public final class GoldenReports {

    private GoldenReports() {
    }

    /**
     * A small IPv4/UDP frame: 10.244.1.11:40000 -> 10.244.1.12:5201, 4 bytes of payload.
     * 14 (Ethernet) + 20 (IPv4) + 8 (UDP) + 4 = 46 bytes.
     */
    public static final String INNER_UDP_FRAME =
            "020000000002"          // Ethernet destination 02:00:00:00:00:02
            + "020000000001"        // Ethernet source 02:00:00:00:00:01
            + "0800"                // EtherType IPv4
            + "45"                  // IPv4 version 4, IHL 5 (20 bytes)
            + "00"                  // DSCP/ECN
            + "0020"                // total length 32 = 20 + 8 + 4
            + "1234"                // identification
            + "4000"                // flags DF, fragment offset 0
            + "40"                  // TTL 64
            + "11"                  // protocol 17 (UDP)
            + "109b"                // header checksum
            + "0af4010b"            // source 10.244.1.11
            + "0af4010c"            // destination 10.244.1.12
            + "9c40"                // UDP source port 40000
            + "1451"                // UDP destination port 5201
            + "000c"                // UDP length 12
            + "0000"                // UDP checksum (none)
            + "70696e67";           // payload "ping"

    public static final int INNER_UDP_FRAME_LENGTH = 46;

    /** switch_id 10.0.0.1 = 0x0A000001 in both reports. */
    public static final int SWITCH_ID = 0x0A00_0001;

    // Flow report: hw_id 5, seq 12, ingress ts 0x1122334455667788, egress ts = ingress + 23456 ns,
    // ingress ifindex 0x12345 (truncated to 0x2345 on the wire), egress ifindex 7.
    public static final int FLOW_HW_ID = 5;
    public static final int FLOW_SEQ = 12;
    public static final long FLOW_INGRESS_TS = 0x1122_3344_5566_7788L;
    public static final long FLOW_EGRESS_TS = FLOW_INGRESS_TS + 23_456;
    public static final int FLOW_INGRESS_IFINDEX = 0x12345;
    public static final int FLOW_EGRESS_IFINDEX = 7;

    public static final String FLOW_REPORT =
            // Fixed header, 12 bytes
            "02"                    // Ver 0 (high nibble) | NProto 2 = Switch Local Report
            + "20"                  // flags: F (tracked flow); D and Q clear
            + "00"                  // reserved
            + "05"                  // reserved (2 bits) | hw_id 5
            + "0000000c"            // sequence number 12
            + "55667788"            // ingress timestamp, low 32 bits of 0x1122334455667788
            // Switch Local Report header, 16 bytes
            + "0a000001"            // switch_id 10.0.0.1
            + "2345"                // ingress port: ifindex 0x12345 truncated to 16 bits
            + "0007"                // egress port: ifindex 7
            + "00"                  // queue_id 0
            + "000000"              // queue occupancy 0
            + "5566d328"            // egress timestamp, low 32 bits: 0x55667788 + 23456
            + INNER_UDP_FRAME;

    // Drop report: hw_id 63, seq 0xFFFFFFFF, ingress ts 0xDEADBEEF, in ifindex 65535, out 0,
    // reason 80 (ACL deny).
    public static final int DROP_HW_ID = 63;
    public static final int DROP_SEQ = 0xFFFF_FFFF;
    public static final long DROP_INGRESS_TS = 0xDEAD_BEEFL;
    public static final int DROP_INGRESS_IFINDEX = 65535;
    public static final int DROP_EGRESS_IFINDEX = 0;

    public static final String DROP_REPORT =
            // Fixed header, 12 bytes
            "01"                    // Ver 0 | NProto 1 = Drop Report
            + "80"                  // flags: D (dropped)
            + "00"                  // reserved
            + "3f"                  // reserved (2 bits) | hw_id 63
            + "ffffffff"            // sequence number 4294967295
            + "deadbeef"            // ingress timestamp, low 32 bits
            // Drop Report header, 12 bytes
            + "0a000001"            // switch_id 10.0.0.1
            + "ffff"                // ingress port 65535
            + "0000"                // egress port 0
            + "00"                  // queue_id 0
            + "50"                  // drop_reason 80 (ACL deny)
            + "0000"                // pad
            + INNER_UDP_FRAME;
}
