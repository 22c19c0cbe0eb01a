// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.datapath;

/**
 * Byte offsets of {@code struct ihr_event} and {@code struct ihr_tuple} (src/main/bpf/ihr_event.h).
 * Integers are little-endian (host order on x86-64), addresses raw network-order bytes.
 * EventLayoutTest checks every offset here against the BTF of the compiled object.
 */
public final class EventLayout {
    public static final int TYPE = 0;
    public static final int FLAGS = 1;
    public static final int SNAP_LEN = 2;
    public static final int INGRESS_IFINDEX = 4;
    public static final int EGRESS_IFINDEX = 8;
    public static final int PKT_LEN = 12;
    public static final int INGRESS_TS = 16;
    public static final int EGRESS_TS = 24;
    public static final int DROP_REASON = 32;
    public static final int INGRESS_TUPLE = 40;
    public static final int DATA = 80;
    /** sizeof(struct ihr_event): the fixed part before data[]. */
    public static final int HEADER_SIZE = 80;

    /** Offsets inside struct ihr_tuple. */
    public static final int TUPLE_SRC_ADDR = 0;
    public static final int TUPLE_DST_ADDR = 16;
    public static final int TUPLE_SRC_PORT = 32;
    public static final int TUPLE_DST_PORT = 34;
    public static final int TUPLE_L4_PROTO = 36;
    public static final int TUPLE_IP_VERSION = 37;
    public static final int TUPLE_SIZE = 40;

    /** Event types (IHR_EVENT_*). */
    public static final int TYPE_FLOW = 1;
    public static final int TYPE_DROP = 2;
    /** IHR_FLAG_INNER_FRAME: data[] is the inner packet of an encapsulation, as an Ethernet frame. */
    public static final int FLAG_INNER_FRAME = 0x01;
    /** IHR_SNAP_MAX: the largest snapshot the datapath accepts. */
    public static final int SNAP_MAX = 512;

    private EventLayout() {
    }
}
