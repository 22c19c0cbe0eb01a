/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The watchlist, decided in the kernel. The Java side (net.inthostreporter.watchlist.
 * WatchlistMaps) compiles the rules into these maps; nothing here knows the YAML.
 *
 * Every rule and every exclude has one bit of a 256-bit bitmap: rules use bits 0..127,
 * excludes 128..255. Each field of a tuple is looked up in its own map and gives the bitmap of
 * the entries that accept that value; AND-ing the five bitmaps leaves the entries that match
 * the whole tuple:
 *   - protocol:    array  [set][family][IPPROTO_*]           -> bitmap (also carries the family)
 *   - addresses:   LPM    {set, field, address}              -> bitmap, each prefix's bitmap
 *                  including the entries of the shorter prefixes that cover it, so the longest
 *                  match alone answers
 *   - ports:       array  [set][src|dst][port] -> class, and [set][src|dst][class] -> bitmap
 *                  (ports with the same bitmap share a class: 128 KiB per set instead of 4 MiB)
 *
 * Two complete sets of entries exist (set 0 and 1). The loader rewrites the inactive set, then
 * switches ihr_wl_active with one aligned 32-bit write, so a program sees either the old or the
 * new rules, never a half-written mix. A zeroed set header means "no watchlist: watch
 * everything", which is what a freshly loaded object does until the loader says otherwise.
 */
#ifndef IHR_WATCHLIST_H
#define IHR_WATCHLIST_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "ihr_event.h"

#define IHR_WL_SETS 2
#define IHR_WL_WORDS 4            /* 256 bits: rules 0..127, excludes 128..255 */
#define IHR_WL_PORT_CLASSES 1024  /* distinct port bitmaps per set and direction, at most */
#define IHR_WL_LPM_ENTRIES 4096   /* prefixes over both sets, 4 fields, 256 entries each */

/* What one evaluation says about one tuple (also stored in the ingress record). */
#define IHR_WL_MATCH 0x1    /* a rule matches */
#define IHR_WL_EXCLUDE 0x2  /* an exclude matches */

/* Set header modes. */
#define IHR_WL_MODE_ALL 0   /* no watchlist: every packet is watched (the zeroed default) */
#define IHR_WL_MODE_RULES 1 /* the rules and excludes of this set decide */

/* Address fields of the LPM key. */
#define IHR_WL_FIELD_SRC4 0
#define IHR_WL_FIELD_DST4 1
#define IHR_WL_FIELD_SRC6 2
#define IHR_WL_FIELD_DST6 3
/* Bits of the LPM key before the address: set, field and two zero bytes. */
#define IHR_WL_LPM_HEADER_BITS 32

struct ihr_wl_bits {
	__u64 w[IHR_WL_WORDS];
};

struct ihr_wl_set_header {
	__u32 mode;     /* IHR_WL_MODE_* */
	__u32 reserved;
};

struct ihr_wl_lpm_key {
	__u32 prefixlen; /* IHR_WL_LPM_HEADER_BITS + address prefix length */
	__u8 set;
	__u8 field;      /* IHR_WL_FIELD_* */
	__u8 zero[2];
	__u8 addr[16];   /* IPv4 in the first 4 bytes */
};

/* The active set: 0 or 1. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} ihr_wl_active SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, IHR_WL_SETS);
	__type(key, __u32);
	__type(value, struct ihr_wl_set_header);
} ihr_wl_sets SEC(".maps");

/* key: (set * 2 + family) * 256 + protocol, family 0 = IPv4, 1 = IPv6. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, IHR_WL_SETS * 2 * 256);
	__type(key, __u32);
	__type(value, struct ihr_wl_bits);
} ihr_wl_protocols SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, IHR_WL_LPM_ENTRIES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct ihr_wl_lpm_key);
	__type(value, struct ihr_wl_bits);
} ihr_wl_addrs SEC(".maps");

/* key: (set * 2 + direction) * 65536 + port, direction 0 = source, 1 = destination. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, IHR_WL_SETS * 2 * 65536);
	__type(key, __u32);
	__type(value, __u16);
} ihr_wl_port_classes SEC(".maps");

/* key: (set * 2 + direction) * IHR_WL_PORT_CLASSES + class. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, IHR_WL_SETS * 2 * IHR_WL_PORT_CLASSES);
	__type(key, __u32);
	__type(value, struct ihr_wl_bits);
} ihr_wl_port_bits SEC(".maps");

static __always_inline void ihr_wl_and(struct ihr_wl_bits *acc, const struct ihr_wl_bits *b)
{
#pragma unroll
	for (int i = 0; i < IHR_WL_WORDS; i++)
		acc->w[i] &= b->w[i];
}

static __always_inline int ihr_wl_empty(const struct ihr_wl_bits *acc)
{
	return (acc->w[0] | acc->w[1] | acc->w[2] | acc->w[3]) == 0;
}

/* ANDs the bitmap of one address field in; 0 when no entry accepts the address. */
static __always_inline int ihr_wl_addr(__u32 set, __u8 field, const __u8 *addr, __u32 addr_bits,
				       struct ihr_wl_bits *acc)
{
	struct ihr_wl_lpm_key key = {
		.prefixlen = IHR_WL_LPM_HEADER_BITS + addr_bits,
		.set = set,
		.field = field,
	};
	const struct ihr_wl_bits *b;

	__builtin_memcpy(key.addr, addr, sizeof(key.addr));
	b = bpf_map_lookup_elem(&ihr_wl_addrs, &key);
	if (!b)
		return 0;
	ihr_wl_and(acc, b);
	return !ihr_wl_empty(acc);
}

/* ANDs the bitmap of one port field in; 0 when no entry accepts the port. */
static __always_inline int ihr_wl_port(__u32 set, __u32 direction, __u16 port, struct ihr_wl_bits *acc)
{
	__u32 key = (set * 2 + direction) * 65536 + port;
	const struct ihr_wl_bits *b;
	const __u16 *class;

	class = bpf_map_lookup_elem(&ihr_wl_port_classes, &key);
	if (!class)
		return 0;
	key = (set * 2 + direction) * IHR_WL_PORT_CLASSES + *class;
	b = bpf_map_lookup_elem(&ihr_wl_port_bits, &key);
	if (!b)
		return 0;
	ihr_wl_and(acc, b);
	return !ihr_wl_empty(acc);
}

/* IHR_WL_MATCH and/or IHR_WL_EXCLUDE for one tuple under one set's rules. */
static __always_inline __u32 ihr_wl_eval(__u32 set, const struct ihr_tuple *t)
{
	struct ihr_wl_bits acc;
	const struct ihr_wl_bits *b;
	__u32 family, key, verdict = 0;

	if (t->ip_version != 4 && t->ip_version != 6)
		return 0;
	family = t->ip_version == 6;
	key = (set * 2 + family) * 256 + t->l4_proto;
	b = bpf_map_lookup_elem(&ihr_wl_protocols, &key);
	if (!b)
		return 0;
	__builtin_memcpy(&acc, b, sizeof(acc));
	if (ihr_wl_empty(&acc))
		return 0;
	if (!ihr_wl_addr(set, family ? IHR_WL_FIELD_SRC6 : IHR_WL_FIELD_SRC4, t->src_addr,
			 family ? 128 : 32, &acc))
		return 0;
	if (!ihr_wl_addr(set, family ? IHR_WL_FIELD_DST6 : IHR_WL_FIELD_DST4, t->dst_addr,
			 family ? 128 : 32, &acc))
		return 0;
	if (!ihr_wl_port(set, 0, t->src_port, &acc) || !ihr_wl_port(set, 1, t->dst_port, &acc))
		return 0;
	if (acc.w[0] | acc.w[1])
		verdict |= IHR_WL_MATCH;
	if (acc.w[2] | acc.w[3])
		verdict |= IHR_WL_EXCLUDE;
	return verdict;
}

/* The active set and its header; NULL only if the maps are missing (never, after load). */
static __always_inline const struct ihr_wl_set_header *ihr_wl_active_set(__u32 *set)
{
	__u32 zero = 0;
	const __u32 *active = bpf_map_lookup_elem(&ihr_wl_active, &zero);

	if (!active)
		return 0;
	*set = *active & 1;
	return bpf_map_lookup_elem(&ihr_wl_sets, set);
}

/* The ingress view's verdict, stored in the ingress record for the egress program. */
static __always_inline __u32 ihr_wl_ingress_verdict(const struct ihr_tuple *t)
{
	const struct ihr_wl_set_header *h;
	__u32 set;

	h = ihr_wl_active_set(&set);
	if (!h || h->mode == IHR_WL_MODE_ALL)
		return IHR_WL_MATCH;
	return ihr_wl_eval(set, t);
}

/*
 * Whether a paired packet is watched: no exclude matches its ingress or its egress view, and
 * a rule matches either (so a rule on a Service VIP and one on the backend pod both work
 * across DNAT). The egress view is parsed only when the ingress verdict leaves it open.
 * Under "watch everything" the stored verdict does not matter.
 */
static __always_inline int ihr_wl_watched(const struct ihr_tuple *egress, int egress_parse,
					  __u32 ingress_verdict)
{
	const struct ihr_wl_set_header *h;
	__u32 set, verdict;

	h = ihr_wl_active_set(&set);
	if (!h || h->mode == IHR_WL_MODE_ALL)
		return 1;
	if (ingress_verdict & IHR_WL_EXCLUDE)
		return 0;
	verdict = (egress_parse == IHR_PARSE_FULL || egress_parse == IHR_PARSE_ADDR_ONLY) ?
		  ihr_wl_eval(set, egress) : 0;
	if (verdict & IHR_WL_EXCLUDE)
		return 0;
	return ((ingress_verdict | verdict) & IHR_WL_MATCH) != 0;
}

#endif
