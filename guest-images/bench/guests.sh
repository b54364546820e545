#!/bin/bash
# make bench: demo-guest benchmarks.  Boots the ISO in QEMU (2 GiB, no NIC)
# and runs dom0/guest-bench.sh there: image sizes, the memory each image
# needs, idle cost and what still wakes an idle guest, spawn latency per
# distribution and where a boot goes, latency against up to 40 idle guests,
# density with every guest answering HTTP; an HVM guest's start, memory
# (with its device model in dom0), idle cost and density (bench hvm).  The scaling rows
# become a table and a plot (out/bench/guests/scaling.png, gnuplot), with
# the ratio of the latency with the most guests to the latency with none.
# Reports numbers, asserts nothing.
#   guests.sh ISO [BENCH...]
set -eu
# The run's own exit status, not tee's, is the one kept below.
set -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
iso=$1; shift
[ "$#" -gt 0 ] || set -- sizes memory idle wakeups latency boottrace isolation scaling density hvm
[ -n "${O:-}" ] || { echo "guests.sh: O, the output directory, is not set; run this through make (make bench-guests), which sets it." >&2; exit 2; }
out=$O/bench/guests
mkdir -p "$out"
status=0
# Seconds each benchmark may take under TCG: scaling and density start up
# to 40 guests and more.
"$here/../tests/iso-checks.sh" "$iso" --memory "${BENCH_MEMORY:-2048}" --script "$here/dom0/guest-bench.sh" \
	--limit sizes=600 --limit memory=1500 --limit idle=1500 --limit isolation=1200 --limit hvm=2400 --limit 3600 "$@" | tee "$out/report.txt" || status=$?

grep -a '^SCALING ' "$out/report.txt" | awk '{ print $2, $3, $4, $5, $6 }' >"$out/scaling.dat" || true
if [ -s "$out/scaling.dat" ]; then
	echo "spawn latency against idle guests (CentOS-style; seconds; - = no answer):"
	printf '  %8s %10s %12s %12s %10s\n' running spawn login http "free MiB"
	while read -r n spawn login http free; do
		printf '  %8s %10s %12s %12s %10s\n' "$n" "$spawn" "$login" "$http" "$free"
	done <"$out/scaling.dat"
	awk 'NR == 1 { n0 = $1; s0 = $2; h0 = $4 } { n = $1; s = $2; h = $4 }
		END { if (NR > 1) printf "  ratio %d guests vs %d: spawn %.2f x, create -> HTTP %s\n", n, n0, s / s0,
			(h0 + 0 > 0 && h + 0 > 0) ? sprintf("%.2f x", h / h0) : "n/a" }' "$out/scaling.dat"
	accel=$(awk '$1 == "accelerator:" { print $2; exit }' "$out/report.txt")
	if command -v gnuplot >/dev/null; then
		gnuplot <<-PLOT
		set terminal pngcairo size 900,500
		set output "$out/scaling.png"
		set title "Xen Live: spawning one CentOS-style guest beside idle ones (QEMU, accelerator ${accel:-?})"
		set xlabel "guests already running"
		set ylabel "seconds"
		set y2label "Xen free memory (MiB)"
		set y2tics
		set key left top
		set datafile missing "-"
		plot "$out/scaling.dat" using 1:2 with linespoints title "xenlive-spawn returns", \
		     "" using 1:3 with linespoints title "create -> login prompt", \
		     "" using 1:4 with linespoints title "create -> HTTP answer", \
		     "" using 1:5 axes x1y2 with lines dashtype 2 title "free memory"
		PLOT
		echo "  plot: $out/scaling.png"
	fi
fi
exit "$status"
