/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Two TCX programs that prove chain order by behaviour: tcx_count counts and
 * hands the packet on (TCX_NEXT), tcx_drop drops it. The counter only sees
 * packets when it runs before the dropper.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#define TCX_NEXT -1 /* same value as TC_ACT_UNSPEC: continue with the next program */
#define TCX_DROP 2

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

SEC("tc")
int tcx_count(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&seen, &zero);
	if (n)
		__sync_fetch_and_add(n, 1);
	return TCX_NEXT;
}

SEC("tc")
int tcx_drop(struct __sk_buff *skb)
{
	return TCX_DROP;
}

char LICENSE[] SEC("license") = "GPL";
