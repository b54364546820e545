#!/bin/bash
# Runs each test suite (make check-SUITE), keeps its log under
# $O/test-results, then prints the total.  Every suite ends its output with
# "N passed, N failed"; a suite that fails without one counts as one failure.
set -eu
# A suite's status is make's, not tee's.
set -o pipefail
[ -n "${O:-}" ] || { echo "run-checks.sh: O, the output directory, is not set; run this through make (make check), which sets it." >&2; exit 2; }
# One accelerator for every suite, decided (and printed) once.
accel=$("$(dirname "$0")/accel.sh" "${ACCEL:-auto}")
export ACCEL=$accel
echo "accelerator: $accel"
results=$O/test-results
mkdir -p "$results"
total_pass=0 total_fail=0 failed_suites=()
for suite in "$@"; do
	echo "=== suite $suite"
	status=0
	make --no-print-directory "check-$suite" 2>&1 | tee "$results/$suite.log" || status=$?
	line=$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$results/$suite.log" | tail -n 1 || true)
	pass=0 fail=0
	if [ -n "$line" ]; then
		pass=$(echo "$line" | sed -E 's/^([A-Za-z-]+: )?([0-9]+) passed.*/\2/')
		fail=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	fi
	if [ "$status" -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi
	[ "$fail" -eq 0 ] || failed_suites+=("$suite")
	total_pass=$((total_pass + pass)) total_fail=$((total_fail + fail))
done
echo
[ "${#failed_suites[@]}" -eq 0 ] || echo "failing suites: ${failed_suites[*]} (logs in $results)"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
