# shellcheck shell=bash
# Test result bookkeeping for shell test suites.  Source it, call pass/fail,
# end with `report_summary` (prints "N passed, N failed", returns non-zero on
# any failure).
report_passed=0
report_failed=0
pass() { report_passed=$((report_passed + 1)); echo "PASS $*"; }
fail() { report_failed=$((report_failed + 1)); echo "FAIL $*"; }
report_summary() {
	echo "$report_passed passed, $report_failed failed"
	[ "$report_failed" -eq 0 ]
}
