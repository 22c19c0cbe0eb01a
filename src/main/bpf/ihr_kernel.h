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
 * Where the inner IP header of an encapsulated packet starts, relative to the outer L4 header
 * at p + l4 (the same encapsulations as ihr_find_inner at the TC hooks); 0 when there is none.
 * An inner Ethernet frame (VXLAN, Geneve or GRE carrying Ethernet) is skipped if it carries IP.
 */
static __always_inline __u32 ihr_kinner(const unsigned char *p, __u32 l4, const struct ihr_tuple *t)
{
	__u32 off = l4;
	__u16 proto = 0;
	__u8 hdr[4];

	switch (t->l4_proto) {
	case IPPROTO_IPIP:
	case IPPROTO_IPV6:
		return l4;
	case IPPROTO_GRE:
		if (bpf_probe_read_kernel(hdr, sizeof(hdr), p + l4) || (hdr[1] & IHR_GRE_VERSION))
			return 0;
		off += IHR_GRE_HDR_LEN + (hdr[0] & (IHR_GRE_CSUM >> 8) ? 4 : 0) + (hdr[0] & (IHR_GRE_KEY >> 8) ? 4 : 0) +
		       (hdr[0] & (IHR_GRE_SEQ >> 8) ? 4 : 0);
		proto = hdr[2] << 8 | hdr[3];
		break;
	case IPPROTO_UDP:
		if (ihr_is_vxlan_port(t->dst_port)) {
			off += IHR_UDP_HDR_LEN + IHR_VXLAN_HDR_LEN;
			proto = IHR_ETH_P_TEB;
		} else if (t->dst_port == IHR_GENEVE_PORT) {
			if (bpf_probe_read_kernel(hdr, sizeof(hdr), p + l4 + IHR_UDP_HDR_LEN) || (hdr[0] >> 6))
				return 0;
			off += IHR_UDP_HDR_LEN + IHR_GENEVE_HDR_LEN + (hdr[0] & 0x3f) * 4;
			proto = hdr[2] << 8 | hdr[3];
		} else {
			return 0;
		}
		break;
	default:
		return 0;
	}
	if (proto == ETH_P_IP || proto == ETH_P_IPV6)
		return off;
	if (proto != IHR_ETH_P_TEB)
		return 0;
	if (bpf_probe_read_kernel(&proto, sizeof(proto), p + off + 12))
		return 0;
	proto = bpf_ntohs(proto);
	return proto == ETH_P_IP || proto == ETH_P_IPV6 ? off + ETH_HLEN : 0;
}

/*
 * The packet's tuple and fingerprint read from kernel memory at its network header, looking
 * through one level of encapsulation like ihr_parse_tuple does at the TC hooks: both must
 * compute the same fingerprint for the same packet (ihr_fingerprint_v4/_v6). Returns
 * IHR_PARSE_*. IPv6 extension headers are not walked here: such packets get ports 0.
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
		__u32 l4 = 0, inner;
		int ports_ok = 1;

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
		if (!ports_ok)
			return r;
		if (t->l4_proto == IPPROTO_TCP || t->l4_proto == IPPROTO_UDP) {
			if (bpf_probe_read_kernel(ports, sizeof(ports), p + l4))
				return IHR_PARSE_ADDR_ONLY;
			t->src_port = bpf_ntohs(ports[0]);
			t->dst_port = bpf_ntohs(ports[1]);
		}
		if (level > 0)
			return r;
		inner = ihr_kinner(p, l4, t);
		if (inner == 0)
			return r;
		p += inner;
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
