/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one definition of what the datapath hands to user space. The Java class
 * net.inthostreporter.datapath.EventLayout mirrors it, and a test checks the
 * sizes and offsets against the BTF of the compiled object so they cannot drift.
 *
 * Integers are in host byte order (little-endian on x86-64); addresses are raw
 * network-order bytes (IPv4 in the first 4 bytes, the rest zero).
 */
#ifndef IHR_EVENT_H
#define IHR_EVENT_H

#include <linux/types.h>

/* Event types. */
#define IHR_EVENT_FLOW 1 /* a packet went from a hooked ingress to a hooked egress */
#define IHR_EVENT_DROP 2 /* a packet seen at a hooked ingress was freed as a drop */

/* Event flags. */
#define IHR_FLAG_VXLAN_INNER 0x01 /* data[] starts at the inner frame: outer Eth+IPv4+UDP+VXLAN (50 bytes) stripped */

/* Upper bound for the configurable snapshot length (bytes of the frame copied into an event). */
#define IHR_SNAP_MAX 512

/*
 * Settings the loader writes into .rodata before load (the one global of that section, so its
 * layout is this struct's, which the Java side checks against the object's BTF).
 */
struct ihr_config {
	__u32 snap_len;            /* bytes of the frame copied into an event, 1..IHR_SNAP_MAX */
	__u32 report_every_packet; /* 1: no change filter (debugging) */
	__u64 record_max_age_ns;   /* an ingress record older than this is not paired */
	__u64 report_interval_ns;  /* a flow is reported at least this often while it sends */
	__u64 latency_quantum_ns;  /* hop-latency buckets: [q, 2q) [2q, 4q) ... */
}; /* 32 bytes */

/* A 5-tuple as parsed from one place of the packet's path. */
struct ihr_tuple {
	__u8 src_addr[16];
	__u8 dst_addr[16];
	__u16 src_port;   /* 0 when the protocol has no ports */
	__u16 dst_port;
	__u8 l4_proto;    /* IPPROTO_* */
	__u8 ip_version;  /* 4 or 6; 0 when not IP */
	__u16 reserved;
}; /* 40 bytes */

struct ihr_event {
	__u8 type;              /* IHR_EVENT_* */
	__u8 flags;             /* IHR_FLAG_* */
	__u16 snap_len;         /* bytes present in data[] */
	__u32 ingress_ifindex;
	__u32 egress_ifindex;   /* 0 for drops */
	__u32 pkt_len;          /* skb->len where the snapshot was taken */
	__u64 ingress_ts;       /* bpf_ktime_get_ns() at the ingress hook */
	__u64 egress_ts;        /* bpf_ktime_get_ns() at the egress hook (or at the drop) */
	__u32 drop_reason;      /* kernel enum skb_drop_reason value; 0 for flows */
	__u32 reserved;
	struct ihr_tuple ingress_tuple; /* the packet as it was at the ingress hook */
	__u8 data[];            /* first snap_len bytes of the frame (at egress for flows) */
}; /* 80 bytes + data */

/* Per-CPU counters, one slot per outcome (index into the ihr_counters map). */
enum ihr_counter {
	IHR_CNT_INGRESS_PACKETS = 0,  /* packets seen by an ingress program */
	IHR_CNT_INGRESS_RECORDED,     /* ingress records written */
	IHR_CNT_EGRESS_PACKETS,       /* packets seen by an egress program */
	IHR_CNT_EVENTS_SUBMITTED,     /* events committed to the ring buffer */
	IHR_CNT_RINGBUF_FULL,         /* events lost: ring buffer reservation failed */
	IHR_CNT_NO_INGRESS_RECORD,    /* egress packets without a matching ingress record */
	IHR_CNT_STALE_RECORD,         /* records found but not for this packet (reused skb, too old) */
	IHR_CNT_NOT_IP,               /* frames that are neither IPv4 nor IPv6 */
	IHR_CNT_PARSE_STOPPED,        /* frames truncated or malformed before the L4 ports */
	IHR_CNT_RECORD_UPDATE_FAILED, /* ingress record could not be stored */
	IHR_CNT_UNCHANGED,            /* forwarded packets not reported: nothing changed in their flow */
	IHR_CNT_WATCHLIST_SKIPPED,    /* paired packets not reported because the watchlist does not watch them */
	IHR_CNT_ALREADY_LEFT,         /* egress packets whose record had already left by another egress: not paired twice */
	IHR_CNT_SECOND_INGRESS,       /* recorded packets seen again at a hooked ingress before leaving: the first ingress kept */
	IHR_CNT_MAX
};

#endif
