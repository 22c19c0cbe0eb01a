#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The demo: builds a Calico-like node out of network namespaces (two pods on cali1/cali2, a data
# interface eth1 to a second node), runs the agent and the embedded collector there, sends
# pod→pod and pod→remote traffic, prints the decoded INT reports, and removes everything.
#
#   demo.sh --two-nodes   two nodes (an agent and a switch id each, a routed data link with a VXLAN
#                         overlay) reporting to one collector: the flows' paths hop by hop, a drop on
#                         node 2, the inferred link, the Prometheus metrics.
#   demo.sh --cni-redirect
# --cni-redirect plays an eBPF dataplane (Cilium-like lxc… veths): the tests' CNI stand-in program,
# attached after the agent's, delivers pod1→pod2 with bpf_redirect_peer() and pod1→remote with
# bpf_redirect_neigh(); the reports show the same ports as for routed traffic.
#   demo.sh --keep        (with either) the collector's live page stays up, with a little traffic,
#                         until Ctrl-C; its address is printed in any case.
set -euo pipefail
redirect= keep=false two=false
for arg in "$@"; do
  case $arg in
    --keep) keep=true ;;
    --two-nodes) two=true ;;
    --cni-redirect) redirect=1 ;;
    *) echo "usage: demo.sh [--two-nodes | --cni-redirect] [--keep]" >&2; exit 2 ;;
  esac
done
[ "$two" = true ] && [ -n "$redirect" ] && { echo "usage: demo.sh [--two-nodes | --cni-redirect] [--keep]" >&2; exit 2; }
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "demo: needs root (network namespaces, BPF)" >&2; exit 1; }
source scripts/setup.sh
[ -f target/int-host-reporter.jar ] || ./mvnw -B -q -ntp package -DskipTests

lab=ihrdemo$$
pids=()

# The live page's way in from this host: a veth into the collector's namespace (it goes with the
# namespace; cleanup deletes it too).
expose_page() { # namespace of the collector, whose --http listens on 0.0.0.0:8080
  ip link add "${lab}w" type veth peer name web0 netns "$1"
  ip addr add 10.97.0.1/30 dev "${lab}w"
  ip link set "${lab}w" up
  ip -n "$1" addr add 10.97.0.2/30 dev web0
  ip -n "$1" link set web0 up
  page=http://10.97.0.2:8080/
  echo "== live page: $page (from this host; from another machine: ssh -L 8080:10.97.0.2:8080 THIS-HOST, then http://127.0.0.1:8080/)"
}

# With --keep: runs the given traffic function every few seconds until Ctrl-C.
keep_up() {
  $keep || return 0
  echo "== --keep: the lab stays up with a little traffic ($2); open $page"
  echo "   Ctrl-C to stop and remove everything"
  trap 'keep=false' INT TERM
  while $keep; do
    "$1" || true
    sleep 1 || true
  done
  trap 'exit 130' INT TERM
}

kill_in() { # processes left in the lab's namespaces (iperf3 servers still waiting for a client)
  for ns in "$@"; do ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true; done
}

two_nodes() {
  cleanup2() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    ip link del "${lab}w" 2>/dev/null || true
    bash scripts/lab.sh destroy2 "$lab"
  }
  trap cleanup2 EXIT
  trap 'exit 130' INT TERM
  echo "== building two namespaced nodes ($lab-*)"
  eval "$(bash scripts/lab.sh create2 "$lab")"
  echo "   node 1 $NODE1_IP: pods $N1_POD1_IP (cali1, ifindex $N1_CALI1_IFINDEX), $N1_POD2_IP; data interface eth1 (ifindex $N1_DATA_IFINDEX)"
  echo "   node 2 $NODE2_IP: pods $N2_POD1_IP (cali1, ifindex $N2_CALI1_IFINDEX, routed), $N2_POD2_IP (cali2, ifindex $N2_CALI2_IFINDEX, over VXLAN); eth1 ifindex $N2_DATA_IFINDEX"
  echo "== one collector in $COLLECTOR_NS (UDP 32766, HTTP 8080 there); an agent on each node"
  local reports
  reports=$(mktemp)
  ip netns exec "$COLLECTOR_NS" bin/int-host-reporter collector --listen 0.0.0.0:32766 --http 0.0.0.0:8080 \
    >"$reports" 2>/dev/null &
  pids+=($!)
  expose_page "$COLLECTOR_NS"
  local logs=("$reports")
  for n in 1 2; do
    local ns_var=NODE${n}_NS ip_var=NODE${n}_IP col_var=NODE${n}_COLLECTOR_IP log
    log=$(mktemp)
    logs+=("$log")
    ip netns exec "${!ns_var}" bin/int-host-reporter --collector "${!col_var}:32766" --switch-id "${!ip_var}" \
      --cni calico-iptables --data-interface eth1 2>"$log" &
    pids=($! "${pids[@]}")
  done
  for log in "${logs[@]:1}"; do
    for _ in $(seq 150); do grep -q "reporting to" "$log" && break; sleep 0.1; done
    grep -q "reporting to" "$log" || { cat "$log" >&2; echo "demo: an agent did not start" >&2; exit 1; }
  done
  echo "== node 2 drops UDP to port 7777 in its forward chain (nftables)"
  printf 'table inet demo {\nchain fwd_filter {\ntype filter hook forward priority 0;\nudp dport 7777 drop\n}\n}\n' \
    | ip netns exec "$NODE2_NS" nft -f -
  echo "== pod $N1_POD1_IP (node 1) sends UDP to $N2_POD1_IP:7001 (routed), $N2_POD2_IP:7002 (VXLAN), $N2_POD1_IP:7777 (dropped)"
  send_two_nodes() {
    for port_ip in "7001 $N2_POD1_IP" "7002 $N2_POD2_IP" "7777 $N2_POD1_IP"; do
      set -- $port_ip
      # One socket per destination: three datagrams of one flow.
      ip netns exec "$N1_POD1_NS" bash -c "exec 3>/dev/udp/$2/$1; for i in 1 2 3; do echo demo >&3; sleep 0.05; done"
    done
  }
  send_two_nodes
  sleep 1.5
  echo "== the reports as the collector printed them (one line each)"
  sed 's/^/   /' "$reports"
  echo "== what the collector's API shows (GET /api/v1/flows, /api/v1/drops, /api/v1/switches)"
  ip netns exec "$COLLECTOR_NS" python3 - <<'PY'
import json, urllib.request
def get(path):
    return json.load(urllib.request.urlopen("http://127.0.0.1:8080" + path, timeout=5))
for f in get("/api/v1/flows")["flows"]:
    hops = "  ->  ".join(f"[{h['switch_id']} in {h['ingress_port']} out {h['egress_port']}, p50 {h['latency_ns']['p50']} ns, {h['reports']} reports]" for h in f["hops"])
    print(f"   flow {f['protocol']} {f['src_ip']}:{f['src_port']} -> {f['dst_ip']}:{f['dst_port']}: {hops}")
for d in get("/api/v1/drops")["drops"]:
    print(f"   drop at {d['switch_id']} port {d['port']}: {d['reason_name']} ({d['reason']}) x{d['count']}, flows " +
          ", ".join(f"{t['src_ip']}:{t['src_port']}->{t['dst_ip']}:{t['dst_port']}" for t in d["flows"]))
s = get("/api/v1/switches")
for w in s["switches"]:
    print(f"   sender {w['switch_id']}: {w['reports']} reports, {w['lost']} lost")
for l in s["links"]:
    print(f"   link {l['from']['switch_id']} port {l['from']['egress_port']} -> {l['to']['switch_id']} port {l['to']['ingress_port']} ({l['packets']} packets)")
metrics = urllib.request.urlopen("http://127.0.0.1:8080/metrics", timeout=5).read().decode()
print("   metrics: " + "\n   metrics: ".join(l for l in metrics.splitlines()
      if l.startswith(("int_collector_reports_received_total", "int_collector_drops_total", "int_collector_flows "))))
PY
  keep_up send_two_nodes "node 1 pod -> node 2 pods, routed, over VXLAN and to the dropped port"
  rm -f "${logs[@]}"
  echo "== done; removing the two nodes"
}
if $two; then
  two_nodes
  exit 0
fi
cni_in=
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$cni_in" ] && exec {cni_in}>&- # the stand-in detaches when its standard input closes
  kill_in "$lab-pod2" "$lab-remote"
  ip link del "${lab}w" 2>/dev/null || true
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
ip netns exec "$NODE_NS" bin/int-host-reporter collector --listen 127.0.0.1:32766 --http 0.0.0.0:8080 &
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
expose_page "$NODE_NS"

ip netns exec "$POD2_NS" iperf3 -s -1 -D
ip netns exec "$REMOTE_NS" iperf3 -s -1 -D
sleep 0.3
echo "== pod1 -> pod2: 10 UDP datagrams (iperf3)"
ip netns exec "$POD1_NS" iperf3 -c "$POD2_IP" -u -b 80k -l 100 -n 1000 >/dev/null
sleep 0.5
echo "== pod1 -> remote node: 8 KB over TCP (iperf3)"
ip netns exec "$POD1_NS" iperf3 -c "$REMOTE_IP" -n 8K -l 1K >/dev/null
sleep 1

send_one_node() {
  ip netns exec "$POD2_NS" iperf3 -s -1 -D >/dev/null 2>&1 || true
  ip netns exec "$REMOTE_NS" iperf3 -s -1 -D >/dev/null 2>&1 || true
  sleep 0.3
  ip netns exec "$POD1_NS" iperf3 -c "$POD2_IP" -u -b 200k -l 200 -t 2 >/dev/null 2>&1 || true
  ip netns exec "$POD1_NS" iperf3 -c "$REMOTE_IP" -n 64K -l 1K >/dev/null 2>&1 || true
  ip netns exec "$POD2_NS" ping -c 2 -i 0.2 -q "$REMOTE_IP" >/dev/null 2>&1 || true
  ip netns exec "$POD1_NS" ping -c 1 -W 1 -q 10.77.0.1 >/dev/null 2>&1 || true # no route on the node: a drop
}
keep_up send_one_node "pod1 -> pod2 UDP, pod1 -> remote TCP, pings, and a ping to 10.77.0.1, which the node has no route for: a drop"

echo "== stopping the agent (SIGTERM): it removes exactly its own programs"
kill -TERM "$agent"; wait "$agent" 2>/dev/null || true
pids=("${pids[@]:1}")
grep -E "detached|stopped" "$agent_log" | sed 's/^/   agent: /'
echo "   TC filters and TCX programs left on the node's interfaces:"
ip netns exec "$NODE_NS" bpftool net show | sed 's/^/     /'
rm -f "$agent_log"
echo "== done; removing the namespaced node"
