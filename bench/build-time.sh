#!/bin/bash
# Build times: a cold build (empty output root and build cache, but the
# package downloads already cached) and a rebuild with nothing changed.
# Reports, asserts nothing.  Usage: build-time.sh
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
real_cache=${XENLIVE_CACHE:-$HOME/.cache/xenlive}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/cache"
# Warm package cache only: downloaded .debs, no build products.
for d in debs debootstrap-debs; do
	[ -d "$real_cache/$d" ] && ln -s "$real_cache/$d" "$work/cache/$d"
done
cd "$top"
start=$(date +%s)
make --no-print-directory O="$work/out" XENLIVE_CACHE="$work/cache" iso >"$work/cold.log" 2>&1 ||
	{ tail -n 20 "$work/cold.log"; echo "build-time: the cold build failed" >&2; exit 1; }
cold=$(( $(date +%s) - start ))
start=$(date +%s.%N)
make --no-print-directory O="$work/out" XENLIVE_CACHE="$work/cache" iso >/dev/null 2>&1
nochange=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
echo "build time ($(nproc) cores):"
echo "  cold build, warm package cache: $((cold / 60)) min $((cold % 60)) s   (target <= 15 min)"
echo "  rebuild with no change:         ${nochange} s   (target <= 5 s)"
grep -E '^<<<' "$work/cold.log" | sed 's/^<<< /  stage /'
