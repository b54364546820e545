#!/bin/bash
# make check-repro: builds the ISO twice from this checkout, in DIR/a and
# DIR/b, and checks that xenlive.iso, its SBOM and SHA256SUMS are the same
# byte for byte.  REPRO_CACHE=separate (default) gives each build its own
# empty cache (DIR/cache-a, DIR/cache-b: debootstrap and the guest kernel run
# twice, which takes long); REPRO_CACHE=shared lets both use XENLIVE_CACHE
# (quick: checks every step after the cached ones).  When the ISOs differ,
# diffoscope's report is DIR/diffoscope.txt.
# Usage: check-repro.sh DIR
set -eu
dir=$1
mode=${REPRO_CACHE:-separate}
case $mode in
separate | shared) ;;
*) echo "check-repro: REPRO_CACHE='$mode' is not separate or shared." >&2; exit 2 ;;
esac
[ -n "${XENLIVE_CACHE:-}" ] ||
	{ echo "check-repro: XENLIVE_CACHE is not set; run this through make (make check-repro)." >&2; exit 2; }
cd "$(dirname "$0")/.."
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
rm -rf "$dir/a" "$dir/b" "$dir/diffoscope.txt"
for side in a b; do
	cache=$XENLIVE_CACHE
	if [ "$mode" = separate ]; then
		cache=$dir/cache-$side
		rm -rf "$cache"
	fi
	echo "check-repro: build $side in $dir/$side (cache $cache)"
	make --no-print-directory O="$dir/$side" XENLIVE_CACHE="$cache" PINS=strict iso >"$dir/build-$side.log" 2>&1 ||
		{ tail -n 20 "$dir/build-$side.log" >&2; echo "check-repro: build $side failed (log: $dir/build-$side.log)." >&2; exit 1; }
done

pass=0 fail=0
for f in xenlive.iso xenlive.spdx.json SHA256SUMS xenlive.packages; do
	if cmp -s "$dir/a/$f" "$dir/b/$f"; then
		echo "ok: $f is identical ($(sha256sum <"$dir/a/$f" | cut -c1-16)...)"
		pass=$((pass + 1))
	else
		echo "FAIL: $f differs between $dir/a and $dir/b"
		fail=$((fail + 1))
	fi
done
if [ "$fail" -ne 0 ]; then
	# diffoscope looks inside the ISO, the squashfs images and the cpio archives.
	diffoscope --text "$dir/diffoscope.txt" --max-report-size 20000000 \
		"$dir/a/xenlive.iso" "$dir/b/xenlive.iso" >/dev/null 2>&1 || :
	[ ! -s "$dir/diffoscope.txt" ] || { head -n 60 "$dir/diffoscope.txt"; echo "(whole report: $dir/diffoscope.txt)"; }
fi
# The separate caches are large and only ever used once.
[ "$mode" != separate ] || rm -rf "$dir/cache-a" "$dir/cache-b"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
