#!/bin/bash
# check-guests: boots the Xen Live ISO in QEMU/TCG and runs the demo-guest
# checks (dom0/guest-tests.sh) in its dom0, one suite at a time, each with
# its own time limit.  The scripts reach dom0 on a second CD-ROM.
#   iso-checks.sh ISO [--memory MB] [--script FILE] [--limit [SUITE=]SECONDS]... [SUITE...]
# Memory defaults to 1024 MB: small enough that the "fill" suite runs out
# of guest memory quickly.  --script runs FILE instead of guest-tests.sh
# (the benchmarks use it).  --limit sets how long a suite (every suite,
# without SUITE=) may take; the caller knows its suites, so a --script
# brings its own limits.  Logs stay under $O/tests/guests.
# Ends with "N passed, N failed".
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=../../tests/lib/report.sh
. "$top/tests/lib/report.sh"
# shellcheck source=../../tests/lib/console.sh
. "$top/tests/lib/console.sh"
# shellcheck source=../../tests/lib/boot-stages.sh
. "$top/tests/lib/boot-stages.sh"

usage="usage: iso-checks.sh ISO [--memory MB] [--script FILE] [--limit [SUITE=]SECONDS]... [SUITE...]"
[ "$#" -ge 1 ] || { echo "$usage" >&2; exit 2; }
iso=$1; shift
[ -f "$iso" ] || { echo "iso-checks: $iso does not exist; build it with 'make iso'." >&2; exit 2; }
iso=$(realpath "$iso")
memory=${GUESTS_TEST_MEMORY:-1024} script=$here/dom0/guest-tests.sh
declare -A limits=()
while [ "$#" -gt 0 ]; do
	case $1 in
	--memory) memory=$2; shift 2 ;;
	--script) script=$2; shift 2 ;;
	--limit)
		[[ ${2:-} =~ ^(([a-z0-9:_-]+)=)?([1-9][0-9]*)$ ]] ||
			{ echo "iso-checks: --limit takes SECONDS or SUITE=SECONDS, not '${2:-}'; $usage" >&2; exit 2; }
		limits[${BASH_REMATCH[2]:-*}]=${BASH_REMATCH[3]}
		shift 2 ;;
	*) break ;;
	esac
done
[ "$#" -gt 0 ] || set -- basic isolation control bad ssh crash catalog autospawn fill soak cleanup
[ -n "${O:-}" ] || { echo "iso-checks.sh: O, the output directory, is not set; run this through make (make check-guests), which sets it." >&2; exit 2; }
out=$O/tests/guests
mkdir -p "$out"
payload=$(mktemp -d "${TMPDIR:-/tmp}/guests-payload.XXXXXX")
trap 'console_stop; rm -rf "$payload"' EXIT

mkdir "$payload/files"
cp "$here"/dom0/*.sh "$here"/dom0/*.py "$payload/files/"
[ -e "$payload/files/$(basename "$script")" ] || cp "$script" "$payload/files/"
xorriso -as mkisofs -quiet -R -V XLTESTS -o "$payload/tests.iso" "$payload/files" 2>/dev/null

# Seconds a suite may take under TCG on a busy machine: the caller's
# --limit, else guest-tests.sh's own (a Debian guest alone needs about a
# minute to reach its login prompt there).
suite_limit() {
	if [ -n "${limits[$1]:-}" ]; then echo "${limits[$1]}"
	elif [ -n "${limits['*']:-}" ]; then echo "${limits['*']}"
	else case $1 in bad | autospawn | catalog | crash | cleanup) echo 600 ;; soak:[0-9]*) echo $((10#${1#soak:} * 120 + 1200)) ;; *) echo 1500 ;; esac
	fi
}

# Runs one suite in dom0 and turns its PASS/FAIL lines into ours; the
# indented lines (timings, what a guest printed) are shown as they are.
# Another --script (a benchmark) has all its output shown.
run_suite() {
	local suite=$1 output status=0 start=$SECONDS
	output=$(console_run "/mnt/xlt/$(basename "$script") $suite" "$(suite_limit "$suite")") || status=$?
	if [ "$script" != "$here/dom0/guest-tests.sh" ]; then
		echo "$output"
		# The shell is still busy with it: nothing more can be typed there.
		[ "$status" -ne 125 ] || { fail "$mode: $suite did not finish within $(suite_limit "$suite") s (log $CONSOLE_LOG)"; return 1; }
		return 0
	fi
	while IFS= read -r line; do
		case $line in
		"PASS "*) pass "$mode: ${line#PASS }" ;;
		"FAIL "*) fail "$mode: ${line#FAIL }" ;;
		"  "* | "=== "*) echo "$line" ;;
		esac
	done <<<"$output"
	if [ "$status" -eq 125 ]; then
		fail "$mode: suite $suite did not finish within $(suite_limit "$suite") s (log $CONSOLE_LOG)"
		return 1
	fi
	if ! grep -qE '^[0-9]+ passed, [0-9]+ failed' <<<"$output"; then
		fail "$mode: suite $suite ended without its summary (exit $status)"
	fi
	echo "  suite $suite: $((SECONDS - start)) s"
}

run_all() {
	boot_to_dom0 guests --memory "$memory" --data-cd "$payload/tests.iso" || return 1
	console_run 'dmesg -n 1' 60 >/dev/null || true
	check "test scripts mounted from the second CD-ROM" \
		'mkdir -p /mnt/xlt && mount -o ro LABEL=XLTESTS /mnt/xlt && ls /mnt/xlt' "$(basename "$script")" 120
	for suite in "$@"; do
		run_suite "$suite" || return 1
	done
}
with_stall_retry run_all "$@" || true
no_fatal_output
report_summary
