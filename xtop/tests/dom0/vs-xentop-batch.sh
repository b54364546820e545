#!/bin/bash
# In a Xen dom0 (the booted ISO): runs Xen's `xentop -b` and `xtop -b` side
# by side with the same options, for each of xentop 4.17's options and a
# few combinations, and compares their output line by line.  Prints one
# PASS or FAIL line per case and a summary; exits 1 when a case failed.
#
# Must be identical: the number and kind of lines, the header, where every
# column ends (widths), the domain names and their order, memory, maximum
# memory, VCPUS, NETS, VBDS, SSID, the online vCPU numbers and each VBD's
# type and device.  Allowed to move, since the two programs sample a moment
# apart: CPU(sec) and per-vCPU seconds by 3 s; network and block counters by
# 1024 units or 10 %; a guest's CPU(%) by 15 points or 25 % of the larger
# value, in the last of 3 iterations (xentop prints 0.0 in its first, and
# xtop's second interval still holds xentop's start-up).  Domain-0's
# CPU(%) is not compared: both monitors run in it, and each one's interval
# holds a different share of the two programs' own sampling work (under
# QEMU 20 to 80 points either way); tests/boot/run.sh compares it with
# every dom0 vCPU kept busy instead.  The state letters only need to be
# valid.
#
# xtop takes a priming sample and prints after one interval, xentop prints
# at once, so xtop starts one interval earlier and both print at the same
# moments.  Usage: vs-xentop-batch.sh [DELAY_SECONDS]   (whole, default 1)
# XTOP names the xtop to test (default: xtop from PATH).
# (No tabs but indentation in this file: it is typed into a dom0 shell
# through the serial console with its indentation stripped, see
# tests/boot/run.sh, and a typed tab would ask for completion.)
set -eu
delay=${1:-1}
xtop=${XTOP:-xtop}
case "$delay" in '' | *[^0-9]* | 0) echo "vs-xentop-batch: the delay must be whole seconds above 0, e.g. 1" >&2; exit 2 ;; esac
[ -e /proc/xen/capabilities ] || { echo "vs-xentop-batch: not running on Xen; run this in the booted ISO's dom0" >&2; exit 2; }
command -v xentop >/dev/null || { echo "vs-xentop-batch: xentop is not installed" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

result() {  # OK? NAME [REASONS]
	if [ "$1" = yes ]; then
		passed=$((passed + 1)); echo "PASS $2"
	else
		failed=$((failed + 1)); echo "FAIL $2: $3"
	fi
}

# compare XENTOP_OUT XTOP_OUT ITERATIONS: prints the first few differences,
# nothing when the two outputs agree.
compare() {
	awk -v iters="$3" '
	BEGIN { split("NAME STATE CPU(sec) CPU(%) MEM(k) MEM(%) MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS VBD_OO VBD_RD VBD_WR VBD_RSECT VBD_WSECT SSID", col) }
	function abs(x) { return x < 0 ? -x : x }
	function near(a, b, tol, rel) {
		if (a == b) return 1
		if (a ~ /^-?[0-9.]+$/ && b ~ /^-?[0-9.]+$/)
			return abs(a - b) <= tol || abs(a - b) <= rel * (abs(a) > abs(b) ? abs(a) : abs(b))
		return 0
	}
	function bad(msg) { if (nbad++ < 3) print "line " FNR ": " msg }
	function state_ok(s) { return length(s) == 6 && s ~ /^[-dsbcpr]+$/ }
	function kind(l) {
		if (l ~ /^ *NAME +STATE /) return "header"
		if (l ~ /^VCPUs\(sec\):/ || l ~ /^ +[0-9]+: +[0-9]+s/) return "vcpu"
		if (l ~ /^Net[0-9]+ RX:/) return "net"
		if (l ~ /^VBD /) return "vbd"
		return "domain"
	}
	# Where each blank-separated token ends: the column layout.
	function ends(l,   s, i) {
		s = ""
		for (i = 1; i <= length(l); i++)
			if (substr(l, i, 1) != " " && (i == length(l) || substr(l, i + 1, 1) == " ")) s = s " " i
		return s
	}
	FNR == NR { want[FNR] = $0; n = FNR; if (kind($0) == "domain") ndom++; next }
	{
		m = FNR; got = $0; ref = want[FNR]
		if (FNR > n) { bad("xtop printed more lines than xentop"); next }
		k = kind(ref)
		if (kind(got) != k) { bad("xentop has a " k " line, xtop a " kind(got) " line"); next }
		if (k == "header") {
			if (got != ref) bad("headers differ: \"" got "\" vs xentop \"" ref "\"")
			next
		}
		if (k == "domain") {
			dom++
			sub(/no limit/, "no_limit", ref); sub(/no limit/, "no_limit", got)
			# Right-aligned: each value ends where xentop ends it (an
			# overflowing value shifts both the same way).
			if (ends(got) != ends(ref)) bad("columns end at " ends(got) ", xentop at " ends(ref))
			split(ref, e); split(got, g)
			if (g[1] != e[1]) bad("domain " g[1] " where xentop has " e[1])
			if (state_ok(g[2]) == 0) bad("state " g[2])
			if (near(g[3], e[3], 3, 0) == 0) bad(e[1] " CPU(sec) " g[3] " vs " e[3])
			if (e[1] != "Domain-0" && dom > ndom * (iters - 1) / iters && near(g[4], e[4], 15, 0.25) == 0)
				bad(e[1] " CPU(%) " g[4] " vs " e[4])
			for (c = 5; c <= 19; c++) {
				counter = (c == 11 || c == 12 || (c >= 14 && c <= 18))
				ok = counter ? near(g[c], e[c], 1024, 0.1) : g[c] == e[c]
				if (ok == 0) bad(e[1] " " col[c] " " g[c] " vs " e[c])
			}
			next
		}
		if (k == "vbd") {
			# Type, device and [major:minor] exactly; the counters after OO:.
			if (substr(got, 1, index(got, "OO:")) != substr(ref, 1, index(ref, "OO:"))) bad("VBD \"" got "\" vs \"" ref "\"")
			got = substr(got, index(got, "OO:")); ref = substr(ref, index(ref, "OO:"))
		}
		ne = split(ref, e); ng = split(got, g)
		if (ne != ng) { bad(k " line has " ng " fields, xentop " ne); next }
		for (i = 1; i <= ne; i++) {
			a = e[i]; b = g[i]
			if (k == "vcpu" && a ~ /^[0-9]+s$/) { sub(/s$/, "", a); sub(/s$/, "", b); ok = near(b, a, 3, 0) }
			else if (k == "net" && a ~ /^[0-9]+[a-z]+$/) {
				unit = a; sub(/^[0-9]+/, "", unit); ua = b; sub(/^[0-9]+/, "", ua)
				sub(/[a-z]+$/, "", a); sub(/[a-z]+$/, "", b); ok = ua == unit && near(b, a, 1024, 0.1)
			}
			else if (k == "vbd" && a ~ /^[0-9]+$/) ok = near(b, a, 1024, 0.1)
			else ok = a == b
			if (ok == 0) bad(k " field " i ": \"" g[i] "\" vs xentop \"" e[i] "\"")
		}
	}
	END { if (m < n) print "xtop printed " m + 0 " lines, xentop " n }
	' "$1" "$2"
}

# run_case OPTIONS...: both programs with these options, 3 iterations.
run_case() {
	local name="xentop -b -d $delay -i 3 $*" status=0 diffs
	"$xtop" -b -d "$delay" -i 3 "$@" >"$work/xtop" 2>"$work/xtop.err" &
	local pid=$!
	sleep "$delay"
	xentop -b -d "$delay" -i 3 "$@" >"$work/xentop" 2>/dev/null || status=$?
	wait "$pid" || { result no "$name" "xtop failed: $(head -n 1 "$work/xtop.err")"; return; }
	if [ "$status" -ne 0 ] || [ ! -s "$work/xentop" ]; then
		result no "$name" "xentop exited with $status, or printed nothing"
		return
	fi
	diffs=$(compare "$work/xentop" "$work/xtop" 3)
	if [ -z "$diffs" ]; then result yes "$name"; else result no "$name" "$(echo "$diffs" | tr '\n' ';')"; fi
}

run_case
run_case -f
run_case -n
run_case -x
run_case -v
run_case -r
run_case -f -n -x -v -r
run_case -n -x -v
run_case -f -r
run_case --full-name --networks --vbds --vcpus --repeat-header
# -h and -V: both answer and exit 0 (the texts are each program's own).
for opt in -h --help -V --version; do
	if "$xtop" "$opt" >"$work/xtop" && xentop "$opt" >"$work/xentop" && [ -s "$work/xtop" ]; then
		result yes "$opt exits 0 with text, like xentop"
	else
		result no "$opt" "xtop or xentop failed"
	fi
done
echo "vs-xentop-batch: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
