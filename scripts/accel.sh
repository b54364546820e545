#!/bin/bash
# Picks QEMU's accelerator: prints "kvm" or "tcg".  Usage: accel.sh [auto|kvm|tcg]
#
#   auto  KVM only when a probe proves it runs a guest, otherwise TCG, with
#         one line on stderr saying why;
#   kvm   KVM, or one sentence and exit 1 when the probe fails;
#   tcg   TCG; KVM is not tried.
#
# A /dev/kvm that opens is not enough: nested or partial KVM (cloud VMs, CI
# runners) may stop at the first instruction it cannot emulate ("KVM
# internal error ... emulation failure").  The probe boots the UEFI firmware
# (OVMF) under KVM for a few seconds and wants the line its boot manager
# prints ("BdsDxe: ..."): by then the firmware has run real mode, 32- and
# 64-bit code and the FPU, where broken nested KVM gives up.
#
# The verdict is cached in $XENLIVE_CACHE/kvm-probe for this boot of the
# host and this QEMU, so the many QEMUs a test run starts probe once.
# For tests: XENLIVE_QEMU (QEMU binary), XENLIVE_KVM_DEVICE (default
# /dev/kvm), XENLIVE_KVM_PROBE_SECONDS (default 20).
set -eu
# shellcheck source=scripts/cache-dir.sh
. "$(dirname "$0")/cache-dir.sh"
mode=${1:-auto}
qemu=${XENLIVE_QEMU:-qemu-system-x86_64}
device=${XENLIVE_KVM_DEVICE:-/dev/kvm}
limit=${XENLIVE_KVM_PROBE_SECONDS:-20}
ovmf_code=/usr/share/OVMF/OVMF_CODE_4M.fd ovmf_vars=/usr/share/OVMF/OVMF_VARS_4M.fd

case "$mode" in
auto|kvm|tcg) ;;
*) echo "accel: ACCEL must be auto, kvm or tcg, not '$mode'." >&2; exit 2 ;;
esac
case "$limit" in ''|*[!0-9]*|0) echo "accel: XENLIVE_KVM_PROBE_SECONDS must be a positive number, not '$limit'." >&2; exit 2 ;; esac
if [ "$mode" = tcg ]; then echo tcg; exit 0; fi

# probe: sets reason and returns 0 when KVM ran the firmware to its boot manager.
probe() {
	reason=""
	if [ ! -e "$device" ]; then reason="no $device"; return 1; fi
	if [ ! -r "$device" ] || [ ! -w "$device" ]; then reason="$device is not readable and writable by $(id -un)"; return 1; fi
	if [ ! -f "$ovmf_code" ]; then reason="the UEFI firmware $ovmf_code used to probe it is missing (package ovmf)"; return 1; fi
	local dir pid status=0 deadline first
	dir=$(mktemp -d)
	# Not inherited by the caller's traps: this function cleans up itself.
	"$qemu" -accel kvm -cpu host -m 64 -nodefaults -display none -nic none \
		-drive "if=pflash,format=raw,unit=0,readonly=on,file=$ovmf_code" \
		-drive "if=pflash,format=raw,unit=1,file=$ovmf_vars,snapshot=on" \
		-serial "file:$dir/serial" >"$dir/stderr" 2>&1 </dev/null &
	pid=$!
	deadline=$((SECONDS + limit))
	while :; do
		if grep -qa 'BdsDxe' "$dir/serial" 2>/dev/null; then break; fi
		if grep -qa 'KVM internal error' "$dir/stderr"; then
			reason="KVM internal error$(grep -qa 'emulation failure' "$dir/stderr" && echo ', emulation failure') in the UEFI firmware"
			status=1; break
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			first=$(grep -av '^$' "$dir/stderr" | head -n 1)
			reason="QEMU with KVM exited${first:+: $first}"
			status=1; break
		fi
		if [ "$SECONDS" -ge "$deadline" ]; then
			reason="the UEFI firmware printed nothing within $limit s"
			status=1; break
		fi
		sleep 0.2
	done
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	rm -rf "$dir"
	return "$status"
}

# The cache key: this boot of the host, this QEMU, this device.
key="$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo unknown-boot) $("$qemu" --version 2>/dev/null | head -n 1 | tr -d '\n') $device"
cache=$XENLIVE_CACHE/kvm-probe
verdict="" reason=""
if [ -f "$cache" ] && [ "$(sed -n 1p "$cache")" = "$key" ]; then
	verdict=$(sed -n 2p "$cache") reason=$(sed -n 3p "$cache")
fi
if [ "$verdict" != ok ] && [ "$verdict" != fail ]; then
	if probe; then verdict=ok; else verdict=fail; fi
	# A missing device is not worth remembering: it may appear at any time.
	if [ -e "$device" ] && mkdir -p "$(dirname "$cache")" 2>/dev/null; then
		printf '%s\n%s\n%s\n' "$key" "$verdict" "$reason" >"$cache.tmp.$$"
		mv -f "$cache.tmp.$$" "$cache"
	fi
fi

if [ "$verdict" = ok ]; then echo kvm; exit 0; fi
if [ "$mode" = kvm ]; then
	echo "accel: ACCEL=kvm, but KVM does not work here ($reason); use ACCEL=auto or ACCEL=tcg." >&2
	exit 1
fi
if [ -e "$device" ]; then
	echo "accel: KVM present but not working here ($reason); using TCG, which is slow." >&2
else
	echo "accel: no KVM here ($reason); using TCG, which is slow." >&2
fi
echo tcg
