#!/bin/bash
# The xtop test suite (make check-xtop): unit tests under gcc, clang and
# ASan/UBSan, xenlive-spawn and batch-mode checks, the TUI in tmux, valgrind
# runs and a bounded fuzz of the catalogue parser.  Ends with
# "N passed, N failed".
set -eu
out=${1:?usage: run.sh OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
export XTOP_TEST_XL="$here/fake-xl.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/xtop-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
export TMPDIR="$work"
# xtop's settings file goes here, never into the user's own ~/.config.
export XDG_CONFIG_HOME="$work/config"
# pass, fail, check_steps (each test here is a function of several steps)
# and report_summary: the project's test library.
# shellcheck source=tests/lib/report.sh
. "$here/../../tests/lib/report.sh"

# not COMMAND...: succeeds when COMMAND fails (unlike `!`, which set -e
# does not act on).
not() { if "$@"; then return 1; fi; }
# screen_has / file_has: grep -E helpers usable with not.
file_has() { grep -Eq -- "$1" "$2"; }

# Unit tests, counted one by one from their own summary line.
for variant in gcc clang asan; do
	log="$work/unit-$variant.log"
	status=0
	"$out/$variant/unit-tests" >"$log" 2>&1 || status=$?
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)
	if [ -z "$line" ] || [ "$status" -ne 0 ]; then
		fail "unit tests ($variant)"
		sed 's/^/    /' "$log" | tail -n 40
	fi
	if [ -n "$line" ]; then
		p=${line%% passed*} f=${line#*passed, } f=${f%% failed}
		report_passed=$((report_passed + p)) report_failed=$((report_failed + f))
		echo "unit tests ($variant): $line"
		grep '^FAIL' "$log" || true
	fi
done

# shellcheck source=xtop/tests/cli.sh
. "$here/cli.sh"
if command -v tmux >/dev/null; then
	# shellcheck source=xtop/tests/tui.sh
	. "$here/tui.sh"
else
	fail "TUI tests need tmux (make deps)"
fi
# shellcheck source=xtop/tests/vnc.sh
. "$here/vnc.sh"
# shellcheck source=xtop/tests/layers.sh
. "$here/layers.sh"
# shellcheck source=xtop/tests/memcheck.sh
. "$here/memcheck.sh"

echo
report_summary
