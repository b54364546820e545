#!/bin/bash
# Runs the test suites (make check-SUITE for each) CHECK_JOBS at a time,
# then prints the total.  Each suite's output is shown whole when it ends
# (make --output-sync) and kept in $O/test-results/SUITE.log with its status
# (scripts/run-suite.sh).  Every suite ends its output with "N passed, N
# failed"; a suite that fails without one, or never ran because what it
# needs failed to build, counts as one failure.
# Usage: run-checks.sh SUITE...   (the longest first: they start first)
set -eu
[ -n "${O:-}" ] || { echo "run-checks.sh: O, the output directory, is not set; run this through make (make check), which sets it." >&2; exit 2; }
jobs=${CHECK_JOBS:-2}
case $jobs in '' | *[!0-9]* | 0*) echo "run-checks.sh: CHECK_JOBS='$jobs' is not a number of suites to run at once; use e.g. CHECK_JOBS=2, or 1 for one after another" >&2; exit 2 ;; esac
# One accelerator for every suite, decided (and printed) once.
accel=$("$(dirname "$0")/accel.sh" "${ACCEL:-auto}")
export ACCEL=$accel
echo "accelerator: $accel"
results=$O/test-results
mkdir -p "$results"
for suite in "$@"; do rm -f "$results/$suite.log" "$results/$suite.status"; done
echo "running ${#@} suites, $jobs at a time: $*"
# The suites get a jobserver of their own, CHECK_JOBS wide, not make check's.
MAKEFLAGS=$(sed -E 's/(^| )-j[0-9]*( |$)/\1/; s/ ?--jobserver-(auth|fds)=[^ ]*//' <<<"${MAKEFLAGS:-}")
export MAKEFLAGS
# -k: a suite that fails, or cannot be built, does not stop the others.
make --no-print-directory -k -j"$jobs" --output-sync=recurse "${@/#/check-}" || true

total_pass=0 total_fail=0 failed_suites=()
for suite in "$@"; do
	log=$results/$suite.log status=1 pass=0 fail=0 line=""
	[ ! -f "$results/$suite.status" ] || status=$(cat "$results/$suite.status")
	[ ! -f "$log" ] || line=$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1 || true)
	if [ -n "$line" ]; then
		pass=$(echo "$line" | sed -E 's/^([A-Za-z-]+: )?([0-9]+) passed.*/\2/')
		fail=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	fi
	if [ "$status" != 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi
	[ "$fail" -eq 0 ] || failed_suites+=("$suite")
	total_pass=$((total_pass + pass)) total_fail=$((total_fail + fail))
	if [ -f "$results/$suite.status" ]; then
		echo "suite $suite: $pass passed, $fail failed"
	else
		echo "suite $suite: did not run (what it needs failed to build; see above)"
	fi
done
echo
[ "${#failed_suites[@]}" -eq 0 ] || echo "failing suites: ${failed_suites[*]} (logs in $results)"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
