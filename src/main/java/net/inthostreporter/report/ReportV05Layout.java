// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

/**
 * Byte layout of Telemetry Report v0.5, shared by its encoder and decoder so the two cannot
 * disagree on an offset. Offsets are relative to the start of the part they belong to.
 */
final class ReportV05Layout {

    static final int VERSION = 0;

    // Fixed header (12 bytes).
    static final int FIXED_HEADER_SIZE = 12;
    static final int VER_NPROTO = 0;
    static final int FLAGS = 1;
    static final int HW_ID = 3;
    static final int SEQ_NO = 4;
    static final int INGRESS_TS = 8;

    static final int FLAG_DROPPED = 0x80;
    static final int FLAG_CONGESTED = 0x40;
    static final int FLAG_TRACKED_FLOW = 0x20;
    static final int HW_ID_MASK = 0x3F;

    // NProto: what follows the fixed header.
    static final int NPROTO_ETHERNET = 0;
    static final int NPROTO_DROP = 1;
    static final int NPROTO_SWITCH_LOCAL = 2;

    // Switch Local Report header (16 bytes) and Drop Report header (12 bytes) share their first 9 bytes.
    static final int SWITCH_ID = 0;
    static final int INGRESS_PORT = 4;
    static final int EGRESS_PORT = 6;
    static final int QUEUE_ID = 8;
    static final int QUEUE_OCCUPANCY = 9; // 3 bytes, switch local report only
    static final int EGRESS_TS = 12;      // switch local report only
    static final int DROP_REASON = 9;     // drop report only, followed by 2 bytes of padding

    static final int SWITCH_LOCAL_HEADER_SIZE = 16;
    static final int DROP_HEADER_SIZE = 12;

    private ReportV05Layout() {
    }
}
