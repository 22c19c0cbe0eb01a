#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the agent and the benchmark module, then runs every benchmark (or those named with
# --only), prints one table and writes bench/results/results-DATE.json. Needs root.
#
#   sudo bash bench/run.sh [--only datapath,throughput,pipeline,startup,hook,collector] [--quick] [--repetitions N] [--seconds S]
#
# Every figure is a ratio against a baseline measured in the same run. Other work on the machine
# (builds, tests) makes the figures noisier: the results file records the load average.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
[ "$(id -u)" -eq 0 ] || { echo "bench/run.sh: needs root (BPF programs, network namespaces)" >&2; exit 1; }
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
command -v iperf3 >/dev/null || { echo "bench/run.sh: iperf3 is missing (sudo bash scripts/setup.sh installs it)" >&2; exit 1; }

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  ./mvnw -q install -DskipTests
  ./mvnw -q -f bench/pom.xml package
fi

# The Java side removes its namespaces in every outcome; this catches a killed JVM too.
prefix_file=$(mktemp)
cleanup() {
  local pid
  pid=$(cat "$prefix_file" 2>/dev/null || true)
  [ -n "$pid" ] && bash scripts/lab.sh destroy "ihrb$((pid % 100000))" 2>/dev/null || true
  rm -f "$prefix_file"
}
trap cleanup EXIT

"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx512m \
  -jar bench/target/int-host-reporter-bench.jar --project "$root" --results "$root/bench/results" "$@" &
echo $! > "$prefix_file"
wait $!
