#!/bin/bash
# Static checks: shellcheck on every shell script; every Python file
# compiled (py_compile) and linted (pyflakes3); and a dry run (make -n) of
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

# Python: *.py and scripts whose first line names python3.  The bytecode
# goes to a folder of its own, not beside the sources.
mapfile -t pythons < <(git ls-files | while read -r f; do
	case "$f" in *.py) echo "$f" ;; *) head -n1 "$f" 2>/dev/null | grep -qE '^#!.*\bpython3\b' && echo "$f" ;; esac
done | sort -u)
pycache=$(mktemp -d)
trap 'rm -rf "$pycache"' EXIT
for f in "${pythons[@]}"; do
	if out=$(PYTHONPYCACHEPREFIX=$pycache python3 -m py_compile "$f" 2>&1); then pass "py_compile $f"; else fail "py_compile $f"; echo "$out"; fi
	if out=$(pyflakes3 "$f" 2>&1); then pass "pyflakes3 $f"; else fail "pyflakes3 $f"; echo "$out"; fi
done

for target in iso run check bench clean help deps pins; do
	if out=$(make -n "$target" 2>&1 >/dev/null); then pass "make -n $target"; else fail "make -n $target"; echo "$out"; fi
done
report_summary
