#!/bin/bash
# Cost of one screen refresh (sample, rates, filter, sort, draw) with the
# fake backend at 10, 100 and 1000 domains: CPU microseconds (getrusage
# over 200 refreshes) and instructions (callgrind, 21 refreshes minus 1,
# so start-up is not counted).  Reports; asserts nothing.
# Usage: refresh-cost.sh XTOP_BINARY   (target: <= 2000 us at 1000 domains)
set -eu
xtop=${1:?usage: refresh-cost.sh XTOP_BINARY (make bench-xtop passes it)}
[ -x "$xtop" ] || { echo "refresh-cost: $xtop is not built; run make xtop" >&2; exit 1; }
export LANG=C.UTF-8

instructions() {
	local out
	out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$xtop" --fake-domains "$1" --bench "$2" 2>&1 >/dev/null)
	echo "$out" | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' | tail -n 1
}

printf '%-8s %14s %16s\n' domains cpu_us/refresh instr/refresh
for n in 10 100 1000; do
	cpu=$("$xtop" --fake-domains "$n" --bench 200 | sed -n 's/.*cpu_us_per_refresh=\([0-9.]*\).*/\1/p')
	instr="n/a (no valgrind)"
	if command -v valgrind >/dev/null; then
		one=$(instructions "$n" 1)
		many=$(instructions "$n" 21)
		instr=$(( (many - one) / 20 ))
	fi
	printf '%-8s %14s %16s\n' "$n" "$cpu" "$instr"
done
