#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs what building and testing need on Debian/Ubuntu (only what is missing), and finds a
# Java 25. Sourced by demo.sh and test.sh; exports JAVA_HOME.
set -euo pipefail

need_packages=()
command -v clang >/dev/null || need_packages+=(clang llvm)
[ -f /usr/include/bpf/bpf_helpers.h ] || need_packages+=(libbpf-dev)
ls /usr/lib/*/libbpf.so.1 /lib/*/libbpf.so.1 >/dev/null 2>&1 || need_packages+=(libbpf1)
command -v tc >/dev/null && command -v ip >/dev/null || need_packages+=(iproute2)
command -v bpftool >/dev/null || need_packages+=(bpftool)
command -v iperf3 >/dev/null || need_packages+=(iperf3)
command -v nft >/dev/null || need_packages+=(nftables)
command -v ping >/dev/null || need_packages+=(iputils-ping)
[ -x /usr/bin/prometheus ] || need_packages+=(prometheus) # the collector's scrape test (PrometheusScrapeIT)
command -v tshark >/dev/null && command -v dumpcap >/dev/null || need_packages+=(tshark) # Wireshark dissector tests
# The collector page's browser tests: Debian's chromium driven through its chromedriver.
command -v chromium >/dev/null || need_packages+=(chromium)
command -v chromedriver >/dev/null || need_packages+=(chromium-driver)
[ -d /usr/share/fonts/truetype/dejavu ] || need_packages+=(fonts-dejavu-core) # text in the screenshots
if [ ${#need_packages[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || { echo "setup: missing ${need_packages[*]}; run as root (or install them) first" >&2; exit 1; }
  echo "setup: installing ${need_packages[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # tshark's wireshark-common asks whether non-root users may capture: no setuid dumpcap.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
fi

java_major() { # the feature version of the JDK/JRE whose java binary is $1, from its "release" file (no JVM start)
  local home release
  home=$(dirname "$(dirname "$(readlink -f "$1")")")
  release=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null)
  echo "${release:-0}"
}
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME/bin/java" 2>/dev/null || echo 0)" -lt 25 ] 2>/dev/null; then
  JAVA_HOME=
  for candidate in /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate/bin/java" 2>/dev/null || echo 0)" -ge 25 ] 2>/dev/null; then
      JAVA_HOME=$candidate
      break
    fi
  done
fi
[ -n "${JAVA_HOME:-}" ] || { echo "setup: needs a JDK 25 or newer (set JAVA_HOME, or install one under /usr/lib/jvm, e.g. Temurin 25)" >&2; exit 1; }
export JAVA_HOME
