#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Compiles every *.bpf.c of a folder into a BPF object (CO-RE, with BTF) in an output folder.
# Called by the Maven build; the agent never compiles anything at run time.
set -euo pipefail
src=$1 out=$2
mkdir -p "$out"
shopt -s nullglob
files=("$src"/*.bpf.c)
[ ${#files[@]} -gt 0 ] || exit 0
command -v clang >/dev/null || { echo "clang is needed to build the BPF programs: apt-get install clang libbpf-dev" >&2; exit 1; }
arch_inc=/usr/include/$(uname -m)-linux-gnu
main_inc=$(cd "$(dirname "$0")" && pwd)
for f in "${files[@]}"; do
  obj="$out/$(basename "${f%.c}").o"
  # headers and the agent's sources count: a test object may include ihr.bpf.c itself
  if [ "$obj" -nt "$f" ] && [ -z "$(find "$src" "$main_inc" \( -name '*.h' -o -name '*.bpf.c' \) -newer "$obj" -print -quit)" ]; then continue; fi
  clang -O2 -g -Wall -Werror -target bpf -D__TARGET_ARCH_x86 \
    -I"$main_inc" -I"$src" -I"$arch_inc" -c "$f" -o "$obj"
  echo "compiled $(basename "$f") -> $obj"
done
