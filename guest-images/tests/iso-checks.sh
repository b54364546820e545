#!/bin/bash
# check-guests: boots the Xen Live ISO in QEMU/TCG and runs the demo-guest
# checks (dom0/guest-tests.sh) in its dom0, one suite at a time, each with
# its own time limit.  The scripts reach dom0 on a second CD-ROM.
#   iso-checks.sh ISO [--memory MB] [--script FILE] [--limit [SUITE=]SECONDS]... [SUITE...]
# Memory defaults to 1024 MB: small enough that the "fill" suite runs out
# of guest memory quickly.  --script runs FILE instead of guest-tests.sh
# (the benchmarks use it).  --limit sets how long a suite (every suite,
# without SUITE=) may take; the caller knows its suites, so a --script
# brings its own limits.  Logs stay under $O/tests/guests.
# Ends with "N passed, N failed".
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=../../tests/lib/report.sh
. "$top/tests/lib/report.sh"
# shellcheck source=../../tests/lib/console.sh
. "$top/tests/lib/console.sh"
# shellcheck source=../../tests/lib/boot-stages.sh
. "$top/tests/lib/boot-stages.sh"

usage="usage: iso-checks.sh ISO [--memory MB] [--script FILE] [--limit [SUITE=]SECONDS]... [SUITE...]"
[ "$#" -ge 1 ] || { echo "$usage" >&2; exit 2; }
iso=$1; shift
[ -f "$iso" ] || { echo "iso-checks: $iso does not exist; build it with 'make iso'." >&2; exit 2; }
iso=$(realpath "$iso")
memory=${GUESTS_TEST_MEMORY:-1024} script=$here/dom0/guest-tests.sh
declare -A limits=()
while [ "$#" -gt 0 ]; do
	case $1 in
	--memory) memory=$2; shift 2 ;;
	--script) script=$2; shift 2 ;;
	--limit)
		[[ ${2:-} =~ ^(([a-z0-9:_-]+)=)?([1-9][0-9]*)$ ]] ||
			{ echo "iso-checks: --limit takes SECONDS or SUITE=SECONDS, not '${2:-}'; $usage" >&2; exit 2; }
		limits[${BASH_REMATCH[2]:-*}]=${BASH_REMATCH[3]}
		shift 2 ;;
	*) break ;;
	esac
done
# HVM first, on an empty host: an HVM guest's live migration needs twice
# its memory.  screen-check, stick-in and stick-out are steps of this
# script (the PC's screen and its USB port), between dom0's suites.
[ "$#" -gt 0 ] || set -- hvm hvm-screen-on screen-check hvm-screen-off stick-in hvm-media stick-out hvm-unplugged \
	basic isolation control bad ssh crash catalog autospawn fill soak cleanup
[ -n "${O:-}" ] || { echo "iso-checks.sh: O, the output directory, is not set; run this through make (make check-guests), which sets it." >&2; exit 2; }
out=$O/tests/guests
mkdir -p "$out"
payload=$(mktemp -d "${TMPDIR:-/tmp}/guests-payload.XXXXXX")
trap 'console_stop; rm -rf "$payload"' EXIT

mkdir "$payload/files"
cp "$here"/dom0/*.sh "$here"/dom0/*.py "$top/tests/lib/report.sh" "$payload/files/"
[ -e "$payload/files/$(basename "$script")" ] || cp "$script" "$payload/files/"
payload_cd "$payload/files" "$payload/tests.iso"

# A visitor's USB stick: FAT, holding a tiny bootable CD image (isolinux,
# which answers on the serial port with its default label's name).  It is
# attached writable, so that anything writing to it would show in its
# sha256 after the run.
make_stick() {
	local tree=$payload/tiny
	mkdir -p "$tree/isolinux"
	cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$tree/isolinux/"
	printf 'SERIAL 0 115200\nSAY a visitor CD image\nPROMPT 1\nTIMEOUT 0\nDEFAULT xenlive-tiny-iso\n' >"$tree/isolinux/isolinux.cfg"
	xorriso -as mkisofs -quiet -o "$payload/tiny.iso" -b isolinux/isolinux.bin -c isolinux/boot.cat \
		-no-emul-boot -boot-load-size 4 -boot-info-table "$tree" 2>/dev/null
	truncate -s 64M "$payload/stick.img"
	mkfs.vfat -n VISITOR "$payload/stick.img" >/dev/null
	mmd -i "$payload/stick.img" ::/isos
	mcopy -i "$payload/stick.img" "$payload/tiny.iso" ::/isos/tiny.iso
	stick_sum=$(sha256sum <"$payload/stick.img")
}
make_stick

stick_in() {
	console_monitor "drive_add 0 if=none,id=stick,format=raw,file=$payload/stick.img"
	console_monitor "device_add usb-storage,drive=stick,bus=xhci.0,id=stickdev,removable=on"
	# shellcheck disable=SC2016 # expanded by dom0's shell
	check_on_console "a USB stick plugged in shows up in dom0" \
		'for i in $(seq 60); do [ -b /dev/sda ] && break; sleep 1; done; lsblk -nrpo NAME,FSTYPE /dev/sda' vfat 120
}
stick_out() {
	console_monitor "device_del stickdev"
	# shellcheck disable=SC2016 # expanded by dom0's shell
	check_on_console "the stick pulled out is gone from dom0" \
		'for i in $(seq 60); do [ -b /dev/sda ] || break; sleep 1; done; [ ! -b /dev/sda ] && echo gone' gone 120
	if [ "$(sha256sum <"$payload/stick.img")" = "$stick_sum" ]; then
		pass "$mode: the visitor's stick is unchanged (sha256) after its image ran as a guest"
	else
		fail "$mode: the visitor's stick was written to"
	fi
}

# The PC's screen while xenlive-vnc shows the HVM guest's on tty3: its
# 720x400 text screen sits in the middle of dom0's 1024x768 framebuffer.
# Then Ctrl-] on the PC's keyboard leaves.
screen_guest_text() { # LABEL: OCR of the guest's screen in $screen_text
	local png=$out/screens/hvm-$1.png i
	mkdir -p "$out/screens"
	rm -f "$png"
	console_monitor "screendump $png -f png"
	for ((i = 0; i < 50; i++)); do [ -s "$png" ] && break; sleep 0.2; done
	convert "$png" -gravity center -crop 720x400+0+0 +repage "${png%.png}-guest.png" 2>/dev/null || true
	screen_text=$("$top/tests/lib/screen-ocr.sh" "${png%.png}-guest.png" 25 || true)
	printf '%s\n' "$screen_text" >"${png%.png}.txt"
}
screen_check() {
	local i
	for ((i = 0; i < 10; i++)); do
		screen_guest_text boot
		grep -qE 'on a plain PC|debian-pc-1 login' <<<"$screen_text" && break
		sleep 3
	done
	if grep -qE 'on a plain PC|debian-pc-1 login' <<<"$screen_text"; then
		pass "$mode: the HVM guest's screen is on the PC's screen (OCR: its boot loader's words or its login)"
	else
		fail "$mode: the HVM guest's screen is not on the PC's screen (OCR: $(head -c 200 <<<"$screen_text" | tr '\n' '|'))"
	fi
	# Ctrl-] is xenlive-vnc's; the guest gets no key (keys have made a Linux
	# HVM guest triple-fault under QEMU/TCG's nested SVM).
	console_sendkeys 0 ctrl-bracket_right
}

# Seconds a suite may take under TCG on a busy machine: the caller's
# --limit, else guest-tests.sh's own (a Debian guest alone needs about a
# minute to reach its login prompt there).
suite_limit() {
	if [ -n "${limits[$1]:-}" ]; then echo "${limits[$1]}"
	elif [ -n "${limits['*']:-}" ]; then echo "${limits['*']}"
	else case $1 in bad | autospawn | catalog | crash | cleanup) echo 600 ;; soak:[0-9]*) echo $((10#${1#soak:} * 120 + 1200)) ;; *) echo 1500 ;; esac
	fi
}

# Runs one suite in dom0 and turns its PASS/FAIL lines into ours; the
# indented lines (timings, what a guest printed) are shown as they are.
# Another --script (a benchmark) has all its output shown.
run_suite() {
	local suite=$1 output status=0 start=$SECONDS
	output=$(console_run "/mnt/xlt/$(basename "$script") $suite" "$(suite_limit "$suite")") || status=$?
	if [ "$script" != "$here/dom0/guest-tests.sh" ]; then
		echo "$output"
		# The shell is still busy with it: nothing more can be typed there.
		[ "$status" -ne 125 ] || { fail "$mode: $suite did not finish within $(suite_limit "$suite") s (log $CONSOLE_LOG)"; return 1; }
		return 0
	fi
	while IFS= read -r line; do
		case $line in
		"PASS "*) pass "$mode: ${line#PASS }" ;;
		"FAIL "*) fail "$mode: ${line#FAIL }" ;;
		"  "* | "=== "*) echo "$line" ;;
		esac
	done <<<"$output"
	if [ "$status" -eq 125 ]; then
		fail "$mode: suite $suite did not finish within $(suite_limit "$suite") s (log $CONSOLE_LOG)"
		return 1
	fi
	if ! grep -qE '^[0-9]+ passed, [0-9]+ failed' <<<"$output"; then
		fail "$mode: suite $suite ended without its summary (exit $status)"
	fi
	echo "  suite $suite: $((SECONDS - start)) s"
}

run_all() {
	boot_to_dom0 guests --memory "$memory" --data-cd "$payload/tests.iso" --usb-port || return 1
	console_run 'dmesg -n 1' 60 >/dev/null || true
	check_on_console "test scripts mounted from the second CD-ROM" \
		'mkdir -p /mnt/xlt && mount -o ro LABEL=XLTESTS /mnt/xlt && ls /mnt/xlt' "$(basename "$script")" 120
	for suite in "$@"; do
		case $suite in
		screen-check) screen_check ;;
		stick-in) stick_in ;;
		stick-out) stick_out ;;
		*) run_suite "$suite" || return 1 ;;
		esac
	done
}
with_stall_retry run_all "$@" || true
no_fatal_output
report_summary
