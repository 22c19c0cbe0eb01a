/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Report on change: one report per flow when something about it changes, instead of one per
 * packet. Per-flow state lives in a bounded LRU map keyed by the ingress-view tuple (the flow
 * as it entered the host, so NAT does not split it). A packet is reported when:
 *   - it is the first of its flow (or the flow's state was evicted),
 *   - its ingress/egress interface pair differs from the last report's,
 *   - its hop-latency bucket is above the last reported one (a latency step up is reported by
 *     the first packet after it),
 *   - the flow's report interval has elapsed (which also re-baselines the bucket, so a step
 *     down is reported within one interval).
 * Reporting only upward bucket moves at once keeps latency jitter around a bucket edge from
 * producing a report per packet.
 */
#ifndef IHR_CHANGE_H
#define IHR_CHANGE_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "ihr_event.h"

struct ihr_flow_state {
	__u64 last_report_ns;
	__u32 ingress_ifindex;
	__u32 egress_ifindex;
	__u32 latency_bucket;   /* bucket of the last reported (or interval-baselined) latency */
	__u32 reserved;
}; /* 24 bytes */

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, struct ihr_tuple);
	__type(value, struct ihr_flow_state);
} ihr_flows SEC(".maps");

/*
 * Log-scale bucket of a latency: 0 below one quantum, then 1 + floor(log2(latency / quantum)),
 * i.e. [q, 2q) -> 1, [2q, 4q) -> 2, ...
 */
static __always_inline __u32 ihr_latency_bucket(__u64 latency_ns, __u64 quantum_ns)
{
	__u64 units = quantum_ns ? latency_ns / quantum_ns : latency_ns;
	__u32 bucket = 0;

	if (units == 0)
		return 0;
	/* floor(log2(units)) by halving the search range: no loop for the verifier. */
	if (units >> 32) { bucket += 32; units >>= 32; }
	if (units >> 16) { bucket += 16; units >>= 16; }
	if (units >> 8) { bucket += 8; units >>= 8; }
	if (units >> 4) { bucket += 4; units >>= 4; }
	if (units >> 2) { bucket += 2; units >>= 2; }
	if (units >> 1) { bucket += 1; }
	return bucket + 1;
}

/* Decides whether this packet of the flow is reported, and updates the flow's state if so. */
static __always_inline int ihr_flow_changed(const struct ihr_tuple *flow, __u32 ingress_ifindex,
					    __u32 egress_ifindex, __u64 latency_ns, __u64 now,
					    const volatile struct ihr_config *cfg)
{
	struct ihr_flow_state *state, fresh = {};
	__u32 bucket;

	if (cfg->report_every_packet)
		return 1;
	bucket = ihr_latency_bucket(latency_ns, cfg->latency_quantum_ns);
	state = bpf_map_lookup_elem(&ihr_flows, flow);
	if (state && state->ingress_ifindex == ingress_ifindex && state->egress_ifindex == egress_ifindex &&
	    bucket <= state->latency_bucket && now - state->last_report_ns < cfg->report_interval_ns)
		return 0;
	/* Plain stores: a race between CPUs costs at most one extra report. */
	fresh.last_report_ns = now;
	fresh.ingress_ifindex = ingress_ifindex;
	fresh.egress_ifindex = egress_ifindex;
	fresh.latency_bucket = bucket;
	if (state)
		*state = fresh;
	else
		bpf_map_update_elem(&ihr_flows, flow, &fresh, BPF_ANY);
	return 1;
}

#endif
