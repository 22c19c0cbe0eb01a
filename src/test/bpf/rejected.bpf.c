/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Compiles, but the verifier refuses it: the packet is read without a bounds
 * check against data_end. Used to make libbpf print a warning.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tc")
int rejected(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	return *(__u8 *)data;
}

char LICENSE[] SEC("license") = "GPL";
