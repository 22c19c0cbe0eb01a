#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Live BPF run time per forwarded packet (issue 14, figure b): pod1 -> pod2 UDP through the
# scripts/lab.sh node with kernel.bpf_stats_enabled=1, once with the agent (default mode, report
# on change) and once with the empty TC program attached on the same interfaces (cali1, cali2,
# eth1, ingress and egress), in the same run. Prints run_time_ns / run_cnt per program and the
# total per forwarded packet (tracepoint programs included), then switches the sysctl back.
#
#   sudo bash bench/bpf-stats.sh [AGENT_DIR] [SECONDS]
# AGENT_DIR is a built checkout whose bin/int-host-reporter runs (default: this one), e.g. an
# older commit's worktree for a before/after comparison.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
agent_dir=${1:-$root} seconds=${2:-5}
[ "$(id -u)" -eq 0 ] || { echo "bpf-stats.sh: needs root" >&2; exit 1; }
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
empty=$root/target/test-classes/bpf/empty_tc.bpf.o
[ -f "$empty" ] || { echo "bpf-stats.sh: $empty missing (./mvnw test-compile)" >&2; exit 1; }
lab=ihrs$$
old_stats=$(sysctl -n kernel.bpf_stats_enabled)
agent=
cleanup() {
  [ -n "$agent" ] && { kill -TERM "$agent" 2>/dev/null; wait "$agent" 2>/dev/null || true; }
  sysctl -qw kernel.bpf_stats_enabled="$old_stats"
  bash "$root/scripts/lab.sh" destroy "$lab"
}
trap cleanup EXIT
eval "$(bash "$root/scripts/lab.sh" create "$lab")"

# run_time_ns and run_cnt of programs whose name starts with $1, as "name ns cnt" lines.
prog_stats() {
  bpftool prog show -j | python3 -c '
import json, sys
for p in json.load(sys.stdin):
    if p.get("name", "").startswith(sys.argv[1]):
        print(p["name"], p.get("run_time_ns", 0), p.get("run_cnt", 0))' "$1"
}

# Sends UDP pod1 -> pod2 for $seconds; prints the datagrams pod2 received.
traffic() {
  ip netns exec "$POD2_NS" iperf3 -s -1 -D -p 5301 --logfile /dev/null
  sleep 0.3
  ip netns exec "$POD1_NS" iperf3 -c "$POD2_IP" -p 5301 -u -b 60M -l 64 -t "$seconds" -J |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["end"]["sum"]["packets"])'
}

delta() { # before-file after-file -> "name ns_per_run runs"
  python3 - "$1" "$2" <<'PY'
import sys
def load(f):
    d = {}
    for line in open(f):
        n, ns, cnt = line.split()
        d[n] = d.get(n, (0, 0))
        d[n] = (d[n][0] + int(ns), d[n][1] + int(cnt))
    return d
a, b = load(sys.argv[1]), load(sys.argv[2])
for n in sorted(b):
    ns = b[n][0] - a.get(n, (0, 0))[0]; cnt = b[n][1] - a.get(n, (0, 0))[1]
    print(n, ns, cnt)
PY
}

sysctl -qw kernel.bpf_stats_enabled=1
tmp=$(mktemp -d)
ip netns exec "$POD1_NS" ping -c 2 -i 0.2 "$POD2_IP" >/dev/null

# 1. The agent.
ip netns exec "$NODE_NS" "$agent_dir/bin/int-host-reporter" --collector 127.0.0.1:9 --switch-id "$NODE_IP" \
  --cni calico-iptables --data-interface eth1 2>"$tmp/agent.log" &
agent=$!
for _ in $(seq 300); do grep -q "reporting to" "$tmp/agent.log" && break; sleep 0.1; done
prog_stats ihr_ >"$tmp/a0"
packets=$(traffic)
prog_stats ihr_ >"$tmp/a1"
kill -TERM "$agent"; wait "$agent" 2>/dev/null || true; agent=

# 2. The empty program on the same interfaces, both directions.
for dev in cali1 cali2 eth1; do
  for dir in ingress egress; do
    ip netns exec "$NODE_NS" tc qdisc add dev "$dev" clsact 2>/dev/null || true
    ip netns exec "$NODE_NS" tc filter add dev "$dev" "$dir" prio 1 bpf da obj "$empty" sec tc
  done
done
prog_stats empty >"$tmp/e0"
empty_packets=$(traffic)
prog_stats empty >"$tmp/e1"

echo "agent: $agent_dir; $packets datagrams pod1->pod2 in ${seconds}s (empty run: $empty_packets)"
python3 - "$packets" "$empty_packets" <(delta "$tmp/a0" "$tmp/a1") <(delta "$tmp/e0" "$tmp/e1") <<'PY'
import sys
packets, empty_packets = int(sys.argv[1]), int(sys.argv[2])
ours = [l.split() for l in open(sys.argv[3])]
empty = [l.split() for l in open(sys.argv[4])]
e_ns = sum(int(x[1]) for x in empty); e_cnt = sum(int(x[2]) for x in empty)
e_run = e_ns / e_cnt if e_cnt else float("nan")
total = 0
for name, ns, cnt in ours:
    ns, cnt = int(ns), int(cnt)
    if cnt:
        print(f"  {name:20s} {ns / cnt:7.1f} ns/run  {cnt:9d} runs  {cnt / packets:5.2f} runs/packet  {ns / packets:7.1f} ns/packet")
    total += ns
per_packet = total / packets
# Each forwarded packet passes two hooks (cali1 ingress, cali2 egress): two empty runs.
print(f"  empty program        {e_run:7.1f} ns/run  {e_cnt:9d} runs")
print(f"  ours per forwarded packet {per_packet:.1f} ns; two empty runs {2 * e_run:.1f} ns; added {per_packet - 2 * e_run:+.1f} ns")
PY
