/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A stand-in for an eBPF CNI's TC ingress program, for the tests: attached after ours on an
 * interface of the namespaced node, it forwards IPv4 packets to one destination address with
 * one of the redirect helpers such CNIs use, rewriting the Ethernet addresses first as they do.
 * What to do is set per interface and destination in cni_rules; other packets pass.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

enum cni_action {
	CNI_PASS = 0,
	CNI_REDIRECT_PEER = 1,    /* bpf_redirect_peer(target): into the pod behind the target veth */
	CNI_REDIRECT_EGRESS = 2,  /* bpf_redirect(target, 0): out of the target */
	CNI_REDIRECT_INGRESS = 3, /* bpf_redirect(target, BPF_F_INGRESS): as if received on the target */
	CNI_REDIRECT_NEIGH = 4,   /* bpf_redirect_neigh(target): out of the target, the kernel resolving the next hop */
};

struct cni_match {
	__u32 ifindex;        /* where the program runs */
	__be32 daddr;         /* the IPv4 destination */
};

struct cni_rule {
	__u32 action;         /* enum cni_action */
	__u32 target_ifindex;
	__u8 dst_mac[6];      /* written into the frame unless all zero */
	__u8 src_mac[6];
}; /* 20 bytes */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct cni_match);
	__type(value, struct cni_rule);
} cni_rules SEC(".maps");

/* Packets each rule redirected, by ifindex: the tests compare it with what was sent. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} cni_redirected SEC(".maps");

static __always_inline int has_mac(const __u8 *mac)
{
	return mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5];
}

SEC("tc")
int cni_ingress(struct __sk_buff *skb)
{
	__u32 ifindex = skb->ifindex;
	struct cni_match match = { .ifindex = ifindex };
	struct cni_rule *rule;
	struct ethhdr eth;
	struct iphdr ip;
	__u64 *n, one = 1;
	long verdict;

	if (bpf_skb_load_bytes(skb, 0, &eth, sizeof(eth)) || eth.h_proto != bpf_htons(ETH_P_IP) ||
	    bpf_skb_load_bytes(skb, sizeof(eth), &ip, sizeof(ip)))
		return TC_ACT_UNSPEC;
	match.daddr = ip.daddr;
	rule = bpf_map_lookup_elem(&cni_rules, &match);
	if (!rule || rule->action == CNI_PASS)
		return TC_ACT_UNSPEC;
	if (has_mac(rule->dst_mac))
		bpf_skb_store_bytes(skb, 0, rule->dst_mac, 6, 0);
	if (has_mac(rule->src_mac))
		bpf_skb_store_bytes(skb, 6, rule->src_mac, 6, 0);
	switch (rule->action) {
	case CNI_REDIRECT_PEER:
		verdict = bpf_redirect_peer(rule->target_ifindex, 0);
		break;
	case CNI_REDIRECT_EGRESS:
		verdict = bpf_redirect(rule->target_ifindex, 0);
		break;
	case CNI_REDIRECT_INGRESS:
		verdict = bpf_redirect(rule->target_ifindex, BPF_F_INGRESS);
		break;
	case CNI_REDIRECT_NEIGH:
		verdict = bpf_redirect_neigh(rule->target_ifindex, 0, 0, 0);
		break;
	default:
		return TC_ACT_UNSPEC;
	}
	n = bpf_map_lookup_elem(&cni_redirected, &ifindex);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&cni_redirected, &ifindex, &one, BPF_NOEXIST);
	return verdict;
}

char LICENSE[] SEC("license") = "GPL";
