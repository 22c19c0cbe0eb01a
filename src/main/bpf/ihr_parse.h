/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Read-only frame parsing for the TC programs: Ethernet (up to two VLAN tags),
 * IPv4 / IPv6 (with extension headers), TCP/UDP ports, and one level of encapsulation:
 * VXLAN (UDP 4789/8472), Geneve (UDP 6081, RFC 8926), IP-in-IP (protocol 4, RFC 2003),
 * IPv6-in-IP (protocol 41, RFC 4213) and GRE (protocol 47, RFC 2784/2890).
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
#define IHR_GENEVE_PORT 6081  /* IANA */
#define IHR_GENEVE_HDR_LEN 8  /* before the options */
#define IHR_UDP_HDR_LEN 8
#define IHR_GRE_HDR_LEN 4     /* flags and version, protocol type; then the optional fields */
#define IHR_GRE_CSUM 0x8000   /* C: checksum and reserved1, 4 bytes */
#define IHR_GRE_KEY 0x2000    /* K: key, 4 bytes (RFC 2890) */
#define IHR_GRE_SEQ 0x1000    /* S: sequence number, 4 bytes (RFC 2890) */
#define IHR_GRE_VERSION 0x0007
#define IHR_ETH_P_TEB 0x6558  /* transparent Ethernet bridging: an Ethernet frame follows */

#ifndef IPPROTO_IPIP
#define IPPROTO_IPIP 4
#endif
#ifndef IPPROTO_IPV6
#define IPPROTO_IPV6 41
#endif
#ifndef IPPROTO_GRE
#define IPPROTO_GRE 47
#endif

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
 * What an encapsulation carries: off == 0 when none was found; else the inner packet starts
 * at off, as an Ethernet frame (l3 == 0) or as an IP packet of EtherType l3.
 */
struct ihr_inner {
	__u32 off;
	__u16 l3;
	__u16 pad;
};

/* The EtherTypes an encapsulation header may announce; 0 for anything else. */
static __always_inline int ihr_inner_kind(__u16 proto, __u32 off, struct ihr_inner *inner)
{
	if (proto != IHR_ETH_P_TEB && proto != ETH_P_IP && proto != ETH_P_IPV6)
		return 0;
	inner->off = off;
	inner->l3 = proto == IHR_ETH_P_TEB ? 0 : proto;
	return 1;
}

/* GRE at c->off (RFC 2784 with the RFC 2890 key and sequence number; version 0 only). */
static __always_inline void ihr_parse_gre(struct __sk_buff *skb, __u32 off, struct ihr_inner *inner)
{
	__be16 hdr[2];
	__u16 flags;
	__u32 len = IHR_GRE_HDR_LEN;

	if (bpf_skb_load_bytes(skb, off, hdr, sizeof(hdr)))
		return;
	flags = bpf_ntohs(hdr[0]);
	if (flags & IHR_GRE_VERSION)
		return;
	if (flags & IHR_GRE_CSUM)
		len += 4;
	if (flags & IHR_GRE_KEY)
		len += 4;
	if (flags & IHR_GRE_SEQ)
		len += 4;
	ihr_inner_kind(bpf_ntohs(hdr[1]), off + len, inner);
}

/* Geneve after the UDP header at off: version 0, options length in 4-byte words (RFC 8926). */
static __always_inline void ihr_parse_geneve(struct __sk_buff *skb, __u32 off, struct ihr_inner *inner)
{
	__u8 hdr[4]; /* Ver|Opt Len, O|C|Rsvd, Protocol Type */

	if (bpf_skb_load_bytes(skb, off, hdr, sizeof(hdr)))
		return;
	if (hdr[0] >> 6)
		return;
	ihr_inner_kind(hdr[2] << 8 | hdr[3], off + IHR_GENEVE_HDR_LEN + (hdr[0] & 0x3f) * 4, inner);
}

/*
 * The encapsulation, if any, behind a parsed IP header (c->off at its payload, ports read):
 * fills *inner. Later fragments carry no encapsulation header.
 */
static __always_inline void ihr_find_inner(struct __sk_buff *skb, const struct ihr_cursor *c,
					   const struct ihr_tuple *t, struct ihr_inner *inner)
{
	if (!c->ports_ok)
		return;
	switch (t->l4_proto) {
	case IPPROTO_IPIP:
		inner->off = c->off;
		inner->l3 = ETH_P_IP;
		return;
	case IPPROTO_IPV6:
		inner->off = c->off;
		inner->l3 = ETH_P_IPV6;
		return;
	case IPPROTO_GRE:
		ihr_parse_gre(skb, c->off, inner);
		return;
	case IPPROTO_UDP:
		if (ihr_is_vxlan_port(t->dst_port)) {
			inner->off = c->off + IHR_UDP_HDR_LEN + IHR_VXLAN_HDR_LEN;
			inner->l3 = 0;
		} else if (t->dst_port == IHR_GENEVE_PORT) {
			ihr_parse_geneve(skb, c->off + IHR_UDP_HDR_LEN, inner);
		}
		return;
	}
}

/*
 * One packet from where->off: an Ethernet frame (where->l3 == 0) or an IP packet of EtherType
 * where->l3, up to the L4 ports. *inner says where an encapsulated packet starts (off 0: none).
 * *fingerprint is set once the IP header was read.
 *
 * A global (not inlined) function: the verifier checks it once on its own instead of once
 * per path of each caller, which the two parses of the egress program would otherwise exceed.
 */
__noinline int ihr_parse_frame(struct __sk_buff *skb, const struct ihr_inner *where, struct ihr_tuple *t,
			       struct ihr_inner *inner, __u32 *fingerprint)
{
	struct ihr_cursor c = {};
	__u16 l3;
	int r;

	if (!where || !t || !inner || !fingerprint)
		return IHR_PARSE_NO_ADDR;
	c.off = where->off;
	c.proto = l3 = where->l3;
	inner->off = 0;
	inner->l3 = 0;
	__builtin_memset(t, 0, sizeof(*t));
	if (l3 == 0 && ihr_parse_l2(skb, &c))
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
	if (r == IHR_PARSE_FULL)
		ihr_find_inner(skb, &c, t, inner);
	return r;
}

/*
 * The tuple the datapath records for a frame at offset 0: the inner one for an
 * encapsulated packet (one level; the inner packet alone decides, an inner ARP is
 * "not IP"), and the fingerprint of that (inner) packet. *inner says where it starts.
 */
static __always_inline int ihr_parse_tuple(struct __sk_buff *skb, struct ihr_tuple *t,
					   __u32 *fingerprint, struct ihr_inner *inner)
{
	struct ihr_inner outer = {}, nested;
	int r;

	*fingerprint = 0;
	r = ihr_parse_frame(skb, &outer, t, inner, fingerprint);
	if (inner->off == 0)
		return r;
	return ihr_parse_frame(skb, inner, t, &nested, fingerprint);
}

#endif
