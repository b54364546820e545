#!/bin/bash
# On a Xen dom0 (the booted ISO): CPU seconds used by `xtop -b` and by
# `xentop -b` over the same number of iterations, and their ratio.
# Reports; asserts nothing.
# Usage: vs-xentop.sh [ITERATIONS] [DELAY_SECONDS]    (default 100 and 0.1)
set -eu
iterations=${1:-100}
delay=${2:-0.1}
[ -e /proc/xen/capabilities ] || { echo "vs-xentop: not running on Xen; run this in the booted ISO" >&2; exit 1; }
command -v xentop >/dev/null || { echo "vs-xentop: xentop is not installed" >&2; exit 1; }
xtop=${XTOP:-xtop}

# cpu_seconds CMD...: user+system CPU seconds of CMD (bash's time keyword).
cpu_seconds() {
	local TIMEFORMAT='%3U %3S' t
	t=$({ time "$@" >/dev/null 2>&1; } 2>&1)
	awk '{ printf "%.3f", $1 + $2 }' <<<"$t"
}

# xentop's -d takes whole seconds only (it uses atoi); compare at 1 s when
# a fraction was asked for, and say so.
xentop_delay=${delay%%.*}
[ "${xentop_delay:-0}" -ge 1 ] || xentop_delay=1
xt=$(cpu_seconds "$xtop" -b -d "$xentop_delay" -i "$iterations")
xe=$(cpu_seconds xentop -b -d "$xentop_delay" -i "$iterations")
echo "iterations=$iterations delay=${xentop_delay}s"
echo "xtop -b:   ${xt} s CPU"
echo "xentop -b: ${xe} s CPU"
awk -v a="$xt" -v b="$xe" 'BEGIN { if (b > 0) printf "ratio xtop/xentop = %.2f\n", a / b; else print "ratio: xentop used no measurable CPU" }'
