/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Read-only frame parsing for the TC programs: Ethernet (up to two VLAN tags),
 * IPv4 / IPv6 (with extension headers), TCP/UDP ports, and one level of VXLAN.
 *
 * Every read goes through bpf_skb_load_bytes so that non-linear skbs and
 * frames of any length work: a read past the end simply fails and the parser
 * stops there. Nothing here writes to the packet.
 */
#ifndef IHR_PARSE_H
#define IHR_PARSE_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "ihr_event.h"

#define IHR_VLAN_MAX 2        /* 802.1Q / 802.1ad tags looked through */
#define IHR_IPV6_EXT_MAX 6    /* IPv6 extension headers skipped at most */
#define IHR_VXLAN_PORT 4789   /* IANA */
#define IHR_VXLAN_PORT_LINUX 8472 /* Linux default, used by flannel and Calico */
#define IHR_VXLAN_HDR_LEN 8
/* Outer Ethernet (no tag) + IPv4 (no options) + UDP + VXLAN: where the inner frame starts. */
#define IHR_VXLAN_INNER_OFF (ETH_HLEN + 20 + 8 + IHR_VXLAN_HDR_LEN)

#ifndef IPPROTO_HOPOPTS
#define IPPROTO_HOPOPTS 0
#endif
#ifndef IPPROTO_ROUTING
#define IPPROTO_ROUTING 43
#endif
#ifndef IPPROTO_FRAGMENT
#define IPPROTO_FRAGMENT 44
#endif
#ifndef IPPROTO_ICMPV6
#define IPPROTO_ICMPV6 58
#endif
#ifndef IPPROTO_DSTOPTS
#define IPPROTO_DSTOPTS 60
#endif

/* How far a parse got; decides what the caller records and counts. */
enum ihr_parse_result {
	IHR_PARSE_FULL = 0, /* addresses, protocol and (where they exist and may be read) ports */
	IHR_PARSE_ADDR_ONLY, /* stopped after the addresses: record with ports 0 */
	IHR_PARSE_NO_ADDR,  /* stopped before the addresses: nothing to record */
	IHR_PARSE_NOT_IP,   /* neither IPv4 nor IPv6 */
};

/* Where the parser is in the frame and what comes next. */
struct ihr_cursor {
	__u32 off;        /* offset of the next header in the frame */
	__u16 proto;      /* ethertype (L2) or IPPROTO_* (L3 and up), host order */
	__u8 ports_ok;    /* 0 for non-first fragments: no L4 header there */
	__u8 pad;
	__u32 fingerprint; /* what identifies this packet among its flow's (see ihr_record) */
};

/*
 * What identifies a packet among its flow's: forwarding, NAT and VXLAN encapsulation keep the
 * IPv4 identification and length; IPv6 has no identification, so its payload length and flow
 * label stand in for it. The TC programs and the tracing programs (ihr_kernel.h) both use these.
 */
static __always_inline __u32 ihr_fingerprint_v4(const struct iphdr *ip)
{
	return (__u32)bpf_ntohs(ip->id) << 16 | bpf_ntohs(ip->tot_len);
}

static __always_inline __u32 ihr_fingerprint_v6(const struct ipv6hdr *ip6)
{
	return ((__u32)bpf_ntohs(ip6->payload_len) << 16) ^
	       ((__u32)(ip6->flow_lbl[0] & 0x0f) << 16 | ip6->flow_lbl[1] << 8 | ip6->flow_lbl[2]);
}

/* Ethernet and up to IHR_VLAN_MAX tags; leaves the cursor at the L3 header. */
static __always_inline int ihr_parse_l2(struct __sk_buff *skb, struct ihr_cursor *c)
{
	struct ethhdr eth;
	__be16 tag[2]; /* TCI, encapsulated ethertype */

	if (bpf_skb_load_bytes(skb, c->off, &eth, sizeof(eth)))
		return -1;
	c->proto = bpf_ntohs(eth.h_proto);
	c->off += sizeof(eth);
#pragma unroll
	for (int i = 0; i < IHR_VLAN_MAX; i++) {
		if (c->proto != ETH_P_8021Q && c->proto != ETH_P_8021AD)
			break;
		if (bpf_skb_load_bytes(skb, c->off, tag, sizeof(tag)))
			return -1;
		c->proto = bpf_ntohs(tag[1]);
		c->off += sizeof(tag);
	}
	return 0;
}

/* IPv4 header: addresses, protocol; a non-first fragment carries no ports. */
static __always_inline int ihr_parse_ipv4(struct __sk_buff *skb, struct ihr_cursor *c,
					  struct ihr_tuple *t)
{
	struct iphdr ip;

	if (bpf_skb_load_bytes(skb, c->off, &ip, sizeof(ip)))
		return IHR_PARSE_NO_ADDR;
	/* A wrong version or a header shorter than 20 bytes means the bytes are not an IPv4 header. */
	if (ip.version != 4 || ip.ihl < 5)
		return IHR_PARSE_NO_ADDR;
	__builtin_memcpy(t->src_addr, &ip.saddr, 4);
	__builtin_memcpy(t->dst_addr, &ip.daddr, 4);
	t->ip_version = 4;
	t->l4_proto = ip.protocol;
	c->proto = ip.protocol;
	c->off += ip.ihl * 4;
	c->ports_ok = (bpf_ntohs(ip.frag_off) & 0x1fff) == 0;
	c->fingerprint = ihr_fingerprint_v4(&ip);
	return IHR_PARSE_FULL;
}

static __always_inline int ihr_is_ipv6_ext(__u16 proto)
{
	return proto == IPPROTO_HOPOPTS || proto == IPPROTO_ROUTING || proto == IPPROTO_DSTOPTS ||
	       proto == IPPROTO_FRAGMENT;
}

/*
 * One IPv6 extension header. Returns 1 when it was skipped, 0 when the cursor is
 * already at an upper-layer header, -1 when the frame ends inside it.
 */
static __always_inline int ihr_skip_ipv6_ext(struct __sk_buff *skb, struct ihr_cursor *c)
{
	__u8 hdr[4]; /* next header, length, and for fragments the offset field */

	if (!ihr_is_ipv6_ext(c->proto))
		return 0;
	if (bpf_skb_load_bytes(skb, c->off, hdr, sizeof(hdr)))
		return -1;
	if (c->proto == IPPROTO_FRAGMENT) {
		/* Fixed 8 bytes; only the fragment with offset 0 starts with the L4 header. */
		if (((hdr[2] << 8 | hdr[3]) & 0xfff8) != 0)
			c->ports_ok = 0;
		c->off += 8;
	} else {
		c->off += (hdr[1] + 1) * 8;
	}
	c->proto = hdr[0];
	return 1;
}

/* IPv6 header and its extension headers; the protocol is the upper-layer one. */
static __always_inline int ihr_parse_ipv6(struct __sk_buff *skb, struct ihr_cursor *c,
					  struct ihr_tuple *t)
{
	struct ipv6hdr ip6;
	int r = 0;

	if (bpf_skb_load_bytes(skb, c->off, &ip6, sizeof(ip6)))
		return IHR_PARSE_NO_ADDR;
	if (ip6.version != 6)
		return IHR_PARSE_NO_ADDR;
	__builtin_memcpy(t->src_addr, &ip6.saddr, 16);
	__builtin_memcpy(t->dst_addr, &ip6.daddr, 16);
	t->ip_version = 6;
	c->proto = ip6.nexthdr;
	c->off += sizeof(ip6);
	c->ports_ok = 1;
	c->fingerprint = ihr_fingerprint_v6(&ip6);
#pragma unroll
	for (int i = 0; i < IHR_IPV6_EXT_MAX; i++) {
		r = ihr_skip_ipv6_ext(skb, c);
		if (r <= 0)
			break;
	}
	t->l4_proto = c->proto;
	/* Truncated inside an extension header, or more of them than we look through. */
	if (r < 0 || ihr_is_ipv6_ext(c->proto))
		return IHR_PARSE_ADDR_ONLY;
	return IHR_PARSE_FULL;
}

/* TCP/UDP ports (host order); other protocols, ICMP included, have none. */
static __always_inline int ihr_parse_ports(struct __sk_buff *skb, struct ihr_cursor *c,
					   struct ihr_tuple *t)
{
	__be16 ports[2];

	if (!c->ports_ok || (c->proto != IPPROTO_TCP && c->proto != IPPROTO_UDP))
		return IHR_PARSE_FULL;
	if (bpf_skb_load_bytes(skb, c->off, ports, sizeof(ports)))
		return IHR_PARSE_ADDR_ONLY;
	t->src_port = bpf_ntohs(ports[0]);
	t->dst_port = bpf_ntohs(ports[1]);
	return IHR_PARSE_FULL;
}

static __always_inline int ihr_is_vxlan_port(__u16 port)
{
	return port == IHR_VXLAN_PORT || port == IHR_VXLAN_PORT_LINUX;
}

/*
 * One frame from its Ethernet header at c->off up to the L4 ports. When it is
 * VXLAN (IPv4 UDP to a VXLAN port with readable ports), *inner_off is set to
 * the offset of the inner Ethernet frame, else to 0. *fingerprint is set once
 * the IP header was read.
 */
static __always_inline int ihr_parse_frame(struct __sk_buff *skb, __u32 off,
					   struct ihr_tuple *t, __u32 *inner_off, __u32 *fingerprint)
{
	struct ihr_cursor c = { .off = off };
	int r;

	*inner_off = 0;
	__builtin_memset(t, 0, sizeof(*t));
	if (ihr_parse_l2(skb, &c))
		return IHR_PARSE_NO_ADDR;
	if (c.proto == ETH_P_IP)
		r = ihr_parse_ipv4(skb, &c, t);
	else if (c.proto == ETH_P_IPV6)
		r = ihr_parse_ipv6(skb, &c, t);
	else
		return IHR_PARSE_NOT_IP;
	*fingerprint = c.fingerprint;
	if (r != IHR_PARSE_FULL)
		return r;
	r = ihr_parse_ports(skb, &c, t);
	if (r == IHR_PARSE_FULL && t->ip_version == 4 && c.ports_ok &&
	    t->l4_proto == IPPROTO_UDP && ihr_is_vxlan_port(t->dst_port))
		*inner_off = c.off + sizeof(struct udphdr) + IHR_VXLAN_HDR_LEN;
	return r;
}

/*
 * The tuple the datapath records for a frame at offset 0: the inner one for
 * VXLAN (one level; the inner frame alone decides, an inner ARP is "not IP"),
 * and the fingerprint of that (inner) packet.
 */
static __always_inline int ihr_parse_tuple(struct __sk_buff *skb, struct ihr_tuple *t,
					   __u32 *fingerprint)
{
	__u32 inner_off, ignored;
	int r;

	*fingerprint = 0;
	r = ihr_parse_frame(skb, 0, t, &inner_off, fingerprint);
	if (inner_off == 0)
		return r;
	return ihr_parse_frame(skb, inner_off, t, &ignored, fingerprint);
}

/*
 * Whether the frame is VXLAN in the one layout whose inner frame starts at the
 * fixed offset IHR_VXLAN_INNER_OFF: untagged Ethernet, IPv4 without options,
 * first (or only) fragment, UDP to a VXLAN port, and long enough for it.
 */
static __always_inline int ihr_is_plain_vxlan(struct __sk_buff *skb)
{
	struct {
		struct ethhdr eth;
		struct iphdr ip;
		struct udphdr udp;
	} __attribute__((packed)) h;

	if (skb->len < IHR_VXLAN_INNER_OFF)
		return 0;
	if (bpf_skb_load_bytes(skb, 0, &h, sizeof(h)))
		return 0;
	return h.eth.h_proto == bpf_htons(ETH_P_IP) && h.ip.version == 4 && h.ip.ihl == 5 &&
	       (bpf_ntohs(h.ip.frag_off) & 0x1fff) == 0 && h.ip.protocol == IPPROTO_UDP &&
	       ihr_is_vxlan_port(bpf_ntohs(h.udp.dest));
}

#endif
