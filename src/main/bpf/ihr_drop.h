/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Drop reports from the kernel's own signal. When the kernel frees a packet that one of
 * our TC ingress programs recorded (same sk_buff address, the key of ihr_records), the
 * record is finished:
 *   - skb:kfree_skb with a drop reason other than SKB_CONSUMED: a drop event carrying the
 *     kernel's reason value, the ingress record and the first bytes of the frame;
 *   - skb:consume_skb (and kfree_skb with SKB_CONSUMED): the packet was used normally, for
 *     example delivered to a socket of the node; the record is removed without an event,
 *     which also keeps ihr_records small.
 * A record that left through a hooked egress (or a peer redirect) stays until the packet is
 * freed: a drop after that point (a full egress qdisc, a drop after VXLAN encapsulation) is
 * reported with that egress port; a packet freed in another namespace (a pod's, after the veth
 * or a peer redirect took it there) is not ours to report.
 *
 * Included by ihr.bpf.c after its programs: it uses ihr_records, ihr_events, ihr_snap()
 * and struct ihr_record from there. Only struct sk_buff fields are read (CO-RE), nothing
 * is written.
 */
#ifndef IHR_DROP_H
#define IHR_DROP_H

#include "ihr_kernel.h"

/*
 * Only the names matter: the values are relocated to the running kernel's. The enum (and
 * the reason argument of the tracepoint) exists since Linux 5.17.
 */
enum skb_drop_reason {
	SKB_CONSUMED = 1,
};

/* Per-CPU counters of the drop path, indexes into ihr_drop_counters (DropCounter in Java). */
enum ihr_drop_counter {
	IHR_DROP_CNT_FREED_RECORDED = 0, /* recorded packets freed as drops, events attempted */
	IHR_DROP_CNT_CONSUMED,           /* recorded packets consumed normally: record removed */
	IHR_DROP_CNT_NOT_OURS,           /* records found for a freed skb that was another packet (reused address, too old, other netns) */
	IHR_DROP_CNT_RINGBUF_FULL,       /* drop events lost: ring buffer reservation failed */
	IHR_DROP_CNT_SUBMITTED,          /* drop events committed */
	IHR_DROP_CNT_GROUP_ADDRESSED,    /* multicast/broadcast packets freed by the node's own stack: not drops of traffic */
	IHR_DROP_CNT_MAX
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, IHR_DROP_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} ihr_drop_counters SEC(".maps");

/*
 * The inode number of the network namespace our TC programs are attached in, written by the
 * loader (0: not set, no check). The tracepoints see every namespace of the machine, where
 * ifindex values repeat, so a reused skb address must also be in our namespace to count.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} ihr_drop_netns SEC(".maps");

static __always_inline int ihr_in_our_netns(struct sk_buff *skb)
{
	__u32 zero = 0, *ours = bpf_map_lookup_elem(&ihr_drop_netns, &zero);

	if (!ours || *ours == 0)
		return 1;
	return BPF_CORE_READ(skb, dev, nd_net.net, ns.inum) == *ours;
}

static __always_inline void ihr_drop_count(__u32 counter)
{
	__u64 *v = bpf_map_lookup_elem(&ihr_drop_counters, &counter);

	if (v)
		*v += 1;
}

/*
 * Takes the record of a freed skb out of ihr_records. Returns 1 with *rec filled when it
 * belonged to this packet: the same fingerprint (read through VXLAN, so it holds after
 * encapsulation and decapsulation, where the arrival interface changes), not older than the
 * pairing limit (an skb address is reused by unrelated packets once freed), in our namespace.
 */
static __always_inline int ihr_take_record(struct sk_buff *skb, __u64 now, struct ihr_record *rec)
{
	__u64 key = (__u64)(unsigned long)skb;
	struct ihr_record *found = bpf_map_lookup_elem(&ihr_records, &key);
	struct ihr_tuple freed;
	__u32 fingerprint;

	if (!found)
		return 0;
	__builtin_memcpy(rec, found, sizeof(*rec));
	bpf_map_delete_elem(&ihr_records, &key);
	if (now - rec->ts > ihr_config.record_max_age_ns || !ihr_in_our_netns(skb) ||
	    (ihr_kparse(skb, &freed, &fingerprint), fingerprint != rec->fingerprint)) {
		ihr_drop_count(IHR_DROP_CNT_NOT_OURS);
		return 0;
	}
	return 1;
}

/*
 * A normal end: the record goes, no event. Nothing to validate: whichever packet holds this
 * skb address now, a record under it is finished (a new packet on the address gets a new one).
 */
static __always_inline void ihr_forget_record(struct sk_buff *skb)
{
	__u64 key = (__u64)(unsigned long)skb;

	if (bpf_map_delete_elem(&ihr_records, &key) == 0)
		ihr_drop_count(IHR_DROP_CNT_CONSUMED);
}

static __always_inline void ihr_emit_drop(struct sk_buff *skb, const struct ihr_record *rec,
					  __u64 now, __u32 reason)
{
	struct ihr_event *e = bpf_ringbuf_reserve(&ihr_events, sizeof(*e) + ihr_snap(), 0);

	if (!e) {
		ihr_drop_count(IHR_DROP_CNT_RINGBUF_FULL);
		return;
	}
	/* Dropped behind a hooked egress (a full qdisc): that port; else unknown. */
	ihr_fill_event(e, IHR_EVENT_DROP, rec, rec->state == IHR_REC_LEFT ? rec->egress_ifindex : 0,
		       ihr_kernel_frame_len(skb), now, reason);
	ihr_kernel_snapshot(skb, e, ihr_snap());
	bpf_ringbuf_submit(e, ihr_submit_flags());
	ihr_drop_count(IHR_DROP_CNT_SUBMITTED);
}

/*
 * Multicast and broadcast packets (ND/MLD, ARP-like chatter, mDNS...) that reach a hooked
 * ingress are for the node's own stack, which frees the ones it has no use for with a drop
 * reason. A node forwards none of them between pods, so they are not drops of traffic.
 */
static __always_inline int ihr_group_addressed(const struct ihr_tuple *t)
{
	if (t->ip_version == 4)
		return (t->dst_addr[0] & 0xf0) == 0xe0 ||
		       (t->dst_addr[0] == 0xff && t->dst_addr[1] == 0xff && t->dst_addr[2] == 0xff && t->dst_addr[3] == 0xff);
	return t->ip_version == 6 && t->dst_addr[0] == 0xff;
}

/* Arguments: struct sk_buff *skb, void *location, enum skb_drop_reason reason (5.17+), ... */
SEC("tp_btf/kfree_skb")
int ihr_kfree_skb(unsigned long long *ctx)
{
	struct sk_buff *skb = (struct sk_buff *)ctx[0];
	__u64 now = bpf_ktime_get_ns();
	struct ihr_record rec;
	__u32 reason = 0;

	/* Older kernels pass no reason: their kfree_skb always meant a drop, reported as reason 0. */
	if (bpf_core_type_exists(enum skb_drop_reason)) {
		reason = (__u32)ctx[2];
		if (bpf_core_enum_value_exists(enum skb_drop_reason, SKB_CONSUMED) &&
		    reason == bpf_core_enum_value(enum skb_drop_reason, SKB_CONSUMED)) {
			ihr_forget_record(skb);
			return 0;
		}
	}
	if (!ihr_take_record(skb, now, &rec))
		return 0;
	if (ihr_group_addressed(&rec.tuple)) {
		ihr_drop_count(IHR_DROP_CNT_GROUP_ADDRESSED);
		return 0;
	}
	ihr_drop_count(IHR_DROP_CNT_FREED_RECORDED);
	ihr_emit_drop(skb, &rec, now, reason);
	return 0;
}

/* Arguments: struct sk_buff *skb, void *location. A normal end: the record goes, no event. */
SEC("tp_btf/consume_skb")
int ihr_consume_skb(unsigned long long *ctx)
{
	ihr_forget_record((struct sk_buff *)ctx[0]);
	return 0;
}

#endif
