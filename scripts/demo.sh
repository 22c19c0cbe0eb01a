#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The demo: builds a Calico-like node out of network namespaces (two pods on cali1/cali2, a data
# interface eth1 to a second node), runs the agent and the embedded collector there, sends
# pod→pod and pod→remote traffic, prints the decoded INT reports, and removes everything.
# The collector's live page is reachable from this host while the demo runs (its address is
# printed); with --keep the lab stays up, with a little traffic, until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
keep=false
for arg in "$@"; do
  case $arg in
    --keep) keep=true ;;
    *) echo "usage: demo.sh [--keep]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "demo: needs root (network namespaces, BPF)" >&2; exit 1; }
source scripts/setup.sh
[ -f target/int-host-reporter.jar ] || ./mvnw -B -q -ntp package -DskipTests

lab=ihrdemo$$
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for ns in "$lab-pod2" "$lab-remote"; do # iperf3 servers still waiting for a client
    ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
  done
  ip link del "${lab}w" 2>/dev/null || true
  bash scripts/lab.sh destroy "$lab"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== building the namespaced node ($lab-*)"
eval "$(bash scripts/lab.sh create "$lab")"
echo "   pods $POD1_IP (cali1, ifindex $CALI1_IFINDEX) and $POD2_IP (cali2, ifindex $CALI2_IFINDEX); data interface eth1 (ifindex $DATA_IFINDEX) to $REMOTE_IP"

echo "== starting the embedded collector and the agent in $NODE_NS (reports on change: each flow's first packet, changes, once a second)"
ip netns exec "$NODE_NS" bin/int-host-reporter collector --listen 127.0.0.1:32766 --http 0.0.0.0:8080 &
pids+=($!)
# The page's way in from this host: a veth into the node namespace (removed with it).
ip link add "${lab}w" type veth peer name web0 netns "$NODE_NS"
ip addr add 10.97.0.1/30 dev "${lab}w"
ip link set "${lab}w" up
ip -n "$NODE_NS" addr add 10.97.0.2/30 dev web0
ip -n "$NODE_NS" link set web0 up
page=http://10.97.0.2:8080/
agent_log=$(mktemp)
ip netns exec "$NODE_NS" bin/int-host-reporter --collector 127.0.0.1:32766 --switch-id "$NODE_IP" \
  --cni calico-iptables --data-interface eth1 2>"$agent_log" &
agent=$!
pids=("$agent" "${pids[@]}")
for _ in $(seq 150); do
  grep -q "reporting to" "$agent_log" && break
  kill -0 "$agent" 2>/dev/null || { cat "$agent_log" >&2; echo "demo: the agent did not start" >&2; exit 1; }
  sleep 0.1
done
sed 's/^/   agent: /' "$agent_log"
echo "== live page: $page (from this host; from another machine: ssh -L 8080:10.97.0.2:8080 THIS-HOST, then http://127.0.0.1:8080/)"

ip netns exec "$POD2_NS" iperf3 -s -1 -D
ip netns exec "$REMOTE_NS" iperf3 -s -1 -D
sleep 0.3
echo "== pod1 -> pod2: 10 UDP datagrams (iperf3)"
ip netns exec "$POD1_NS" iperf3 -c "$POD2_IP" -u -b 80k -l 100 -n 1000 >/dev/null
sleep 0.5
echo "== pod1 -> remote node: 8 KB over TCP (iperf3)"
ip netns exec "$POD1_NS" iperf3 -c "$REMOTE_IP" -n 8K -l 1K >/dev/null
sleep 1

if $keep; then
  echo "== --keep: the lab stays up with a little traffic (pod1 -> pod2 UDP, pod1 -> remote TCP, pings, and a"
  echo "   ping to 10.77.0.1, which the node has no route for: a drop); open $page"
  echo "   Ctrl-C to stop and remove everything"
  trap 'keep=false' INT TERM
  while $keep; do
    ip netns exec "$POD2_NS" iperf3 -s -1 -D >/dev/null 2>&1 || true
    ip netns exec "$REMOTE_NS" iperf3 -s -1 -D >/dev/null 2>&1 || true
    sleep 0.3
    ip netns exec "$POD1_NS" iperf3 -c "$POD2_IP" -u -b 200k -l 200 -t 2 >/dev/null 2>&1 || true
    ip netns exec "$POD1_NS" iperf3 -c "$REMOTE_IP" -n 64K -l 1K >/dev/null 2>&1 || true
    ip netns exec "$POD2_NS" ping -c 2 -i 0.2 -q "$REMOTE_IP" >/dev/null 2>&1 || true
    ip netns exec "$POD1_NS" ping -c 1 -W 1 -q 10.77.0.1 >/dev/null 2>&1 || true # no route on the node: a drop
    sleep 1 || true
  done
  trap 'exit 130' INT TERM
fi

echo "== stopping the agent (SIGTERM): it removes exactly its own programs"
kill -TERM "$agent"; wait "$agent" 2>/dev/null || true
pids=("${pids[@]:1}")
grep -E "detached|stopped" "$agent_log" | sed 's/^/   agent: /'
echo "   TC filters and TCX programs left on the node's interfaces:"
ip netns exec "$NODE_NS" bpftool net show | sed 's/^/     /'
rm -f "$agent_log"
echo "== done; removing the namespaced node"
