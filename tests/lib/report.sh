# shellcheck shell=bash
# The test library every shell suite uses, on the build host and inside a
# booted dom0 (copied onto the test payload CD).  Source it, count results
# with pass/fail (or check/refused), end with `report_summary`, which
# prints "N passed, N failed" and returns non-zero on any failure.
report_passed=0
report_failed=0
report_err=""
pass() { report_passed=$((report_passed + 1)); echo "PASS $*"; }
fail() { report_failed=$((report_failed + 1)); echo "FAIL $*"; }
indent() { sed 's/^/  | /'; }

# check NAME COMMAND...: passes when COMMAND succeeds.  COMMAND runs in this
# shell (what it sets stays set) and its output passes through; a failure
# adds the last lines of its stderr and its exit status.  With
# CHECK_QUIET=1 (suites whose commands are refusals meant to be seen only
# when they go wrong) its output is kept too and shown only on failure.
check() {
	local name=$1 rc=0
	shift
	[ -n "$report_err" ] || report_err=$(mktemp "${TMPDIR:-/tmp}/check-err.XXXXXX")
	if [ "${CHECK_QUIET:-0}" = 1 ]; then
		"$@" >"$report_err" 2>&1 || rc=$?
	else
		"$@" 2>"$report_err" || rc=$?
	fi
	if [ "$rc" -eq 0 ]; then
		pass "$name"
		return 0
	fi
	fail "$name"
	{ tail -n "$([ "${CHECK_QUIET:-0}" = 1 ] && echo 15 || echo 3)" "$report_err"; echo "(exit $rc)"; } | indent
	return 0
}

# check_steps NAME COMMAND...: a test of several steps (a function): it
# runs in a subshell under set -e, so its first failing step ends it
# (inside an `if` bash would ignore set -e); its output is shown only on
# failure.
check_steps() {
	local name=$1 log status
	shift
	log=$(mktemp "${TMPDIR:-/tmp}/check-steps.XXXXXX")
	set +e
	(set -e; "$@") >"$log" 2>&1
	status=$?
	set -e
	if [ "$status" -eq 0 ]; then pass "$name"; else fail "$name"; indent <"$log" | tail -n 40; fi
	rm -f "$log"
}

# refused NAME COMMAND...: passes when COMMAND fails, and shows the line
# that says why (programs' own clean-up noise follows it).
refused() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then fail "$name"; else pass "$name"; fi
	{ grep -m 1 -E 'error|^[a-z][a-z0-9-]*: ' <<<"$out" || tail -n 1 <<<"$out"; } | indent
}

# payload_cd DIR ISO: DIR's files on a small CD (label XLTESTS) that a
# booted dom0 mounts to run a suite's scripts.
payload_cd() {
	xorriso -as mkisofs -quiet -R -V XLTESTS -o "$2" "$1" 2>/dev/null
}

report_summary() {
	[ -z "$report_err" ] || rm -f "$report_err"
	echo "$report_passed passed, $report_failed failed"
	[ "$report_failed" -eq 0 ]
}
