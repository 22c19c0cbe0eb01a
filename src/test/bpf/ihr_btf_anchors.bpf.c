/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The agent's programs exactly as shipped, plus one global of each enum that C and Java share.
 * clang emits BTF only for types something refers to, and the counter enums are used as
 * constants only, so the shipped object has no BTF for them. This test-only object gives the
 * drift guards (SharedTypesBtfTest) those enums' BTF, compiled from the same sources.
 */
#include "ihr.bpf.c"

enum ihr_counter ihr_btf_anchor_counter;
enum ihr_drop_counter ihr_btf_anchor_drop_counter;
enum ihr_record_state ihr_btf_anchor_record_state;
