#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds (and removes) a Calico-like Kubernetes node out of network namespaces, for the demo and
# the end-to-end tests. Everything lives in namespaces named PREFIX-*; nothing touches the host's
# own interfaces.
#
#   PREFIX-node    the node: pod veths cali1/cali2 (+ cali6 pairs for IPv6), data interface eth1
#   PREFIX-pod1    a pod: eth0 10.244.1.11/32, fd00:244:1::11/128, default via 169.254.1.1 / fe80::1
#   PREFIX-pod2    a pod: eth0 10.244.1.12/32, fd00:244:1::12/128
#   PREFIX-remote  the other node: eth0 10.99.0.2/24, fd00:99::2/64, routes the pod CIDR via the node
#   VXLAN overlay  node vxlan.calico 10.250.0.1/24 <-> remote vxlan0 10.250.0.2/24 (VNI 4096, UDP 4789,
#                  over eth1/eth0, like Calico's VXLAN mode); the remote reaches pod2 through it
#
# Usage: lab.sh create PREFIX [VETH_PREFIX] | lab.sh destroy PREFIX
# VETH_PREFIX names the host-side pod veths: cali (default: cali1, cali2) or lxc (Cilium's: lxc1, lxc2).
# "create" prints KEY=VALUE lines (namespaces, interface indexes, addresses) for scripts and tests.
#
# Two nodes (lab.sh create2 PREFIX | lab.sh destroy2 PREFIX), each a Calico-like node like the one above:
#   PREFIX-n1      node 1 (switch id 10.99.0.1): cali1 -> PREFIX-n1p1 10.244.1.11, cali2 -> PREFIX-n1p2 10.244.1.12
#   PREFIX-n2      node 2 (switch id 10.99.0.2): cali1 -> PREFIX-n2p1 10.244.2.21, cali2 -> PREFIX-n2p2 10.244.2.22
#   data link      n1 eth1 10.99.0.1/24 <-> n2 eth1 10.99.0.2/24; pod 10.244.2.21 (and 10.244.1.11 back) is
#                  plainly routed over it, pod 10.244.2.22 (and 10.244.1.12 back) through the VXLAN overlay
#                  vxlan.calico 10.250.0.1 <-> 10.250.0.2 (VNI 4096, UDP 4789, over eth1)
#   PREFIX-col     where a collector runs, on a management network apart from the data link:
#                  n1 mgmt0 10.98.1.1/24 <-> col m1 10.98.1.254, n2 mgmt0 10.98.2.2/24 <-> col m2 10.98.2.254
set -euo pipefail

cmd=${1:-} prefix=${2:-} veth=${3:-cali}
[[ -n $cmd && $prefix =~ ^[a-zA-Z0-9-]{1,20}$ ]] || { echo "usage: lab.sh create|destroy|create2|destroy2 PREFIX (letters, digits, '-', at most 20)" >&2; exit 2; }
[[ $veth == cali || $veth == lxc ]] || { echo "lab.sh: VETH_PREFIX must be cali or lxc, not '$veth'" >&2; exit 2; }
node=$prefix-node pod1=$prefix-pod1 pod2=$prefix-pod2 remote=$prefix-remote

destroy() {
  for ns in "$pod1" "$pod2" "$remote" "$node"; do
    ip netns del "$ns" 2>/dev/null || true
  done
}

add_pod() { # pod namespace, host-side veth name, IPv4 /32, IPv6 /128
  local ns=$1 veth=$2 v4=$3 v6=$4
  ip netns add "$ns"
  ip -n "$node" link add "$veth" type veth peer name eth0 netns "$ns"
  ip -n "$ns" link set lo up
  ip -n "$ns" link set eth0 up
  ip -n "$ns" addr add "$v4/32" dev eth0
  ip -n "$ns" -6 addr add "$v6/128" dev eth0 nodad
  # Calico's pod routing: a link-scoped gateway that the host answers for with proxy ARP.
  ip -n "$ns" route add 169.254.1.1 dev eth0 scope link
  ip -n "$ns" route add default via 169.254.1.1 dev eth0
  ip -n "$ns" -6 route add default via fe80::1 dev eth0
  ip netns exec "$node" sysctl -qw "net.ipv4.conf.$veth.proxy_arp=1" "net.ipv6.conf.$veth.proxy_ndp=1"
  ip -n "$node" link set "$veth" up
  ip -n "$node" -6 addr add fe80::1/64 dev "$veth" nodad
  ip -n "$node" route add "$v4/32" dev "$veth" scope link
  ip -n "$node" -6 route add "$v6/128" dev "$veth"
}

add_vxlan() {
  ip -n "$node" link add vxlan.calico type vxlan id 4096 dstport 4789 local 10.99.0.1 dev eth1 nolearning
  ip -n "$node" addr add 10.250.0.1/24 dev vxlan.calico
  ip -n "$node" link set vxlan.calico up
  bridge -n "$node" fdb append 00:00:00:00:00:00 dev vxlan.calico dst 10.99.0.2
  ip -n "$remote" link add vxlan0 type vxlan id 4096 dstport 4789 local 10.99.0.2 dev eth0 nolearning
  ip -n "$remote" addr add 10.250.0.2/24 dev vxlan0
  ip -n "$remote" link set vxlan0 up
  bridge -n "$remote" fdb append 00:00:00:00:00:00 dev vxlan0 dst 10.99.0.1
  ip -n "$remote" route add 10.244.1.12/32 via 10.250.0.1 dev vxlan0
}

create() {
  destroy
  trap 'destroy' ERR
  ip netns add "$node"
  ip -n "$node" link set lo up
  ip netns exec "$node" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
  add_pod "$pod1" "${veth}1" 10.244.1.11 fd00:244:1::11
  add_pod "$pod2" "${veth}2" 10.244.1.12 fd00:244:1::12

  ip netns add "$remote"
  ip -n "$remote" link set lo up
  ip -n "$node" link add eth1 type veth peer name eth0 netns "$remote"
  ip -n "$node" addr add 10.99.0.1/24 dev eth1
  ip -n "$node" -6 addr add fd00:99::1/64 dev eth1 nodad
  ip -n "$node" link set eth1 up
  # Proxy ARP answers for 169.254.1.1 only if the node routes it out of another interface.
  ip -n "$node" route add 169.254.1.1/32 dev eth1
  ip -n "$remote" addr add 10.99.0.2/24 dev eth0
  ip -n "$remote" -6 addr add fd00:99::2/64 dev eth0 nodad
  ip -n "$remote" link set eth0 up
  ip -n "$remote" route add 10.244.1.0/24 via 10.99.0.1
  ip -n "$remote" -6 route add fd00:244:1::/64 via fd00:99::1
  add_vxlan
  trap - ERR

  ifindex() { ip netns exec "$1" cat "/sys/class/net/$2/ifindex"; }
  mac() { ip netns exec "$1" cat "/sys/class/net/$2/address"; }
  cat <<OUT
NODE_NS=$node
POD1_NS=$pod1
POD2_NS=$pod2
REMOTE_NS=$remote
POD1_IP=10.244.1.11
POD2_IP=10.244.1.12
POD1_IP6=fd00:244:1::11
POD2_IP6=fd00:244:1::12
NODE_IP=10.99.0.1
REMOTE_IP=10.99.0.2
REMOTE_IP6=fd00:99::2
NODE_VXLAN_IP=10.250.0.1
REMOTE_VXLAN_IP=10.250.0.2
CALI1_IFINDEX=$(ifindex "$node" "${veth}1")
CALI2_IFINDEX=$(ifindex "$node" "${veth}2")
DATA_IFINDEX=$(ifindex "$node" eth1)
POD1_VETH=${veth}1
POD2_VETH=${veth}2
POD1_MAC=$(mac "$pod1" eth0)
POD2_MAC=$(mac "$pod2" eth0)
POD1_VETH_MAC=$(mac "$node" "${veth}1")
POD2_VETH_MAC=$(mac "$node" "${veth}2")
DATA_MAC=$(mac "$node" eth1)
OUT
}

# ---- two nodes ----
n1=$prefix-n1 n2=$prefix-n2 col=$prefix-col

destroy2() {
  for ns in "$n1p1" "$n1p2" "$n2p1" "$n2p2" "$col" "$n1" "$n2"; do
    ip netns del "$ns" 2>/dev/null || true
  done
}
n1p1=$prefix-n1p1 n1p2=$prefix-n1p2 n2p1=$prefix-n2p1 n2p2=$prefix-n2p2

add_node() { # node namespace, pod namespaces and addresses: ns pod_a ip_a pod_b ip_b [spare veth pairs]
  node=$1
  ip netns add "$node"
  ip -n "$node" link set lo up
  # Unused veth pairs shift this node's ifindexes, so that the two nodes' ports differ in reports.
  for ((i = 0; i < ${6:-0}; i++)); do ip -n "$node" link add "spare${i}a" type veth peer name "spare${i}b"; done
  ip netns exec "$node" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
  add_pod "$2" cali1 "$3" "fd00:244::${3##*.}"
  add_pod "$4" cali2 "$5" "fd00:244::${5##*.}"
}

node_overlay() { # node namespace, own overlay address, the other node's data address
  local ns=$1 own=$2 peer=$3 local_ip
  local_ip=$(ip -n "$ns" -4 -o addr show dev eth1 | awk '{print $4}' | cut -d/ -f1)
  ip -n "$ns" link add vxlan.calico type vxlan id 4096 dstport 4789 local "$local_ip" dev eth1 nolearning
  ip -n "$ns" addr add "$own/24" dev vxlan.calico
  ip -n "$ns" link set vxlan.calico up
  bridge -n "$ns" fdb append 00:00:00:00:00:00 dev vxlan.calico dst "$peer"
}

mgmt_link() { # node namespace, collector-side name, node address, collector address
  ip -n "$1" link add mgmt0 type veth peer name "$2" netns "$col"
  ip -n "$1" addr add "$3/24" dev mgmt0
  ip -n "$1" link set mgmt0 up
  ip -n "$col" addr add "$4/24" dev "$2"
  ip -n "$col" link set "$2" up
}

create2() {
  destroy2
  trap 'destroy2' ERR
  add_node "$n1" "$n1p1" 10.244.1.11 "$n1p2" 10.244.1.12
  add_node "$n2" "$n2p1" 10.244.2.21 "$n2p2" 10.244.2.22 1
  ip -n "$n1" link add eth1 type veth peer name eth1 netns "$n2"
  ip -n "$n1" addr add 10.99.0.1/24 dev eth1
  ip -n "$n2" addr add 10.99.0.2/24 dev eth1
  ip -n "$n1" link set eth1 up
  ip -n "$n2" link set eth1 up
  # Proxy ARP answers for 169.254.1.1 only if the node routes it out of another interface.
  ip -n "$n1" route add 169.254.1.1/32 dev eth1
  ip -n "$n2" route add 169.254.1.1/32 dev eth1
  node_overlay "$n1" 10.250.0.1 10.99.0.2
  node_overlay "$n2" 10.250.0.2 10.99.0.1
  # One pod of the other node plainly routed, the other through the overlay (Calico's VXLAN mode).
  ip -n "$n1" route add 10.244.2.21/32 via 10.99.0.2 dev eth1
  ip -n "$n1" route add 10.244.2.22/32 via 10.250.0.2 dev vxlan.calico onlink
  ip -n "$n2" route add 10.244.1.11/32 via 10.99.0.1 dev eth1
  ip -n "$n2" route add 10.244.1.12/32 via 10.250.0.1 dev vxlan.calico onlink
  ip netns add "$col"
  ip -n "$col" link set lo up
  mgmt_link "$n1" m1 10.98.1.1 10.98.1.254
  mgmt_link "$n2" m2 10.98.2.2 10.98.2.254
  trap - ERR

  ifindex() { ip netns exec "$1" cat "/sys/class/net/$2/ifindex"; }
  cat <<OUT
NODE1_NS=$n1
NODE2_NS=$n2
COLLECTOR_NS=$col
N1_POD1_NS=$n1p1
N1_POD2_NS=$n1p2
N2_POD1_NS=$n2p1
N2_POD2_NS=$n2p2
NODE1_IP=10.99.0.1
NODE2_IP=10.99.0.2
N1_POD1_IP=10.244.1.11
N1_POD2_IP=10.244.1.12
N2_POD1_IP=10.244.2.21
N2_POD2_IP=10.244.2.22
NODE1_COLLECTOR_IP=10.98.1.254
NODE2_COLLECTOR_IP=10.98.2.254
N1_CALI1_IFINDEX=$(ifindex "$n1" cali1)
N1_CALI2_IFINDEX=$(ifindex "$n1" cali2)
N1_DATA_IFINDEX=$(ifindex "$n1" eth1)
N2_CALI1_IFINDEX=$(ifindex "$n2" cali1)
N2_CALI2_IFINDEX=$(ifindex "$n2" cali2)
N2_DATA_IFINDEX=$(ifindex "$n2" eth1)
OUT
}

case $cmd in
  create) create ;;
  destroy) destroy ;;
  create2) create2 ;;
  destroy2) destroy2 ;;
  *) echo "usage: lab.sh create|destroy|create2|destroy2 PREFIX" >&2; exit 2 ;;
esac
