#!/bin/bash
# Build times from empty caches (make bench-build-time): `make deps`, then a
# cold `make iso` (empty output root and build cache, downloads included)
# once per JOBS value, side by side in one run, each stage's seconds from
# its "<<<" line, and a rebuild with nothing changed.  Reports, asserts
# nothing.  Usage: build-time.sh
# Environment: BUILD_TIME_JOBS, the JOBS values to compare (default: "1"
#   and the Makefile's default, one more than the cores);
#   BUILD_TIME_CACHE=debs keeps the downloaded .debs (quicker, less cold).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/cache-dir.sh
. "$top/scripts/cache-dir.sh"
real_cache=$XENLIVE_CACHE
read -ra jobs_list <<<"${BUILD_TIME_JOBS:-"1 $(( $(nproc) + 1 ))"}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$top"
# Each build is a top-level make of its own, as a user's: not a part of
# this make's jobserver.
unset MAKEFLAGS MFLAGS MAKELEVEL

seconds_since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }'; }
mmss() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

start=$(date +%s.%N)
make --no-print-directory deps >"$work/deps.log" 2>&1
deps=$(seconds_since "$start")

for jobs in "${jobs_list[@]}"; do
	mkdir -p "$work/cache-$jobs"
	[ "${BUILD_TIME_CACHE:-}" != debs ] || [ ! -d "$real_cache/debs" ] || ln -s "$real_cache/debs" "$work/cache-$jobs/debs"
	start=$(date +%s.%N)
	make --no-print-directory O="$work/out-$jobs" XENLIVE_CACHE="$work/cache-$jobs" JOBS="$jobs" iso \
		>"$work/cold-$jobs.log" 2>&1 ||
		{ tail -n 20 "$work/cold-$jobs.log"; echo "build-time: the cold build with JOBS=$jobs failed" >&2; exit 1; }
	seconds_since "$start" >"$work/total-$jobs"
	start=$(date +%s.%N)
	make --no-print-directory O="$work/out-$jobs" XENLIVE_CACHE="$work/cache-$jobs" JOBS="$jobs" iso >/dev/null 2>&1
	awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }' >"$work/nochange-$jobs"
	rm -rf "$work/out-$jobs" "$work/cache-$jobs"
done

echo "build time ($(nproc) cores, $( [ "${BUILD_TIME_CACHE:-}" = debs ] && echo "downloads cached" || echo "empty caches")):"
echo "  make deps (packages already installed here): ${deps} s"
printf '  %-28s' "stage (seconds)"
for jobs in "${jobs_list[@]}"; do printf ' %10s' "JOBS=$jobs"; done
echo
# Stages lasting 5 s or more in any build, longest first.
for jobs in "${jobs_list[@]}"; do
	awk '$1 == "<<<" { print $2, $(NF) + 0 }' "$work/cold-$jobs.log" | sed "s/^/$jobs /"
done >"$work/stages"
awk '$3 >= 5 { print $2 }' "$work/stages" | sort -u | while read -r stage; do
	printf '  %-28s' "$stage"
	for jobs in "${jobs_list[@]}"; do
		printf ' %10s' "$(awk -v j="$jobs" -v s="$stage" '$1 == j && $2 == s { print $3; exit }' "$work/stages")"
	done
	echo
done
printf '  %-28s' "whole make iso"
for jobs in "${jobs_list[@]}"; do printf ' %10s' "$(mmss "$(cat "$work/total-$jobs")")"; done
echo
printf '  %-28s' "rebuild with no change"
for jobs in "${jobs_list[@]}"; do printf ' %9ss' "$(cat "$work/nochange-$jobs")"; done
echo
first=${jobs_list[0]} last=${jobs_list[${#jobs_list[@]}-1]}
if [ "$first" != "$last" ]; then
	awk -v a="$(cat "$work/total-$first")" -v b="$(cat "$work/total-$last")" -v j1="$first" -v j2="$last" \
		'BEGIN { printf "  ratio JOBS=%s / JOBS=%s: %.2f (goal: deps + iso <= 10 min on a fresh 2-core machine)\n", j2, j1, b / a }'
fi
