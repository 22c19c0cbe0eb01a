/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * INT Host Reporter datapath: a TC ingress program remembers each packet by its
 * sk_buff address, and a TC egress program turns a remembered packet into a
 * flow event (hop latency, ingress tuple, snapshot of the egress frame).
 *
 * Both programs only observe: every path returns TC_ACT_UNSPEC so the next
 * program or filter (often the CNI's own) decides, and nothing in the packet
 * or the skb is written.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#include "ihr_event.h"
#include "ihr_parse.h"
#include "ihr_change.h"
#include "ihr_watchlist.h"

/* Set by the loader before load; .rodata is frozen, so the verifier sees constants. */
const volatile struct ihr_config ihr_config = {
	.snap_len = 128,
	.report_every_packet = 0,
	.record_max_age_ns = 1000000000ULL,
	.report_interval_ns = 1000000000ULL,
	.latency_quantum_ns = 10000ULL,
};

/*
 * Never read. clang emits BTF only for types that globals or functions use; this gives the
 * object a description of struct ihr_event to check the Java mirror against.
 */
const struct ihr_event *const volatile ihr_event_btf_anchor = 0;

/* Where a recorded packet is on its way through the host. */
enum ihr_record_state {
	IHR_REC_IN_FLIGHT = 0, /* seen at a hooked ingress, not yet out */
	IHR_REC_LEFT = 1,      /* left by egress_ifindex (a hooked egress) */
};

/*
 * What the ingress program remembers about a packet. The record outlives the egress (marked
 * "left", not deleted) so that a drop after it, in the egress qdisc for example, is reported
 * with the egress port; the tracepoints remove it when the kernel frees the packet.
 */
struct ihr_record {
	__u64 ts;          /* bpf_ktime_get_ns() at ingress */
	__u32 ifindex;     /* skb->ifindex at ingress */
	__u32 fingerprint;
	__u32 watch;       /* IHR_WL_* verdict of the watchlist on the ingress tuple */
	__u32 state;       /* enum ihr_record_state */
	__u32 egress_ifindex; /* IHR_REC_LEFT: where it left */
	__u32 reserved;
	struct ihr_tuple tuple;
}; /* 72 bytes */

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	/* Per-CPU LRU lists: no lock shared between CPUs on every packet. */
	__uint(map_flags, BPF_F_NO_COMMON_LRU);
	__type(key, __u64); /* sk_buff address */
	__type(value, struct ihr_record);
} ihr_records SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 23);
} ihr_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, IHR_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} ihr_counters SEC(".maps");

/* Per-CPU slot, so a plain increment is race-free. */
static __always_inline void ihr_count(__u32 counter)
{
	__u64 *v = bpf_map_lookup_elem(&ihr_counters, &counter);

	if (v)
		*v += 1;
}

/*
 * The sk_buff address is the one identity a packet keeps from its ingress
 * hook to its egress hook (forwarding reuses the skb). Needs a privileged
 * loader: turning a pointer into a scalar is a pointer leak otherwise.
 */
static __always_inline __u64 ihr_skb_key(struct __sk_buff *skb)
{
	return (__u64)(unsigned long)skb;
}

/* Clamped so a bad loader value cannot make the reservation or the copy invalid. */
static __always_inline __u32 ihr_snap(void)
{
	__u32 snap = ihr_config.snap_len;

	if (snap == 0)
		return 1;
	if (snap > IHR_SNAP_MAX)
		return IHR_SNAP_MAX;
	return snap;
}

SEC("tc")
int ihr_tc_ingress(struct __sk_buff *skb)
{
	struct ihr_record rec = {}, *found;
	__u64 key = ihr_skb_key(skb);
	int r;

	ihr_count(IHR_CNT_INGRESS_PACKETS);
	r = ihr_parse_tuple(skb, &rec.tuple, &rec.fingerprint);
	if (r == IHR_PARSE_NOT_IP) {
		ihr_count(IHR_CNT_NOT_IP);
		return TC_ACT_UNSPEC;
	}
	if (r != IHR_PARSE_FULL)
		ihr_count(IHR_CNT_PARSE_STOPPED);
	if (r == IHR_PARSE_NO_ADDR)
		return TC_ACT_UNSPEC;

	rec.ts = bpf_ktime_get_ns();
	/*
	 * The same packet at a second hooked ingress before it left by any hooked egress: a CNI
	 * program redirected it there (bpf_redirect with BPF_F_INGRESS), or a tunnel device of
	 * ours decapsulated it. It arrived at the host at the first one: its time, interface and
	 * tuple stand. (A new packet on a freed skb's address has no record left: the kernel's
	 * free removed it, see ihr_drop.h; or a different fingerprint.)
	 */
	found = bpf_map_lookup_elem(&ihr_records, &key);
	if (found && found->state == IHR_REC_IN_FLIGHT && found->fingerprint == rec.fingerprint &&
	    rec.ts - found->ts <= ihr_config.record_max_age_ns) {
		ihr_count(IHR_CNT_SECOND_INGRESS);
		return TC_ACT_UNSPEC;
	}
	rec.ifindex = skb->ifindex;
	rec.watch = ihr_wl_ingress_verdict(&rec.tuple);
	/* BPF_ANY: a new packet on a freed skb's address replaces the old record. */
	if (bpf_map_update_elem(&ihr_records, &key, &rec, BPF_ANY))
		ihr_count(IHR_CNT_RECORD_UPDATE_FAILED);
	else
		ihr_count(IHR_CNT_INGRESS_RECORDED);
	return TC_ACT_UNSPEC;
}

/*
 * Waking the reader costs more than everything else an event does (an interrupt and a context
 * switch, microseconds here). So events are committed silently while the ring holds little, and
 * the reader is woken once it holds 1/16 of its size; the reader also drains the ring on a short
 * timer, which bounds how long a lone event waits.
 */
static __always_inline __u64 ihr_submit_flags(void)
{
	__u64 avail = bpf_ringbuf_query(&ihr_events, BPF_RB_AVAIL_DATA);
	__u64 size = bpf_ringbuf_query(&ihr_events, BPF_RB_RING_SIZE);

	return avail >= size / 16 ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
}

/*
 * Copies the frame (or, for VXLAN, its inner frame) into the event. The length
 * is bounded by the constant snap length, which is what the verifier needs.
 */
static __always_inline void ihr_snapshot(struct __sk_buff *skb, struct ihr_event *e)
{
	/* 64-bit on purpose: clang's 32-bit zero-extensions would hide the bound from the verifier. */
	__u64 off = 0, len = skb->len, snap = ihr_snap(), n;

	if (ihr_is_plain_vxlan(skb)) {
		off = IHR_VXLAN_INNER_OFF;
		e->flags |= IHR_FLAG_VXLAN_INNER;
	}
	e->snap_len = 0;
	if (len <= off)
		return;
	n = len - off;
	if (n > snap)
		n = snap;
	if (n == 0)
		return;
	if (bpf_skb_load_bytes(skb, off, e->data, n) == 0)
		e->snap_len = n;
}

/* The fixed part of every event: what the ingress record and the place of the end say. */
static __always_inline void ihr_fill_event(struct ihr_event *e, __u8 type, const struct ihr_record *rec,
					   __u32 egress_ifindex, __u32 pkt_len, __u64 now, __u32 drop_reason)
{
	e->type = type;
	e->flags = 0;
	e->ingress_ifindex = rec->ifindex;
	e->egress_ifindex = egress_ifindex;
	e->pkt_len = pkt_len;
	e->ingress_ts = rec->ts;
	e->egress_ts = now;
	e->drop_reason = drop_reason;
	e->reserved = 0;
	__builtin_memcpy(&e->ingress_tuple, &rec->tuple, sizeof(rec->tuple));
}

/* Builds and submits the flow event for a packet whose ingress record matched. */
static __always_inline void ihr_emit_flow(struct __sk_buff *skb, const struct ihr_record *rec,
					  __u64 now)
{
	struct ihr_event *e;

	e = bpf_ringbuf_reserve(&ihr_events, sizeof(*e) + ihr_snap(), 0);
	if (!e) {
		ihr_count(IHR_CNT_RINGBUF_FULL);
		return;
	}
	ihr_fill_event(e, IHR_EVENT_FLOW, rec, skb->ifindex, skb->len, now, 0);
	ihr_snapshot(skb, e);
	bpf_ringbuf_submit(e, ihr_submit_flags());
	ihr_count(IHR_CNT_EVENTS_SUBMITTED);
}

/*
 * The report decision for a paired packet: watchlist on both views, then report on change.
 */
static __always_inline int ihr_should_report(const struct ihr_record *rec, const struct ihr_tuple *egress_tuple,
					     int egress_parse, __u32 egress_ifindex, __u64 now)
{
	if (!ihr_wl_watched(egress_tuple, egress_parse, rec->watch)) {
		ihr_count(IHR_CNT_WATCHLIST_SKIPPED);
		return 0;
	}
	if (!ihr_flow_changed(&rec->tuple, rec->ifindex, egress_ifindex, now - rec->ts, now, &ihr_config)) {
		ihr_count(IHR_CNT_UNCHANGED);
		return 0;
	}
	return 1;
}

SEC("tc")
int ihr_tc_egress(struct __sk_buff *skb)
{
	__u64 key = ihr_skb_key(skb), now = bpf_ktime_get_ns();
	struct ihr_record *found, rec;
	struct ihr_tuple egress_tuple;
	__u32 fingerprint;
	int egress_parse;

	ihr_count(IHR_CNT_EGRESS_PACKETS);
	found = bpf_map_lookup_elem(&ihr_records, &key);
	if (!found) {
		ihr_count(IHR_CNT_NO_INGRESS_RECORD);
		return TC_ACT_UNSPEC;
	}
	/* A packet that already left by another hooked egress (redirected from there) is not paired twice. */
	if (found->state == IHR_REC_LEFT) {
		ihr_count(IHR_CNT_ALREADY_LEFT);
		return TC_ACT_UNSPEC;
	}
	__builtin_memcpy(&rec, found, sizeof(rec));

	/*
	 * A freed skb's address comes back for unrelated packets. The ingress ifindex
	 * cannot tell them apart (VXLAN encapsulation clears it, decapsulation changes
	 * it); the packet's own identification and length can.
	 */
	egress_parse = ihr_parse_tuple(skb, &egress_tuple, &fingerprint);
	if (fingerprint != rec.fingerprint || now - rec.ts > ihr_config.record_max_age_ns) {
		ihr_count(IHR_CNT_STALE_RECORD);
		bpf_map_delete_elem(&ihr_records, &key);
		return TC_ACT_UNSPEC;
	}
	/* Kept, marked: a drop behind this hook (a full egress qdisc) is reported with this port. */
	found->egress_ifindex = skb->ifindex;
	found->state = IHR_REC_LEFT;
	if (ihr_should_report(&rec, &egress_tuple, egress_parse, skb->ifindex, now))
		ihr_emit_flow(skb, &rec, now);
	return TC_ACT_UNSPEC;
}

/* Drop reports: tracepoint programs that finish the records of freed packets. */
#include "ihr_drop.h"

char LICENSE[] SEC("license") = "GPL";
