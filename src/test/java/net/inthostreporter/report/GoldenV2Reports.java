// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import static net.inthostreporter.report.GoldenReports.INNER_UDP_FRAME;

/**
 * Golden Telemetry Report v2.0 datagrams written by hand from docs/int-report-formats.md and
 * the README's description of our domain-specific extension (never produced by the encoder),
 * one comment per field. The inner frame is {@link GoldenReports#INNER_UDP_FRAME} (46 bytes,
 * zero-padded to 48 on the wire).
 */
public final class GoldenV2Reports {

    private GoldenV2Reports() {
    }

    private static final String PADDED_FRAME = INNER_UDP_FRAME + "0000"; // 46 bytes + 2 bytes of padding

    // Flow report: node 10.0.0.1, hw_id 5, seq 12, ingress ifindex 0x12345, egress 7, ingress ts
    // 0x1122334455667788, egress ts + 23456 ns; flow id 0xCAFEBABE; ingress tuple
    // UDP 10.244.1.11:40000 -> 10.96.0.10:5201 (the service address, before NAT).
    public static final int FLOW_FLOW_ID = 0xCAFE_BABE;

    public static final String FLOW_DATAGRAM =
            // Telemetry Report Group header, 8 bytes
            "2140000c"              // Ver 2 (4 bits) | hw_id 5 (6 bits) | seq 12 (22 bits): 0010 000101 0...01100
            + "0a000001"            // Node ID 10.0.0.1
            // Individual Report header, 4 bytes
            + "13"                  // RepType 1 (INT) | InType 3 (Ethernet)
            + "19"                  // Report Length 25 words: 8 main + 44 metadata + 48 frame = 100 bytes
            + "0b"                  // MD Length 11 words: 24 baseline + 4 flow id + 16 IPv4 tuple
            + "20"                  // D 0, Q 0, F 1, I 0, reserved 0
            // INT main contents, 8 bytes
            + "6c00"                // RepMdBits: L1 ports 0x4000 | hop latency 0x2000 | ingress ts 0x0800 | egress ts 0x0400
            + "4948"                // Domain Specific ID 0x4948 ("IH")
            + "c000"                // DSMdBits: flow id 0x8000 | IPv4 ingress tuple 0x4000
            + "0000"                // DSMdStatus 0
            // Baseline metadata, 24 bytes
            + "2345" + "0007"       // L1 ingress port 0x12345 truncated to 16 bits | egress port 7
            + "00005ba0"            // hop latency 23456 ns
            + "1122334455667788"    // ingress timestamp, 64 bits
            + "112233445566d328"    // egress timestamp = ingress + 23456
            // Domain-specific metadata, 20 bytes
            + "cafebabe"            // flow id
            + "0af4010b"            // ingress source 10.244.1.11
            + "0a60000a"            // ingress destination 10.96.0.10
            + "9c40" + "1451"       // source port 40000 | destination port 5201
            + "11000000"            // protocol 17 | 3 reserved bytes
            + PADDED_FRAME;

    // Drop report: hw_id 63, seq 2^22 - 1, ingress ifindex 65535, egress 0, ingress ts 0xDEADBEEF,
    // drop time + 1000 ns, reason 80 (ACL deny), no flow id, ingress tuple TCP [fd00::1]:1234 -> [fd00::2]:80.
    public static final String DROP_DATAGRAM =
            "2fffffff"              // Ver 2 | hw_id 63 (111111) | seq 0x3FFFFF
            + "0a000001"            // Node ID 10.0.0.1
            + "13"                  // RepType 1 | InType 3
            + "1e"                  // Report Length 30 words: 8 main + 64 metadata + 48 frame = 120 bytes
            + "10"                  // MD Length 16 words: 24 baseline + 40 IPv6 tuple
            + "80"                  // D 1, Q 0, F 0, I 0
            + "4c01"                // RepMdBits: L1 ports | ingress ts | egress ts | queue_id + drop reason 0x0001
            + "4948"                // Domain Specific ID
            + "2000"                // DSMdBits: IPv6 ingress tuple 0x2000
            + "0000"                // DSMdStatus
            + "ffff" + "0000"       // ingress port 65535 | egress port 0
            + "00000000deadbeef"    // ingress timestamp
            + "00000000deadc2d7"    // egress timestamp (time of the drop) = 0xDEADBEEF + 1000
            + "00" + "50" + "0000"  // queue_id 0 | drop reason 80 | padding
            + "fd000000000000000000000000000001" // ingress source fd00::1
            + "fd000000000000000000000000000002" // ingress destination fd00::2
            + "04d2" + "0050"       // source port 1234 | destination port 80
            + "06000000"            // protocol 6 | reserved
            + PADDED_FRAME;

    // Three reports in one datagram, no extension: hw_id 0, first seq 100 (the reports are 100, 101, 102).
    public static final String THREE_REPORT_DATAGRAM =
            "20000064"              // Ver 2 | hw_id 0 | seq 100
            + "0a000001"            // Node ID 10.0.0.1
            // 1: the flow report above without the extension
            + "13" + "14" + "06" + "20"     // INT | Ethernet, 20 words (8 + 24 + 48 bytes), MD 6 words, F
            + "6c00" + "0000" + "0000" + "0000" // RepMdBits, Domain Specific ID 0, DSMdBits 0, status 0
            + "2345" + "0007" + "00005ba0" + "1122334455667788" + "112233445566d328"
            + PADDED_FRAME
            // 2: the drop report above without the extension
            + "13" + "14" + "06" + "80"     // INT | Ethernet, 20 words, MD 6 words, D
            + "4c01" + "0000" + "0000" + "0000"
            + "ffff" + "0000" + "00000000deadbeef" + "00000000deadc2d7" + "00500000"
            + PADDED_FRAME
            // 3: a flow report without a frame: in 1, out 2, ts 1 -> 101
            + "10" + "08" + "06" + "20"     // INT | InType 0 (none), 8 words (8 + 24 bytes), MD 6 words, F
            + "6c00" + "0000" + "0000" + "0000"
            + "0001" + "0002" + "00000064" + "0000000000000001" + "0000000000000065";
}
