#!/bin/bash
# shellcheck disable=SC2154  # pass, fail, check, refused, ... come from guest-tests.sh
# Sourced by guest-tests.sh: HVM guests, any PC operating system unmodified.
#   hvm            the shipped unmodified OS (debian-pc) started as HVM: its
#                  device model, its screen on VNC at 127.0.0.1 only, its
#                  CD booted by the emulated BIOS up to Debian's kernel
#   hvm-os         (make check-hvm-os) Debian's stock kernel logs in on the
#                  serial port, uses nothing of Xen's, is on the network
#                  through an emulated e1000; save/restore and local live
#                  migration keep it running; ACPI shutdown leaves no device
#                  model behind
#   hvm-screen-on  its screen on tty3 through xenlive-vnc (the outer test
#                  reads the PC's screen and leaves with Ctrl-])
#   hvm-screen-off xenlive-vnc gone; the guest destroyed with its device model
#   hvm-media      a visitor's CD image on a USB stick the outer test plugged
#                  in: found by xenlive-media (mounted read-only), booted as
#                  HVM with a RAM disk; without one, save/restore and local
#                  live migration keep it running; bad input refused with
#                  nothing left
#   hvm-uefi       (make check-hvm-os) the visitor's CD under OVMF
#   hvm-unplugged  after the stick is pulled out: its image is gone from the
#                  list and refused, its mount released

hvm_name=debian-pc-1
dm_count() { pgrep -c -f '^/usr/libexec/xen-qemu-system-i386' || true; }
dm_pid() { pgrep -f "^/usr/libexec/xen-qemu-system-i386 -xen-domid $(xl domid "$1") " | head -n 1; }
vnc_port() { xenstore-read "/local/domain/$(xl domid "$1")/console/vnc-port" 2>/dev/null; }
# Every VNC listener (59xx) is on 127.0.0.1.
vnc_on_loopback_only() {
	local listeners
	listeners=$(ss -ltnH | awk '{ print $4 }' | grep -E ':59[0-9][0-9]$' || true)
	echo "$listeners" | indent
	[ -n "$listeners" ] && ! grep -qv '^127\.0\.0\.1:' <<<"$listeners"
}
# NAME REGEX SECONDS [QUIET]: REGEX on NAME's serial port (read as a user
# would, xl console), while NAME runs.  It only listens for the first QUIET
# seconds (240): under QEMU/TCG's nested SVM, keys on the serial line while
# a Linux guest's kernel starts have made it triple-fault; later a key now
# and then brings a prompt back.
serial_shows() {
	local name=$1 regex=$2 secs=$3 quiet=${4:-240} out
	out=$(timeout "$secs" python3 - "$name" "$regex" "$quiet" <<'EOF'
import os, pty, re, select, signal, subprocess, sys, time
name, regex, quiet = sys.argv[1], sys.argv[2].encode(), float(sys.argv[3])
pid, fd = pty.fork()
if pid == 0:
    os.execvp("xl", ["xl", "console", name])
buf = b""
start = last_seen = time.monotonic()
verdict = "no match"
while True:
    now = time.monotonic()
    if now - start > quiet:
        os.write(fd, b"\r")
    # xl console may outlive the domain it shows: ask Xen now and then.
    if now - last_seen > 5:
        last_seen = now
        if subprocess.call(["xl", "domid", name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
            verdict = "gone"
            break
    r, _, _ = select.select([fd], [], [], 2)
    if r:
        try:
            buf += os.read(fd, 4096)
        except OSError:
            verdict = "console closed"
            break
    if re.search(regex, buf):
        verdict = "matched"
        break
os.kill(pid, signal.SIGTERM)
print(verdict)
sys.stdout.write(buf.decode(errors="replace")[-300:])
EOF
)
	grep -q '^matched' <<<"$out" && return 0
	echo "$out" | tail -n 4 | indent >&2
	if gone "$name"; then
		echo "  $name is gone; Xen said: $(xl dmesg | grep -E 'Triple fault|crash' | tail -n 1)" >&2
	else
		echo "  $name still runs, without $regex on its serial port" >&2
	fi
	return 1
}
no_media_left() { # nothing of a user's medium: mounts, loop devices, empty-disk writes
	! findmnt -rn | grep -q /run/xenlive/media && ! losetup -a | grep -q /run/xenlive/media
}

# Under QEMU/TCG's nested SVM (Xen nested in an emulator, never a real PC)
# a Linux HVM guest has triple-faulted now and then, reliably when keys
# arrived on its serial line, with or without Linux's Xen support (nopv).
# So make check's part (suite hvm) asks nothing of debian-pc's Linux: it
# starts, its BIOS boots its CD and the CD's boot loader starts Debian's
# kernel (its words on the PC's screen); what Linux does after that is the
# suite hvm-os's (make check-hvm-os), which such a fault can fail.  Save,
# restore and migration of an HVM guest are checked in make check on the
# visitor's CD (suite hvm-media), whose boot loader waits in the BIOS.

# The login on debian-pc-1's serial port; if it died while starting, Xen's
# words are shown and it is started once more.  No key is sent (QUIET as
# long as the wait): its prompt comes to a console attached from the start.
hvm_boots() {
	serial_shows "$hvm_name" "$hvm_name login:" 600 600 && return 0
	gone "$hvm_name" || return 1
	echo "  (it died while starting, above; starting it once more)" >&2
	xenlive-spawn debian-pc >/dev/null 2>&1 || { echo "  xenlive-spawn debian-pc failed the second time" >&2; return 1; }
	serial_shows "$hvm_name" "$hvm_name login:" 600 600
}

# debian-pc started from the catalogue as HVM, its device model and screen,
# its CD booted by the emulated BIOS; it stays for the screen suites.
suite_hvm() {
	local out id t0
	t0=$(now)
	out=$(xenlive-spawn debian-pc 2>&1)
	check "xenlive-spawn debian-pc starts $hvm_name" said "$hvm_name" "$out"
	echo "  xenlive-spawn debian-pc: $(elapsed "$t0") s"
	id=$(xl domid "$hvm_name" 2>/dev/null)
	check "libxl made it an HVM guest" test "$(xenstore-read "/libxl/$id/type" 2>/dev/null)" = hvm
	check "its device model (Debian's qemu-system-xen) runs in dom0" test -n "$(dm_pid "$hvm_name")"
	check "its screen is served over VNC on 127.0.0.1 only" vnc_on_loopback_only
	# Its first screen, SeaBIOS's and its boot loader's words, is read on
	# the PC's screen by the outer test (screen-check): they come before
	# xl console could attach to its serial port, and waiting there for
	# its login would wait on its Linux.
}

# The shipped unmodified OS at work (make check-hvm-os): Debian's stock
# kernel logs in on the serial port; asked over ssh through its emulated
# e1000, it uses nothing of Xen's; save/restore and local live migration
# keep it running; the ACPI power button stops it.
suite_hvm_os() {
	local out t0 up1 up2 ip rss
	gone "$hvm_name" || xl destroy "$hvm_name" >/dev/null 2>&1
	t0=$(now)
	out=$(xenlive-spawn debian-pc 2>&1)
	check "xenlive-spawn debian-pc starts $hvm_name" said "$hvm_name" "$out"
	check "the emulated BIOS boots its CD: a login on its serial port (xl console)" hvm_boots
	echo "  create -> serial login: $(elapsed "$t0") s"
	check "ssh $hvm_name answers (dom0's key, from XenStore)" wait_ssh "$hvm_name" 180
	# shellcheck disable=SC2016 # expanded by the guest's shell
	out=$(ssh_q "$hvm_name" 'uname -r; findmnt -no SOURCE /run/xenlive/lower; echo xenbound=$(ls -d /sys/bus/xen/devices/*/driver 2>/dev/null | wc -l); echo net=$(basename "$(readlink /sys/class/net/eth0/device/driver)"); cut -d" " -f1 /proc/modules | sort | tr "\n" " "')
	echo "$out" | indent
	check "Debian's stock kernel (not the Xen cloud one)" grep -qE '^6\.[0-9.]+-[0-9]+-amd64$' <<<"$out"
	check "  ... its root image read from its second CD drive" grep -qx /dev/sr1 <<<"$out"
	check "nothing of Xen's in use: no Xen front end bound, eth0 is the emulated e1000" \
		plain_pc "$out"
	check "  ... the emulated PC's drivers: PIIX IDE, CD-ROM, e1000" grep -qE 'ata_piix .*e1000 .*sr_mod' <<<"$out"
	ip=$(guest_ip "$hvm_name" 120 || true)
	check "its emulated e1000 got an address from dom0's DHCP ($ip) and answers ping" ping -c 2 -W 5 "${ip:-none}"
	rss=$(ps -o rss= -p "$(dm_pid "$hvm_name")" 2>/dev/null || echo 0)
	echo "  device model in dom0: $((rss / 1024)) MiB resident"

	up1=$(hvm_uptime "$hvm_name")
	check "xenlive-spawn save $hvm_name (an HVM guest, to RAM)" xenlive-spawn save "$hvm_name"
	check "  ... and restore" xenlive-spawn restore "$hvm_name"
	up2=$(hvm_uptime "$hvm_name")
	echo "  uptime before save ${up1:-?} s, after restore ${up2:-?} s"
	check "  ... it runs on where it stopped (uptime goes on)" test "${up2:-0}" -ge "${up1:-1}"
	t0=$(now)
	check "xl migrate $hvm_name localhost (live, with its device model)" xl migrate "$hvm_name" localhost
	echo "  local live migration: $(elapsed "$t0") s"
	up1=$(hvm_uptime "$hvm_name")
	check "  ... it runs on after the move (uptime goes on)" test "${up1:-0}" -ge "${up2:-1}"
	check "  ... one device model for it, not two" test "$(dm_count)" -eq 1
	t0=$(now)
	xl shutdown "$hvm_name" >/dev/null 2>&1
	wait_until 180 gone "$hvm_name"
	check "xl shutdown: the ACPI power button stops $hvm_name ($(elapsed "$t0") s)" gone "$hvm_name"
	check "  ... and its device model with it" test "$(dm_count)" -eq 0
}

suite_hvm_screen_on() {
	local port
	port=$(vnc_port "$hvm_name")
	# tty3, as xtop's c does it on tty1; the test's shell is the serial line.
	setsid sh -c "exec xenlive-vnc 127.0.0.1 $port </dev/tty3 >/dev/tty3 2>/tmp/xenlive-vnc.err" &
	sleep 1
	python3 -c 'import fcntl, os; fd = os.open("/dev/tty0", os.O_RDWR); fcntl.ioctl(fd, 0x5606, 3); fcntl.ioctl(fd, 0x5607, 3)'
	check "xenlive-vnc shows $hvm_name's screen (VNC port $port) on tty3" pgrep -x xenlive-vnc
}

suite_hvm_screen_off() {
	local i=0
	while pgrep -x xenlive-vnc >/dev/null && [ "$i" -lt 20 ]; do sleep 0.5; i=$((i + 1)); done
	check "Ctrl-] on the PC's keyboard ended xenlive-vnc" not_running xenlive-vnc
	indent </tmp/xenlive-vnc.err 2>/dev/null
	pkill -x xenlive-vnc 2>/dev/null || true
	python3 -c 'import fcntl, os; fd = os.open("/dev/tty0", os.O_RDWR); fcntl.ioctl(fd, 0x5606, 1); fcntl.ioctl(fd, 0x5607, 1)'
	xl destroy "$hvm_name" >/dev/null 2>&1
	check "xl destroy: $hvm_name is gone" gone "$hvm_name"
	check "  ... and its device model with it" test "$(dm_count)" -eq 0
}
hvm_uptime() { ssh_q "$1" 'cut -d. -f1 /proc/uptime'; }
said() { # LINE OUTPUT: OUTPUT has LINE, or is shown
	grep -qx "$1" <<<"$2" && return 0
	echo "$2" | tail -n 5 | indent >&2
	return 1
}
not_running() { ! pgrep -x "$1" >/dev/null; }
plain_pc() { grep -qx xenbound=0 <<<"$1" && grep -qx net=e1000 <<<"$1"; }
gone() { ! xl domid "$1" >/dev/null 2>&1; }

suite_hvm_media() {
	local list iso out n0
	list=$(xenlive-media list 2>&1)
	echo "$list" | indent
	iso=$(grep '/isos/tiny\.iso$' <<<"$list" | head -n 1)
	check "xenlive-media finds the CD image on the stick" test -n "$iso"
	check "  ... mounted read-only" sh -c "findmnt -no OPTIONS --target '$iso' | grep -q '^ro'"
	# 64 MiB: a save of it fits dom0's RAM, so what refuses it is its disk.
	out=$(xenlive-spawn iso "$iso" --disk 64 --memory 64 2>&1)
	check "xenlive-spawn iso $iso --disk 64 --memory 64 starts tiny-1" said tiny-1 "$out"
	check "the guest's BIOS boots the visitor's CD (its isolinux answers on the serial port)" \
		serial_shows tiny-1 'a visitor CD image|xenlive-tiny-iso' 300 20
	check "  ... its RAM disk is behind -snapshot (the medium is read-only for it)" \
		grep -q -- '-snapshot' "/proc/$(dm_pid tiny-1)/cmdline"
	out=$(xenlive-spawn save tiny-1 2>&1)
	echo "$out" | indent
	check "saving it is refused in one sentence: its disk writes live only in its device model" \
		grep -q 'disk writes live only in its device model' <<<"$out"
	check "  ... and it still runs" xl domid tiny-1
	xl destroy tiny-1 >/dev/null 2>&1
	check "destroyed, its device model is gone" test "$(dm_count)" -eq 0

	# Without a disk it can be saved and moved.  Its boot loader waits at its
	# prompt in the BIOS; a key (Enter) makes it answer on the serial port.
	out=$(xenlive-spawn iso "$iso" --memory 64 2>&1)
	check "xenlive-spawn iso $iso --memory 64 (no disk) starts tiny-1" said tiny-1 "$out"
	check "  ... its boot loader answers on the serial port" serial_shows tiny-1 'xenlive-tiny-iso' 300 20
	check "xenlive-spawn save tiny-1 (an HVM guest, to RAM)" xenlive-spawn save tiny-1
	check "  ... and restore" xenlive-spawn restore tiny-1
	check "  ... it runs on where it stopped (its boot loader answers a key)" serial_shows tiny-1 'xenlive-tiny-iso' 120 3
	check "xl migrate tiny-1 localhost (live, with its device model)" xl migrate tiny-1 localhost
	check "  ... it runs on after the move (its boot loader answers a key)" serial_shows tiny-1 'xenlive-tiny-iso' 120 3
	check "  ... one device model for it, not two" test "$(dm_count)" -eq 1
	xl destroy tiny-1 >/dev/null 2>&1

	n0=$(guests | wc -l)
	refused "a missing file: one sentence" xenlive-spawn iso /run/xenlive/media/none.iso
	printf 'not a boot medium\n' >/tmp/plain.img
	refused "a file that is not bootable: one sentence" xenlive-spawn iso /tmp/plain.img
	refused "too little memory: one sentence" xenlive-spawn iso "$iso" --memory 100000
	refused "a RAM disk larger than dom0's memory: one sentence" xenlive-spawn iso "$iso" --disk 60000
	refused "--disk not a number: one sentence" xenlive-spawn iso "$iso" --disk lots
	# A taken VNC port is not an error: the device model takes the next.
	python3 -c 'import socket, time; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", 5900)); s.listen(); time.sleep(120)' &
	local holder=$!
	sleep 1
	out=$(xenlive-spawn iso "$iso" 2>&1)
	check "VNC port 5900 taken: the guest's screen goes to the next port ($(vnc_port tiny-1))" \
		test "$(vnc_port tiny-1)" -gt 5900
	xl destroy tiny-1 >/dev/null 2>&1
	kill "$holder" 2>/dev/null
	check "no stray domain after the refusals" test "$(guests | wc -l)" -eq "$n0"
	check "no stray device model" test "$(dm_count)" -eq 0
	rm -f /tmp/plain.img
}

# UEFI (make check-hvm-os, with the stick plugged in): the guest's firmware
# is OVMF (hvmloader loads it); it runs on (this BIOS-only CD has nothing
# for it to boot).  Not in make check: OVMF in an HVM guest has crashed the
# outer QEMU/TCG itself (tcg_handle_interrupt's iothread assertion).
suite_hvm_uefi() {
	local iso out
	iso=$(xenlive-media list 2>/dev/null | grep '/isos/tiny\.iso$' | head -n 1)
	out=$(xenlive-spawn iso "$iso" --uefi --memory 64 2>&1)
	check "xenlive-spawn iso --uefi starts tiny-1" said tiny-1 "$out"
	check "  ... with OVMF as its firmware" sh -c 'xl list -l tiny-1 | grep -q "\"bios\": \"ovmf\""'
	sleep 10
	check "  ... still running after 10 s" xl domid tiny-1
	xl destroy tiny-1 >/dev/null 2>&1
	check "  ... destroyed, its device model is gone" test "$(dm_count)" -eq 0
}

suite_hvm_unplugged() {
	local list out
	list=$(xenlive-media list 2>&1)
	check "the pulled stick's image is no longer listed" not_listed "$list"
	out=$(xenlive-spawn iso /run/xenlive/media/sda/isos/tiny.iso 2>&1)
	check "starting it is refused in one sentence" grep -q 'does not exist' <<<"$out"
	echo "$out" | indent
	check "no domain left" test -z "$(guests)"
	check "no device model left" test "$(dm_count)" -eq 0
	xenlive-media release
	check "  ... no mount of a user's medium left" no_media_left
}
not_listed() { ! grep -q 'tiny\.iso' <<<"$1"; }
