#!/bin/bash
# Runs one test suite, the command of a check-NAME recipe: its output also
# goes to $O/test-results/NAME.log and its exit status to NAME.status, which
# scripts/run-checks.sh sums when make check ran the suites side by side.
# Usage (in a recipe): scripts/run-suite.sh NAME COMMAND [ARGS...]
set -eu
# The suite's status is the command's, not tee's.
set -o pipefail
[ -n "${O:-}" ] || { echo "run-suite.sh: O, the output directory, is not set; run this through make (make check-SUITE), which sets it." >&2; exit 2; }
[ $# -ge 2 ] || { echo "usage: run-suite.sh NAME COMMAND [ARGS...]" >&2; exit 2; }
name=$1; shift
results=$O/test-results
mkdir -p "$results"
rm -f "$results/$name.status"
echo "=== suite $name"
status=0
"$@" 2>&1 | tee "$results/$name.log" || status=$?
echo "$status" >"$results/$name.status"
exit "$status"
