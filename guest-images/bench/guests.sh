#!/bin/bash
# make bench: demo-guest benchmarks.  Boots the ISO in QEMU/TCG (2 GiB, no
# NIC) and runs dom0/guest-bench.sh there: spawn latency per distribution,
# latency against 1/10/30 running guests, density with every guest
# answering HTTP, image sizes.  Reports numbers, asserts nothing.
#   guests.sh ISO [--tree TREE [--debs DIR]] [BENCH...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
iso=$1; shift
GUESTS_TEST_TIMEOUT=${GUESTS_TEST_TIMEOUT:-5400} \
	"$here/../tests/iso-checks.sh" "$iso" --script "$here/dom0/guest-bench.sh" --memory "${BENCH_MEMORY:-2048}" "$@"
