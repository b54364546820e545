#!/bin/bash
# Static checks: shellcheck on every shell script, and a dry run (make -n) of
# every top-level target so a broken rule shows up without a full build.
set -eu
cd "$(dirname "$0")/../.."
. tests/lib/report.sh

mapfile -t scripts < <(git ls-files | while read -r f; do
	case "$f" in *.sh|.ci/run) echo "$f" ;; *) head -n1 "$f" 2>/dev/null | grep -qE '^#!.*\b(ba)?sh\b' && echo "$f" ;; esac
done | sort -u)
for f in "${scripts[@]}"; do
	if out=$(shellcheck -x "$f" 2>&1); then pass "shellcheck $f"; else fail "shellcheck $f"; echo "$out"; fi
done

for target in iso run check bench clean help deps pins; do
	if out=$(make -n "$target" 2>&1 >/dev/null); then pass "make -n $target"; else fail "make -n $target"; echo "$out"; fi
done
report_summary
