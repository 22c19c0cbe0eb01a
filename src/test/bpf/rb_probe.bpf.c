/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test probe for the ring-buffer poller and for .rodata constants: every run
 * submits one event carrying the load-time tag, the frame length and a run count.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct probe_event {
	__u32 tag;
	__u32 len;
	__u64 seq;
};

/* Set by user space before load (BpfObject.initialValue(".rodata")). */
const volatile __u32 probe_tag = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} runs SEC(".maps");

/*
 * A real (not inlined) function taking the event type: clang 14 emits BTF only for the types
 * of globals, maps and function signatures, not of local variables, and the BTF test needs
 * struct probe_event.
 */
static __attribute__((noinline)) void fill(struct probe_event *e, __u32 len, __u64 seq)
{
	e->tag = probe_tag;
	e->len = len;
	e->seq = seq;
}

SEC("tc")
int rb_probe(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u64 *count = bpf_map_lookup_elem(&runs, &zero);
	if (!count)
		return TC_ACT_OK;
	*count += 1;

	struct probe_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return TC_ACT_OK;
	fill(e, skb->len, *count);
	bpf_ringbuf_submit(e, 0);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
