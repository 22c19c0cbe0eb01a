/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test stand-in for a CNI's own TC program: it ends classification with a
 * verdict (drop IPv4 UDP to port 9999, accept the rest), so tests can check
 * that the reporter's programs run before it and do not change its verdict.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define FOREIGN_DROP_PORT 9999

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} foreign_seen SEC(".maps");

/* Untagged IPv4 UDP to the drop port, first fragment; any read past the end means "no". */
static __always_inline int is_drop_target(struct __sk_buff *skb)
{
	struct iphdr ip;
	__be16 ports[2];
	__u16 proto;

	if (bpf_skb_load_bytes(skb, offsetof(struct ethhdr, h_proto), &proto, sizeof(proto)) ||
	    proto != bpf_htons(ETH_P_IP))
		return 0;
	if (bpf_skb_load_bytes(skb, ETH_HLEN, &ip, sizeof(ip)) || ip.version != 4 || ip.ihl < 5 ||
	    ip.protocol != IPPROTO_UDP || (bpf_ntohs(ip.frag_off) & 0x1fff) != 0)
		return 0;
	if (bpf_skb_load_bytes(skb, ETH_HLEN + ip.ihl * 4, ports, sizeof(ports)))
		return 0;
	return ports[1] == bpf_htons(FOREIGN_DROP_PORT);
}

SEC("tc")
int foreign_filter(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u64 *seen = bpf_map_lookup_elem(&foreign_seen, &zero);

	/* Shared by all CPUs: atomic add. */
	if (seen)
		__sync_fetch_and_add(seen, 1);
	return is_drop_target(skb) ? TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
