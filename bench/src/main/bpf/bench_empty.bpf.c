/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Benchmark baseline: a TC program that does nothing and returns the same verdict as ours, so
 * "ours minus this" is the cost of our programs' work, not of having a program attached at all.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("tc")
int bench_empty(struct __sk_buff *skb)
{
	return TC_ACT_UNSPEC;
}

char LICENSE[] SEC("license") = "GPL";
