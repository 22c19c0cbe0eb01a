#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The test command: installs what is missing, builds, and runs the unit tests and the end-to-end
# tests (which need root: they build namespaced nodes and load BPF programs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
[ "$(id -u)" -eq 0 ] || echo "test: not root: the kernel tests will be skipped (they fail instead when CI=true)" >&2
./mvnw -B -ntp verify "$@"
