#!/bin/bash
# Regenerates the golden outputs from Xen's own xentop: the binary is run
# against xtop's fake backend through the libxenstat stand-in
# (tests/xenstat_shim.c, built by make check-xtop), one iteration per case
# of ./cases, on ./scenario.  Usage: regen.sh OUT_DIR XENTOP
# (OUT_DIR is make's $(O)/xtop; XENTOP e.g. xen-utils-4.17's
# /usr/lib/xen-4.17/bin/xentop, unpacked from the Debian package).
set -eu
out=${1:?usage: regen.sh OUT_DIR XENTOP} xentop=${2:?usage: regen.sh OUT_DIR XENTOP}
here=$(cd "$(dirname "$0")" && pwd)
[ -f "$out/shim/libxenstat.so.4.17" ] || { echo "regen: $out/shim/libxenstat.so.4.17 is missing; run make check-xtop first" >&2; exit 1; }
while read -r name opts; do
	case "$name" in '#'*|'') continue ;; esac
	# shellcheck disable=SC2086  # opts is a list of options
	XTOP_SHIM_SCENARIO="$here/scenario" LD_LIBRARY_PATH="$out/shim" "$xentop" -b -i 1 $opts >"$here/$name.out"
	echo "$name.out: xentop -b -i 1 $opts"
done <"$here/cases"
