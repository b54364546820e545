#!/bin/bash
# make bench: demo-guest benchmarks.  Boots the ISO in QEMU/TCG (2 GiB, no
# NIC) and runs dom0/guest-bench.sh there: image sizes, spawn latency per
# distribution, latency against 1/10/30 running guests, density with every
# guest answering HTTP.  Reports numbers, asserts nothing.
#   guests.sh ISO [BENCH...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
iso=$1; shift
[ "$#" -gt 0 ] || set -- sizes latency scaling density
exec "$here/../tests/iso-checks.sh" "$iso" --memory "${BENCH_MEMORY:-2048}" \
	--script "$here/dom0/guest-bench.sh" "$@"
