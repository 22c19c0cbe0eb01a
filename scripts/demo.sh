#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The demo: builds a Calico-like node out of network namespaces (two pods on cali1/cali2, a data
# interface eth1 to a second node), runs the agent and the embedded collector there, sends
# pod→pod and pod→remote traffic, prints the decoded INT reports, and removes everything.
#
#   demo.sh [--cni-redirect]
# --cni-redirect plays an eBPF dataplane (Cilium-like lxc… veths): the tests' CNI stand-in program,
# attached after the agent's, delivers pod1→pod2 with bpf_redirect_peer() and pod1→remote with
# bpf_redirect_neigh(); the reports show the same ports as for routed traffic.
set -euo pipefail
redirect=
case ${1:-} in
  --cni-redirect) redirect=1 ;;
  "") ;;
  *) echo "usage: demo.sh [--cni-redirect]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "demo: needs root (network namespaces, BPF)" >&2; exit 1; }
source scripts/setup.sh
[ -f target/int-host-reporter.jar ] || ./mvnw -B -q -ntp package -DskipTests

lab=ihrdemo$$
pids=()
cni_in=
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$cni_in" ] && exec {cni_in}>&- # the stand-in detaches when its standard input closes
  bash scripts/lab.sh destroy "$lab"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== building the namespaced node ($lab-*)"
eval "$(bash scripts/lab.sh create "$lab" "${redirect:+lxc}")"
echo "   pods $POD1_IP ($POD1_VETH, ifindex $CALI1_IFINDEX) and $POD2_IP ($POD2_VETH, ifindex $CALI2_IFINDEX); data interface eth1 (ifindex $DATA_IFINDEX) to $REMOTE_IP"
cni=calico-iptables
if [ -n "$redirect" ]; then
  cni=cilium
  echo "== attaching the CNI stand-in on $POD1_VETH: bpf_redirect_peer to $POD2_VETH for $POD2_IP, bpf_redirect_neigh out of eth1 for $REMOTE_IP"
  ./mvnw -B -q -o -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
  cni_fifo=$(mktemp -u); mkfifo "$cni_fifo"
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "target/classes:target/test-classes:$(cat target/classpath.txt)" \
    net.inthostreporter.e2e.CniStandIn "$NODE_NS" "$CALI1_IFINDEX,peer,$CALI2_IFINDEX,$POD2_IP,$POD2_MAC" \
    "$CALI1_IFINDEX,neigh,$DATA_IFINDEX,$REMOTE_IP" <"$cni_fifo" &
  pids+=($!)
  exec {cni_in}>"$cni_fifo"; rm -f "$cni_fifo"
  sleep 2
fi

echo "== starting the embedded collector and the agent in $NODE_NS (reports on change: each flow's first packet, changes, once a second)"
ip netns exec "$NODE_NS" bin/int-host-reporter collector --listen 127.0.0.1:32766 &
pids+=($!)
agent_log=$(mktemp)
ip netns exec "$NODE_NS" bin/int-host-reporter --collector 127.0.0.1:32766 --switch-id "$NODE_IP" \
  --cni "$cni" --data-interface eth1 2>"$agent_log" &
agent=$!
pids=("$agent" "${pids[@]}")
for _ in $(seq 150); do
  grep -q "reporting to" "$agent_log" && break
  kill -0 "$agent" 2>/dev/null || { cat "$agent_log" >&2; echo "demo: the agent did not start" >&2; exit 1; }
  sleep 0.1
done
sed 's/^/   agent: /' "$agent_log"

ip netns exec "$POD2_NS" iperf3 -s -1 -D
ip netns exec "$REMOTE_NS" iperf3 -s -1 -D
sleep 0.3
echo "== pod1 -> pod2: 10 UDP datagrams (iperf3)"
ip netns exec "$POD1_NS" iperf3 -c "$POD2_IP" -u -b 80k -l 100 -n 1000 >/dev/null
sleep 0.5
echo "== pod1 -> remote node: 8 KB over TCP (iperf3)"
ip netns exec "$POD1_NS" iperf3 -c "$REMOTE_IP" -n 8K -l 1K >/dev/null
sleep 1

echo "== stopping the agent (SIGTERM): it removes exactly its own programs"
kill -TERM "$agent"; wait "$agent" 2>/dev/null || true
pids=("${pids[@]:1}")
grep -E "detached|stopped" "$agent_log" | sed 's/^/   agent: /'
echo "   TC filters and TCX programs left on the node's interfaces:"
ip netns exec "$NODE_NS" bpftool net show | sed 's/^/     /'
rm -f "$agent_log"
echo "== done; removing the namespaced node"
