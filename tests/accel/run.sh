#!/bin/bash
# The accelerator choice (scripts/accel.sh, run-qemu.sh --accel) against a
# QEMU stand-in that behaves like the real one on hosts where KVM works,
# where it stops with "KVM internal error ... emulation failure", where it
# hangs silently and where it cannot open the device; /dev/kvm is a plain
# file of the test's.  No real QEMU runs, so the suite takes seconds.
# No set -e: each check is a chain of conditions whose status is the verdict.
set -u
# The suite sets ACCEL itself; make check exports the one it chose.
unset ACCEL
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=../lib/report.sh
. "$here/../lib/report.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The stand-in: records every run (not --version) in $STANDIN_LOG; under
# -accel kvm it acts as $STANDIN_KVM says; under TCG it just exits.
cat >"$work/qemu" <<'SH'
#!/bin/bash
if [ "${1:-}" = --version ]; then echo "QEMU emulator version 7.2.99 (stand-in)"; exit 0; fi
echo "$*" >>"$STANDIN_LOG"
# Only the probe (firmware, serial into a file) under KVM acts; a boot just records.
serial=$(printf '%s\n' "$@" | sed -n 's/^file://p' | head -n 1)
case " $* " in *" -accel kvm "*) [ -n "$serial" ] || exit 0 ;; *) exit 0 ;; esac
case "$STANDIN_KVM" in
works) echo 'BdsDxe: loading Boot0001 "EFI Internal Shell"' >"$serial"; sleep 30 ;;
broken) printf 'KVM internal error. Suberror: 1\nemulation failure\nEIP=fffced45\n' >&2; sleep 30 ;;
silent) sleep 30 ;;
denied) echo 'Could not access KVM kernel module: Permission denied' >&2; exit 1 ;;
esac
SH
chmod +x "$work/qemu"
: >"$work/kvm"
export XENLIVE_QEMU=$work/qemu XENLIVE_KVM_DEVICE=$work/kvm STANDIN_LOG=$work/runs
export XENLIVE_KVM_PROBE_SECONDS=2

# try NAME BEHAVIOUR COMMAND...: runs COMMAND with a fresh probe cache;
# sets out (stdout), err (stderr), rc and runs (the stand-in's runs).
try() {
	export STANDIN_KVM=$2 XENLIVE_CACHE=$work/cache-$1
	: >"$STANDIN_LOG"
	rc=0
	out=$("${@:3}" 2>"$work/err") || rc=$?
	err=$(cat "$work/err") runs=$(cat "$STANDIN_LOG")
}
expect() {  # NAME CONDITION-STATUS
	if [ "$2" -eq 0 ]; then pass "$1"; else fail "$1 (exit $rc; stdout '$out'; stderr '$err'; runs '$runs')"; fi
}
lines() { if [ -z "$1" ]; then echo 0; else grep -c '' <<<"$1"; fi; }

try broken broken "$top/scripts/accel.sh" auto
[ "$rc" = 0 ] && [ "$out" = tcg ] && [ "$(lines "$err")" = 1 ] &&
	grep -q '^accel: KVM present but not working here (KVM internal error, emulation failure in the UEFI firmware); using TCG, which is slow\.$' <<<"$err"
expect "auto: KVM that stops with an emulation failure falls back to TCG, saying why in one line" $?

try silent silent "$top/scripts/accel.sh" auto
[ "$rc" = 0 ] && [ "$out" = tcg ] && grep -q 'printed nothing within 2 s); using TCG' <<<"$err"
expect "auto: KVM that hangs silently falls back to TCG after the probe's time-out" $?

try denied denied "$top/scripts/accel.sh" auto
[ "$rc" = 0 ] && [ "$out" = tcg ] && grep -q 'QEMU with KVM exited: Could not access KVM kernel module' <<<"$err"
expect "auto: KVM that QEMU cannot open falls back to TCG with QEMU's reason" $?

try works works "$top/scripts/accel.sh" auto
[ "$rc" = 0 ] && [ "$out" = kvm ] && [ -z "$err" ] && grep -q -- '-accel kvm -cpu host' <<<"$runs"
expect "auto: KVM that runs the firmware to its boot manager is used, silently" $?

try works works "$top/scripts/accel.sh" auto
[ "$out" = kvm ] && [ -z "$runs" ]
expect "auto: the verdict is cached for this boot of the host (no second probe)" $?

try nodev works env XENLIVE_KVM_DEVICE="$work/no-such-kvm" "$top/scripts/accel.sh" auto
[ "$rc" = 0 ] && [ "$out" = tcg ] && [ -z "$runs" ] && grep -q "no KVM here (no $work/no-such-kvm); using TCG" <<<"$err"
expect "auto: no /dev/kvm means TCG without running QEMU" $?

try tcg works "$top/scripts/accel.sh" tcg
[ "$rc" = 0 ] && [ "$out" = tcg ] && [ -z "$err" ] && [ -z "$runs" ]
expect "tcg: KVM is not tried" $?

try kvm-broken broken "$top/scripts/accel.sh" kvm
[ "$rc" = 1 ] && [ -z "$out" ] && [ "$(lines "$err")" = 1 ] && grep -q '^accel: ACCEL=kvm, but KVM does not work here (KVM internal error' <<<"$err"
expect "kvm: where KVM fails, one sentence and exit 1" $?

try bad works "$top/scripts/accel.sh" fast
[ "$rc" = 2 ] && [ -z "$out" ] && [ "$(lines "$err")" = 1 ] && grep -q "^accel: ACCEL must be auto, kvm or tcg, not 'fast'\.$" <<<"$err"
expect "a bad ACCEL value: one sentence and exit 2" $?

# run-qemu.sh: the command line the stand-in finally receives.
try rq-broken broken "$top/scripts/run-qemu.sh" --memory 1024
final=$(tail -n 1 <<<"$runs")
[ "$rc" = 0 ] && grep -q -- '-accel tcg -cpu qemu64,+svm' <<<"$final" && grep -q -- '-nic none' <<<"$final" && grep -q 'not working here' <<<"$err"
expect "run-qemu (ACCEL unset = auto) with broken KVM boots under TCG with -cpu qemu64,+svm" $?

try rq-works works "$top/scripts/run-qemu.sh" --memory 1024 --accel auto
[ "$rc" = 0 ] && grep -q -- '-accel kvm -cpu host' <<<"$(tail -n 1 <<<"$runs")"
expect "run-qemu --accel auto with working KVM boots under KVM" $?

try rq-tcg works env ACCEL=tcg "$top/scripts/run-qemu.sh" --memory 1024
[ "$rc" = 0 ] && [ "$(lines "$runs")" = 1 ] && ! grep -q kvm <<<"$runs" && grep -q -- '-accel tcg' <<<"$runs"
expect "run-qemu with ACCEL=tcg runs QEMU once, never with KVM" $?

try rq-kvm broken "$top/scripts/run-qemu.sh" --memory 1024 --accel kvm
[ "$rc" != 0 ] && ! grep -q -- '-accel tcg' <<<"$runs" && [ "$(lines "$err")" = 1 ] && grep -q 'ACCEL=kvm, but KVM does not work here' <<<"$err"
expect "run-qemu --accel kvm with broken KVM: one sentence, non-zero, no boot" $?

try rq-bad works "$top/scripts/run-qemu.sh" --accel hvf
[ "$rc" = 2 ] && [ -z "$runs" ] && grep -q "ACCEL must be auto, kvm or tcg, not 'hvf'" <<<"$err"
expect "run-qemu --accel with a bad value: one sentence, no QEMU" $?

# The make targets hand ACCEL on.
rc=0 err="" runs=""
out=$(make -C "$top" --no-print-directory -n run ACCEL=tcg 2>&1 | tr -d '\\\n' | grep -o 'run-qemu\.sh.*' || true)
grep -q -- '--accel tcg' <<<"$out"
expect "make run ACCEL=tcg passes --accel tcg to run-qemu.sh" $?

report_summary
