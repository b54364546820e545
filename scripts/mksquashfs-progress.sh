#!/bin/bash
# mksquashfs with its progress bar turned into the stage's progress line
# (scripts/stage.sh shows it): "squashfs: 42% of 9876 blocks".  Arguments
# as mksquashfs's; SOURCE_DATE_EPOCH is dropped from its environment (given
# there, mksquashfs would only clamp newer dates to it; the callers pass
# -all-time).  Errors still reach stderr.
set -eu
set -o pipefail
env -u SOURCE_DATE_EPOCH mksquashfs "$@" -quiet |
	tr '\r' '\n' |
	awk -v out="${XENLIVE_PROGRESS:-/dev/null}" '
	match($0, /[0-9]+\/[0-9]+ +[0-9]+%/) {
		split(substr($0, RSTART, RLENGTH), f, /[\/ ]+/)
		if (f[3] != last) { printf "squashfs: %s of %s blocks\n", f[3], f[2] > out; close(out); last = f[3] }
		next
	}
	NF { print }'
