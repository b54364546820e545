#!/bin/bash
# check-guests: boots the Xen Live ISO in QEMU/TCG and runs the demo-guest
# checks (dom0/guest-tests.sh) in its dom0 over the serial console.
#   iso-checks.sh ISO [--tree TREE [--debs DIR]] [--memory MB] [--log FILE]
#                 [--script FILE] [SUITE...]
# --tree TREE also puts a guests tree on the test medium and installs it in
# dom0 first (for ISOs built without the guests), with the .debs of DIR
# (e.g. dnsmasq-base for an older ISO).  --script runs FILE (copied to the
# test medium) instead of dom0/guest-tests.sh.  The machine has no NIC.
# Ends with "N passed, N failed".
set -eu
here=$(cd "$(dirname "$0")" && pwd)
iso=$1; shift
tree="" debs="" memory=2048 log="" script=$here/dom0/guest-tests.sh
while [ "$#" -gt 0 ]; do
	case $1 in
	--tree) tree=$2; shift 2 ;;
	--debs) debs=$2; shift 2 ;;
	--memory) memory=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--script) script=$2; shift 2 ;;
	*) break ;;
	esac
done
[ -f "$iso" ] || { echo "iso-checks: $iso does not exist; build it with 'make iso'." >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/guests-iso.XXXXXX")
qemu_pid=""
cleanup() {
	[ -z "$qemu_pid" ] || kill "$qemu_pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

mkdir -p "$tmp/payload"
cp "$here"/dom0/*.sh "$here"/dom0/*.py "$tmp/payload/"
[ -f "$tmp/payload/$(basename "$script")" ] || cp "$script" "$tmp/payload/"
args=""
if [ -n "$tree" ]; then
	cp -a "$tree" "$tmp/payload/tree"
	args="--tree /mnt/xlt/tree"
	if [ -n "$debs" ]; then
		mkdir "$tmp/payload/debs"
		cp "$debs"/*.deb "$tmp/payload/debs/"
	fi
fi
xorriso -as mkisofs -quiet -R -V XLTESTS -o "$tmp/payload.iso" "$tmp/payload" 2>/dev/null

accel=(-accel tcg -cpu "qemu64,+svm")
[ -r /dev/kvm ] && [ -w /dev/kvm ] && accel=(-accel kvm -cpu host)
qemu-system-x86_64 -nic none "${accel[@]}" -m "$memory" -smp 2 -display none -no-reboot \
	-drive "file=$iso,if=ide,index=2,media=cdrom,readonly=on,format=raw" \
	-drive "file=$tmp/payload.iso,if=ide,index=3,media=cdrom,readonly=on,format=raw" \
	-boot order=d -serial "unix:$tmp/serial,server=on,wait=off" -monitor none &
qemu_pid=$!

[ -n "$log" ] || log=$tmp/console.log
rc=0
python3 "$here/serial-session.py" "$tmp/serial" "${GUESTS_TEST_TIMEOUT:-2400}" \
	"mkdir -p /mnt/xlt && mount -o ro LABEL=XLTESTS /mnt/xlt" \
	"/mnt/xlt/$(basename "$script") $args $*" >"$log" 2>&1 || rc=$?
grep -E '^(PASS|FAIL|  )' "$log" | tr -d '\r' || true
kill "$qemu_pid" 2>/dev/null || true
wait "$qemu_pid" 2>/dev/null || true
qemu_pid=""
summary=$(tr -d '\r' <"$log" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1 || true)
if [ -z "$summary" ]; then
	tail -n 40 "$log" | tr -d '\r'
	echo "iso-checks: the checks did not complete (exit $rc; console log above)"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "$summary"
[ "$rc" -eq 0 ]
