/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the tracing programs (tp_btf/kfree_skb, tp_btf/consume_skb) read of
 * the kernel's own structures, and a parser of a packet in kernel memory. Only the fields
 * used are declared: the loader relocates their offsets against the running kernel (CO-RE),
 * and nothing is written.
 */
#ifndef IHR_KERNEL_H
#define IHR_KERNEL_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#include "ihr_event.h"
#include "ihr_parse.h"

struct ns_common {
	unsigned int inum;
} __attribute__((preserve_access_index));

struct net {
	struct ns_common ns;
} __attribute__((preserve_access_index));

typedef struct {
	struct net *net;
} __attribute__((preserve_access_index)) possible_net_t;

struct net_device {
	possible_net_t nd_net;
	int ifindex;
} __attribute__((preserve_access_index));

struct sk_buff {
	struct net_device *dev;
	unsigned char *head;
	unsigned char *data;
	unsigned int len;
	unsigned int tail;       /* an offset from head on 64-bit kernels (NET_SKBUFF_DATA_USES_OFFSET) */
	__u16 mac_header;        /* offsets from head; 0xffff when unset */
	__u16 network_header;
	int skb_iif;             /* ifindex the packet arrived on */
} __attribute__((preserve_access_index));

#define IHR_MAC_UNSET 0xffff

/*
 * The packet's tuple and fingerprint read from kernel memory at its network header, looking
 * through one level of VXLAN like ihr_parse_tuple does at the TC hooks: both must compute the
 * same fingerprint for the same packet (ihr_fingerprint_v4/_v6). Returns IHR_PARSE_*.
 * IPv6 extension headers are not walked here: such packets get ports 0.
 */
static __always_inline int ihr_kparse(struct sk_buff *skb, struct ihr_tuple *t, __u32 *fingerprint)
{
	unsigned char *p = BPF_CORE_READ(skb, head);
	__u16 nh = BPF_CORE_READ(skb, network_header);
	int r = IHR_PARSE_NO_ADDR;

	__builtin_memset(t, 0, sizeof(*t));
	*fingerprint = 0;
	if (nh == IHR_MAC_UNSET)
		return IHR_PARSE_NO_ADDR;
	p += nh;
#pragma unroll
	for (int level = 0; level < 2; level++) {
		struct iphdr ip;
		struct ipv6hdr ip6;
		__be16 ports[2];
		__u32 l4 = 0;
		int ports_ok = 1;
		__u16 inner_ethertype;

		if (bpf_probe_read_kernel(&ip, sizeof(ip), p))
			return r;
		if (ip.version == 4 && ip.ihl >= 5) {
			__builtin_memset(t, 0, sizeof(*t));
			__builtin_memcpy(t->src_addr, &ip.saddr, 4);
			__builtin_memcpy(t->dst_addr, &ip.daddr, 4);
			t->ip_version = 4;
			t->l4_proto = ip.protocol;
			*fingerprint = ihr_fingerprint_v4(&ip);
			l4 = ip.ihl * 4;
			ports_ok = (bpf_ntohs(ip.frag_off) & 0x1fff) == 0;
		} else if (ip.version == 6) {
			if (bpf_probe_read_kernel(&ip6, sizeof(ip6), p))
				return r;
			__builtin_memset(t, 0, sizeof(*t));
			__builtin_memcpy(t->src_addr, &ip6.saddr, 16);
			__builtin_memcpy(t->dst_addr, &ip6.daddr, 16);
			t->ip_version = 6;
			t->l4_proto = ip6.nexthdr;
			*fingerprint = ihr_fingerprint_v6(&ip6);
			l4 = sizeof(ip6);
		} else {
			return r;
		}
		r = IHR_PARSE_FULL;
		if (!ports_ok || (t->l4_proto != IPPROTO_TCP && t->l4_proto != IPPROTO_UDP))
			return r;
		if (bpf_probe_read_kernel(ports, sizeof(ports), p + l4))
			return IHR_PARSE_ADDR_ONLY;
		t->src_port = bpf_ntohs(ports[0]);
		t->dst_port = bpf_ntohs(ports[1]);
		if (level > 0 || t->ip_version != 4 || t->l4_proto != IPPROTO_UDP || !ihr_is_vxlan_port(t->dst_port))
			return r;
		/* VXLAN: UDP + VXLAN headers, then the inner Ethernet header (untagged). */
		p += l4 + 8 + IHR_VXLAN_HDR_LEN;
		if (bpf_probe_read_kernel(&inner_ethertype, sizeof(inner_ethertype), p + 12))
			return r;
		if (inner_ethertype != bpf_htons(ETH_P_IP) && inner_ethertype != bpf_htons(ETH_P_IPV6))
			return r;
		p += ETH_HLEN;
	}
	return r;
}

/* The frame from its Ethernet header, as far as the linear part of the skb goes. */
static __always_inline void ihr_kernel_snapshot(struct sk_buff *skb, struct ihr_event *e, __u64 snap)
{
	unsigned char *head = BPF_CORE_READ(skb, head);
	__u64 mac = BPF_CORE_READ(skb, mac_header), tail = BPF_CORE_READ(skb, tail);
	__u64 n;

	e->snap_len = 0;
	if (mac == IHR_MAC_UNSET || tail <= mac)
		return;
	n = tail - mac;
	if (n > snap)
		n = snap;
	if (n == 0)
		return;
	if (bpf_probe_read_kernel(e->data, n, head + mac) == 0)
		e->snap_len = n;
}

/* Bytes of the frame from its Ethernet header (linear and paged parts). */
static __always_inline __u32 ihr_kernel_frame_len(struct sk_buff *skb)
{
	unsigned char *head = BPF_CORE_READ(skb, head), *data = BPF_CORE_READ(skb, data);
	__u16 mac = BPF_CORE_READ(skb, mac_header);
	__u32 len = BPF_CORE_READ(skb, len);

	if (mac == IHR_MAC_UNSET || data < head + mac)
		return len;
	return len + (__u32)(data - (head + mac));
}

#endif
