/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test program for BPF_PROG_TEST_RUN: frames with the local experimental
 * EtherType 0x88b5 get byte 14 rewritten to 0xab and are dropped; all others pass.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("tc")
int verdict(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return TC_ACT_OK;
	if (eth->h_proto != bpf_htons(0x88b5))
		return TC_ACT_OK;
	__u8 mark = 0xab;
	bpf_skb_store_bytes(skb, sizeof(*eth), &mark, 1, 0);
	return TC_ACT_SHOT;
}

char LICENSE[] SEC("license") = "GPL";
