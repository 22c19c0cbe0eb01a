/* SPDX-License-Identifier: GPL-2.0-only */
/* The smallest TC program: lets everything through. Used as "ours" and as a foreign filter in tests. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("tc")
int ihrt_pass(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
