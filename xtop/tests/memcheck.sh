#!/bin/bash
# shellcheck disable=SC2154  # out, work, check, ... come from run.sh
# Sourced by run.sh: ASan/UBSan and valgrind runs, and the catalogue fuzzer.
set -eu

asan_batch() {
	"$out/asan/xtop" -b -d 0.05 -i 5 --fake-domains 200 >/dev/null
	"$out/asan/xtop" -b -d 0.05 -i 3 -f -n -x -v -r --fake-script "$here/golden/scenario" >/dev/null
	"$out/asan/xtop" -b --json -d 0.05 -i 3 --fake-script "$work/reuse" >/dev/null
	"$out/asan/xenlive-spawn" --catalog "$cat_dir" --fake-script "$scenario" debian --count 2 >/dev/null
	"$out/asan/xenlive-spawn" --catalog "$cat_dir" --fake-script "$fail_scenario" \
		debian --count 3 >/dev/null 2>&1 && return 1
	"$out/asan/xenlive-spawn" --catalog "$cat_dir" --fake-script "$scenario" --list >/dev/null
}
check_steps "ASan/UBSan: batch, batch with every xentop option, json, launch, failed launch, list" asan_batch

valgrind_run() {
	valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=all \
		--show-leak-kinds=all "$@" >/dev/null
}
if command -v valgrind >/dev/null; then
	check_steps "valgrind: xtop -b, no errors or leaks" valgrind_run "$out/gcc/xtop" -b -d 0.05 -i 4 --fake-domains 100
	check_steps "valgrind: xtop -b -f -n -x -v -r" valgrind_run "$out/gcc/xtop" -b -d 0.05 -i 3 -fnxvr \
		--fake-script "$here/golden/scenario"
	check_steps "valgrind: xtop -b --json, id reuse" valgrind_run "$out/gcc/xtop" -b --json -d 0.05 -i 3 --fake-script "$work/reuse"
	check_steps "valgrind: xenlive-spawn launch" valgrind_run "$out/gcc/xenlive-spawn" --catalog "$cat_dir" \
		--fake-script "$scenario" centos --count 2
else
	fail "valgrind is not installed (make deps)"
fi

fuzz_catalog() {
	local corpus="$work/fuzz-corpus"
	mkdir -p "$corpus"
	cp "$cat_dir"/*.conf "$corpus/"
	"$out/fuzz-catalog" -max_total_time="${XTOP_FUZZ_SECONDS:-30}" -max_len=2048 -timeout=5 \
		-artifact_prefix="$work/" "$corpus" 2>&1 | tail -n 3
	# libFuzzer exits non-zero and leaves a crash-* file on any finding.
	not compgen -G "$work/crash-*" && not compgen -G "$work/leak-*" && not compgen -G "$work/timeout-*"
}
check_steps "fuzz: catalogue parser for ${XTOP_FUZZ_SECONDS:-30} s" fuzz_catalog
