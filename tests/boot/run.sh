#!/bin/bash
# Boot test: boots the ISO in QEMU the ways a user would, and asserts on what
# the serial console shows, each stage with its own timeout:
#   - BIOS and UEFI, each from a CD-ROM and from a USB stick: boot menu, Xen
#     banner, dom0 kernel, live root (squashfs + overlay), autologin shell,
#     xenstored, `xl list` (Domain-0), `xl info` (free memory for guests);
#   - "copy to RAM": the CD is ejected after boot and the system keeps working;
#   - "safe mode" (from the UEFI menu), the plain 80x25 text screen, "Linux
#     without Xen" (mode native, not in the default list), and the entry
#     that starts a CentOS-style guest right after boot;
#   - a PC as sold, UEFI with Secure Boot on and Microsoft's keys (q35):
#     Debian's signed shim and GRUB start, the screen says why Xen cannot
#     start and how to turn Secure Boot off, and "Linux without Xen" boots
#     Debian's signed kernel, locked down, to the live system;
#   - today's chipsets and sizes: q35 (the CD on AHCI, a stick plugged into
#     xHCI) with 4 vCPUs, 8 GiB (q35-4g, not in the default list: 4 GiB)
#     and an NVMe disk; neither disk is written, dom0 keeps its share, and
#     xtop on the screen (OCR) shows a guest; and a PC with no serial port
#     at all, whose screen still comes to xtop, where n and Enter typed on
#     its keyboard launch a guest (OCR);
#   - Secure Boot's screens are read with OCR too;
#   - bad media: no medium at all, and a truncated squashfs, each end in the
#     emergency shell with a sentence saying what is wrong;
#   - exposure (the BIOS CD boot, given a NIC on QEMU's restricted user
#     network, which dom0 takes a DHCP address on): nothing listens outside
#     loopback and xenbr0 (TCP or UDP, but dom0's own DHCP client), no NIC
#     is a port of xenbr0, root is logged in automatically only on local
#     consoles, and sshd takes no password;
#   - the PC screen (BIOS and UEFI CD boots): QEMU screendumps of tty1 after
#     boot and after a guest started, read back with OCR (tesseract): xtop's
#     header, Domain-0 and the guest are there, no kernel log line is.
#     The PNGs stay under $O/tests/boot/screens.
# Serial logs stay under $O/tests/boot.  Usage: run.sh ISO [MODE...]
set -eu
iso=$(realpath "$1"); shift
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/report.sh
. "$here/../lib/report.sh"
# shellcheck source=../lib/console.sh
. "$here/../lib/console.sh"
# shellcheck source=../lib/boot-stages.sh
. "$here/../lib/boot-stages.sh"
[ -n "${O:-}" ] || { echo "run.sh: O, the output directory, is not set; run this through make (make check-boot), which sets it." >&2; exit 2; }
out=$O/tests/boot
mkdir -p "$out"
trap console_stop EXIT

check_dom0() {
	console_run 'dmesg -n 1' 60 >/dev/null || true
	check_on_console "root is a tmpfs overlay on the squashfs" \
		'findmnt -no FSTYPE /; findmnt -no FSTYPE /run/live/rootfs' 'overlay' &&
	check_on_console "squashfs under the overlay" 'findmnt -no FSTYPE /run/live/rootfs' '^squashfs'
	check_on_console "xenstored running" 'pidof oxenstored xenstored' '[0-9]+'
	check_on_console "xl list shows Domain-0" 'xl list' '^Domain-0 +0 '
	check_on_console "xl info shows free memory for guests" \
		"xl info | awk '/^free_memory/ { print \"free=\" \$3 }'" '^free=([1-9][0-9]{2,})'
	check_on_console "bridge xenbr0 up for guests" 'ip -br addr show xenbr0' '^xenbr0 .*10\.99\.0\.1/24'
	check_on_console "xtop greets the user on tty1" 'ps -t tty1 -o comm=' '^xtop$'
}

# A non-default menu entry, chosen by its hotkey like a user would.
# shellcheck disable=SC2016 # $(...) is expanded by the machine's shell
mode_entry() {  # MODE HOTKEY FIRMWARE [run-qemu args...]
	mode=$1 SECONDS=0
	console_start "$out/$mode" --iso "$iso" --firmware "$3" --medium cd "${@:4}"
	stage "boot menu shown" 'Xen Live' 120 || { console_stop; return; }
	console_choose_entry "$2"
	stage "live root mounted from squashfs with overlay" 'xenlive: live root mounted: squashfs' 300 &&
	stage "autologin root shell" 'root@xenlive:~# ' 420 && {
		console_run 'dmesg -n 1' 60 >/dev/null || true
		case "$mode" in
		native)
			check_on_console "runs without a hypervisor" 'cat /sys/hypervisor/type 2>/dev/null || echo none' '^none$'
			check_on_console "same live root" 'findmnt -no FSTYPE /run/live/rootfs' '^squashfs' ;;
		centos)
			# The autospawn unit starts centos-1 once the Xen daemons are up.
			check_on_console "the CentOS-style guest was started" \
				'for i in $(seq 90); do xl list centos-1 >/dev/null 2>&1 && break; sleep 2; done; xl list centos-1' '^centos-1 +[0-9]+ ' 240 ;;
		text)
			check_on_console "tty1 is the plain 80x25 text screen" 'stty -F /dev/tty1 size' '^25 80$'
			check_on_console "xtop greets the user on tty1" 'ps -t tty1 -o comm=' '^xtop$'
			check_no_virt
			screen_rows=25
			screen_read xtop
			screen_says "the screen (xtop's header) says PV guests only, VT-x/AMD-V off" \
				'^xtop' 'P[VYU] ?[gq]uests ?only' 'AMD-?[VYU]{0,2} ?of ?f' ;;   # OCR has read this font's V as Y, U or YV, g as q, off as of f
		safe)
			check_on_console "Xen runs on one CPU" "xl info | awk '/^nr_cpus/ { print \"cpus=\" \$3 }'" '^cpus=1$'
			check_on_console "xl list shows Domain-0" 'xl list' '^Domain-0 +0 '
			# This machine has no NIC at all.
			check_on_console "xenlive-pool serve on a PC with no wired NIC: one sentence, exit 1, nothing started" \
				'{ xenlive-pool serve; echo "rc $?"; systemctl is-active xenlive-serve.service; ls -A /run/xenlive/pool 2>/dev/null | wc -l; } 2>&1 | tr "\n" " "; echo' \
				'^xenlive-pool: this machine has no wired network interface \(en\*, eth\*\); serving needs one.* rc 1 inactive 0 $' ;;
		esac
	}
	no_fatal_output
	console_stop
}

# Secure Boot on, as PCs are sold: the signed chain's own screen, its words,
# then Linux without Xen on Debian's signed kernel.
# shellcheck disable=SC2016 # $(...) is expanded by the machine's shell
mode_secure_boot() {
	mode=secure-boot SECONDS=0
	console_start "$out/$mode" --iso "$iso" --firmware uefi-secure-boot --medium cd
	stage "Secure Boot on: Debian's signed shim and GRUB start, and say Xen cannot" \
		'Secure Boot is on, so Xen cannot start' 400 || { no_fatal_output; console_stop; return; }
	# The PC's screen says it too (a graphics screen in UEFI's font: OCR by page).
	screen_rows=page
	sleep 2
	screen_read menu
	screen_says "the screen says Secure Boot is on and Xen cannot start, and offers Linux without Xen" \
		'Secure Boot is on' 'Xen ca[mn]+ot start' 'Linux without' 'turn Secure Boot off'
	console_choose_entry w
	stage "  ... and why, and how to turn Secure Boot off in the firmware setup" 'Find "Secure Boot"' 60
	sleep 2
	screen_read why
	screen_says "  ... on the screen too: why, and where to find Secure Boot in the setup" \
		'nobody signs the [XK]en hypervisor' 'Find .{1,3}Secure Boot' 'Disabled'
	console_type $'\e'
	sleep 2
	console_choose_entry l
	stage "Linux without Xen: Debian's signed kernel starts under Secure Boot" 'Linux version 6\.1' 300 &&
	stage "live root mounted from squashfs with overlay" 'xenlive: live root mounted: squashfs' 300 &&
	stage "autologin root shell" 'root@xenlive:~# ' 420 && {
		console_run 'dmesg -n 1' 60 >/dev/null || true
		check_on_console "runs without a hypervisor" 'cat /sys/hypervisor/type 2>/dev/null || echo none' '^none$'
		check_on_console "the kernel saw Secure Boot on and locked itself down" \
			'dmesg | grep -m1 -iE "secure ?boot enabled|locked down"' '[Ss]ecure ?[Bb]oot|locked down'
		check_on_console "xenlive-report says Secure Boot is on" 'xenlive-report | grep -m1 "Secure Boot"' 'Secure Boot on'
	}
	no_fatal_output
	console_stop
}

# xtop against the real hypervisor: batch mode lists Domain-0, and its CPU %
# agrees with xentop's (within 3 points: a loaded host shifts the two 3 s windows a little) over the same 3 s window while every dom0 vCPU is kept
# busy (so the comparison is not 0 against 0, nor at the mercy of whatever
# else dom0 happens to run).  Then xentop's own options side by side, line
# by line (xtop/tests/dom0/vs-xentop-batch.sh, typed in without its
# indentation: a typed tab would ask the shell for completion).
check_xtop() {
	local output xtop_cpu xentop_cpu status=0 compare verdict line
	check_on_console "xtop -b lists Domain-0" 'xtop -b -d 1 -i 2' '^ *Domain-0 '
	check_on_console "xtop knows Domain-0's uptime (it has no /vm entry: its kernel's)" \
		'xtop -b --json -d 0.5 -i 2 | tail -n 1 | grep -o "\"name\":\"Domain-0\"[^}]*\"uptime_s\":[0-9null]*"' '"uptime_s":[1-9][0-9]*'
	read -r -d '' compare <<-'SH' || true
	busy=; for c in $(seq "$(nproc)"); do yes >/dev/null & busy="$busy $!"; done; sleep 2
	xtop -b -d 3 -i 1 >/tmp/xtop.out & x=$!
	xentop -b -d 3 -i 2 >/tmp/xentop.out; wait $x; kill $busy
	awk '$1 == "Domain-0" { v = $4 } END { print "xtop=" v }' /tmp/xtop.out
	awk '$1 == "Domain-0" { v = $4 } END { print "xentop=" v }' /tmp/xentop.out
	SH
	output=$(console_run "$compare" 120) || status=$?
	xtop_cpu=$(sed -n 's/^xtop=//p' <<<"$output") xentop_cpu=$(sed -n 's/^xentop=//p' <<<"$output")
	if [ "$status" -eq 0 ] && awk -v a="$xtop_cpu" -v b="$xentop_cpu" \
		'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && b > 50 && d <= 3) }'; then
		pass "$mode: xtop CPU% of busy Domain-0 ($xtop_cpu) within 3 points of xentop ($xentop_cpu)"
	else
		fail "$mode: xtop CPU% ($xtop_cpu) vs xentop ($xentop_cpu) on a busy Domain-0 (exit $status)"
	fi
	# set +H: the script's awk has '!=', which history expansion must not see.
	output=$(console_run "set +H; cat >/tmp/vs-xentop-batch.sh <<'XTOP_VS_EOF'
$(sed 's/^[[:space:]]*//' "$here/../../xtop/tests/dom0/vs-xentop-batch.sh")
XTOP_VS_EOF
bash /tmp/vs-xentop-batch.sh 1" 600) || true
	while read -r verdict line; do
		case "$verdict" in
		PASS) pass "$mode: xtop -b like xentop: $line" ;;
		FAIL) fail "$mode: xtop -b like xentop: $line" ;;
		esac
	done <<<"$output"
	grep -q '^vs-xentop-batch: [0-9]* passed' <<<"$output" || fail "$mode: vs-xentop-batch.sh did not finish"
}

# screen_read LABEL: a screendump of the VGA screen (tty1) as a PNG under
# $out/screens, and its text (OCR, tests/lib/screen-ocr.sh) in $screen_text
# and beside the PNG; $screen_flat is the text without blanks (OCR splits
# words now and then: "Doma in-0").
screen_read() {
	local png=$out/screens/$mode-$1.png i
	screen_label=$1
	mkdir -p "$out/screens"
	rm -f "$png"
	console_monitor "screendump $png -f png"
	for ((i = 0; i < 50; i++)); do [ -s "$png" ] && break; sleep 0.2; done
	screen_text=$("$here/../lib/screen-ocr.sh" "$png" "$screen_rows" || true)
	screen_flat=$(tr -d ' \t' <<<"$screen_text")
	printf '%s\n' "$screen_text" >"${png%.png}.txt"
}

# screen_says WHAT REGEX...: every REGEX is in the last screen_read's text.
screen_says() {
	local what=$1 re missing=""
	shift
	for re; do grep -qE "$re" <<<"$screen_text" || missing="$missing '$re'"; done
	if [ -z "$missing" ]; then
		pass "$mode: $what (OCR of $out/screens/$mode-$screen_label.png)"
	else
		fail "$mode: $what: OCR missed$missing (read: $(head -c 300 <<<"$screen_text" | tr '\n' '|'))"
	fi
}

# The screen as someone at the PC sees it: xtop on tty1, readable, and no
# kernel message written over it, even while a guest starts (which makes
# the kernel log bridge, loop and backend lines).  The console log level
# is raised for that moment so that messages would reach every console the
# kernel writes to; only the serial line (hvc0) may have them.
# shellcheck disable=SC2016 # $(...) is expanded by the machine's shell
check_screen() {
	local name timestamp='\[ *[0-9]+\.[0-9]{4,6}\]'
	# Domain-0's row, as OCR reads the VGA font on the highlighted row: its
	# wide m comes out as "m", "n" or "rn", sometimes with a space after.
	local dom0_row='^Do(m|n|rn) ?a ?in-[0OQ@]'
	# The console's text rows give OCR the height of a character row.
	screen_rows=$(console_run 'stty -F /dev/tty1 size' 60 | awk 'NF == 2 { print $1 }' | tail -n 1)
	echo "  screen: tty1 has ${screen_rows:-?} rows"
	sleep 3   # one xtop refresh after the shell came up
	screen_read booted
	# Domain-0's own row (name then id 0), not the hint's mention of it.
	if grep -qE '^xtop.{1,4}Xen4\.17' <<<"$screen_flat" && grep -qE "$dom0_row" <<<"$screen_flat" &&
		grep -qE '^Domains[0-9]+:' <<<"$screen_flat" && grep -q 'Alt-F2' <<<"$screen_flat"; then
		pass "$mode: screen after boot shows xtop's header, Domain-0 and the hint (OCR of $out/screens/$mode-booted.png)"
	else
		fail "$mode: screen after boot does not show xtop (OCR read: $(head -c 300 <<<"$screen_text" | tr '\n' '|'))"
	fi
	name=$(console_run 'dmesg -n 8; echo "spawned=$(xenlive-spawn centos | head -n 1 | cut -d" " -f1)"; sleep 8; dmesg -n 1' 240 |
		sed -n 's/^.*spawned=\([a-z0-9-]*\).*$/\1/p' | head -n 1)
	check_on_console "a guest started while the console log level is up" "xl list $name" "^$name "
	sleep 3
	screen_read guest
	if grep -qE "^${name%-*}-[0-9lI]" <<<"$screen_flat" && grep -qE "$dom0_row" <<<"$screen_flat"; then
		pass "$mode: screen shows the new guest $name beside Domain-0"
	else
		fail "$mode: screen does not show the new guest $name (OCR read: $(head -c 300 <<<"$screen_text" | tr '\n' '|'))"
	fi
	if grep -qE "$timestamp" <"$out/screens/$mode-booted.txt" || grep -qE "$timestamp" <<<"$screen_text"; then
		fail "$mode: a kernel log line is on the screen: $(grep -hE "$timestamp" "$out/screens/$mode-booted.txt" - <<<"$screen_text" | head -n 1)"
	elif grep -qE 'vif[0-9]+\.0|blkback|entered (blocking|forwarding) state' <<<"$screen_text"; then
		fail "$mode: kernel messages about the guest's devices are on the screen"
	else
		pass "$mode: no kernel log line on the screen"
	fi
	console_run "xl destroy $name" 60 >/dev/null || true
}

# Nothing of dom0 is reachable from the LAN.  The machine has a NIC on
# QEMU's user network (run-qemu.sh --lan user: restrict=on, no route off the
# host), where dom0 takes an address by DHCP as on real hardware.  Guests
# are reachable only from dom0 and each other: xenbr0 (10.99.0.1/24) has
# no physical port (dom0 routes nothing: ip_forward is 0), and dom0's
# services listen on loopback and xenbr0 only.  The one socket allowed on
# another address is dom0's own DHCP client (UDP 68/546, systemd-networkd).
# shellcheck disable=SC2016 # $... is expanded by the machine's shell
check_exposure() {
	check_on_console "dom0 took a DHCP address on its LAN NIC" \
		'for i in $(seq 60); do ip -4 -o addr show | grep -q " en[^ ]* .*inet 10\.0\.2\." && break; sleep 1; done; ip -4 -br addr show' \
		'^en[a-z0-9]+ +UP +10\.0\.2\.[0-9]+/' 120
	check_on_console "dom0 listens on no address outside loopback and xenbr0 (ss -tulnp)" \
		'ss -Htulnp | awk '"'"'{ a = $5 } a ~ /^(127\.[0-9.]+|\[::1\]|10\.99\.0\.1|[^ ]*%(lo|xenbr0)):[0-9*]+$/ { next } $1 == "udp" && a ~ /:(68|546)$/ && $7 ~ /systemd-network/ { next } { print "EXPOSED " $1 " " a " " $7; n++ } END { print "exposed=" n + 0 }'"'"'' \
		'^exposed=0$'
	check_on_console "no physical NIC is a port of xenbr0 (its ports are guests' vifs only), and dom0 forwards nothing" \
		'echo "ports=$(ls /sys/class/net/xenbr0/brif | grep -v "^vif" | tr "\n" " ")forward=$(cat /proc/sys/net/ipv4/ip_forward)"' \
		'^ports=forward=0$'
	# The autologin drop-ins are for getty@ (ttyN) and serial-getty@ (hvc0,
	# ttySN) only, the gettys running are those, and every login is on one.
	check_on_console "root logs in automatically only on local consoles (tty, hvc, ttyS)" \
		'echo "autologin-units=$(grep -rl -- --autologin /etc/systemd/system /usr/lib/systemd/system | sort | tr "\n" " ")gettys=$(systemctl list-units --no-legend --plain --state=active "getty@*" "serial-getty@*" "console-getty*" "container-getty@*" | awk "{ print \$1 }" | grep -cvE "^(getty@tty[0-9]+|serial-getty@(hvc|ttyS)[0-9]+)\.service$") remote-logins=$(who | awk "{ print \$2 }" | grep -cvE "^(tty[0-9]+|ttyS[0-9]+|hvc[0-9]+)$")"' \
		'^autologin-units=/etc/systemd/system/getty@\.service\.d/autologin\.conf /etc/systemd/system/serial-getty@\.service\.d/autologin\.conf gettys=0 remote-logins=0$'
	# As a guest would come: from xenbr0's side root's key is not taken
	# (authorized from loopback only) and no password is asked.
	check_on_console "dom0's sshd, reached on xenbr0, takes no password and not root's key" \
		'ssh -n -o BatchMode=yes -b 10.99.0.1 root@10.99.0.1 true 2>&1 | tail -n 1' \
		'^root@10\.99\.0\.1: Permission denied \(publickey\)\.'
}

# A PC with VT-x/AMD-V off in the firmware (run-qemu --no-virt; the text
# screen's boot): Xen sees no HVM, xenlive-report says so and what to do,
# a PVH image is refused in one sentence leaving no domain, a PV one runs.
# shellcheck disable=SC2016 # $(...) is expanded by the machine's shell
check_no_virt() {
	check_on_console "VT-x/AMD-V off: Xen's virt_caps has no hvm" "xl info | awk '/^virt_caps/ { print (/ hvm/ ? \"hvm\" : \"no-hvm\") }'" '^no-hvm$'
	check_on_console "VT-x/AMD-V off: xenlive-report says PV only and how to switch it on" \
		'xenlive-report | grep -E "^(Guest types|Virtualization)"' 'off or missing: switch it on in the firmware setup'
	check_on_console "VT-x/AMD-V off: xenlive-report's guest types are PV only" 'xenlive-report' '^Guest types +PV$'
	check_on_console "VT-x/AMD-V off: a PVH image is refused, non-zero, one line, no domain left" \
		'xenlive-spawn centos-pvh 2>/tmp/refusal; echo "exit=$? domains=$(xl list | awk "NR > 2" | wc -l) lines=$(wc -l </tmp/refusal)"' \
		'^exit=1 domains=0 lines=1$'
	check_on_console "VT-x/AMD-V off: the refusal says why and what to do" 'cat /tmp/refusal' \
		'^xenlive-spawn: centos-pvh is a PVH guest, which needs the CPU.s virtualization .*switch virtualization on in the firmware setup'
	check_on_console "VT-x/AMD-V off: a PV guest starts" \
		'xenlive-spawn centos >/dev/null 2>&1; xl list centos-1 | awk "NR == 2 { print \$1 }"' '^centos-1$' 180
}

# xenlive-report, as a user would photograph it: each of its lines says
# what this machine is.
# shellcheck disable=SC2016 # $re and $m are expanded by the machine's shell
check_report() {  # FIRMWARE MEDIUM
	local firmware='BIOS \(legacy boot\)' medium='/dev/sr0 \((ata|sata)' res
	[ "$1" = bios ] || firmware='UEFI, Secure Boot (off|state unknown)'
	[ "$2" = cd ] || medium='/dev/sd[a-z]+ \(usb'
	res="'^CPU +[^ ]' '^Guest types +PV, PVH and HVM' '^Firmware +$firmware' '^Xen +4\.17'"
	res="$res '^Memory +[0-9]+ MiB in this PC; [0-9]+ MiB free for guests; Domain-0 [0-9]+ MiB' '^Boot medium +$medium'"
	check_on_console "xenlive-report names the CPU, guest types, $1 firmware, memory, Xen and the $2 medium" \
		"xenlive-report >/tmp/report; m=0; for re in $res; do grep -qE \"\$re\" /tmp/report || { echo \"missing \$re\"; m=1; }; done; [ \$m = 0 ] && echo report-complete || cat /tmp/report" \
		'^report-complete$'
}

mode_boot() {  # MODE FIRMWARE MEDIUM [run-qemu args...]
	boot_to_dom0 "$1" --firmware "$2" --medium "$3" "${@:4}" && check_dom0 && check_report "$2" "$3" &&
		case "$1" in
		bios-cd) check_exposure; check_screen; check_xtop ;;
		uefi-cd) check_screen ;;
		esac
	no_fatal_output
	console_stop
}

# A PC of today: q35, 4 vCPUs, 8 GiB (q35-4g: 4 GiB), an NVMe disk beside
# the CD, and a USB stick plugged into its xHCI port once it runs.
# shellcheck disable=SC2016 # $(...) is expanded by the machine's shell
mode_q35() {  # MODE MEMORY-MB
	local name=$1 mib=$2 nvme=$out/nvme.img stick=$out/q35-stick.img before stick_before
	rm -f "$nvme" "$stick"
	truncate -s 64M "$nvme"
	printf 'a disk of the PC, never to be written\n' | dd of="$nvme" conv=notrunc status=none
	before=$(sha256sum <"$nvme")
	truncate -s 32M "$stick"
	mkfs.vfat -n STICK "$stick" >/dev/null
	stick_before=$(sha256sum <"$stick")
	boot_to_dom0 "$name" --firmware bios --medium cd --machine q35 --cpus 4 --memory "$mib" --nvme "$nvme" --usb-port && {
		check_dom0
		check_on_console "the CD is on the q35's AHCI controller" 'readlink -f /sys/block/sr0' '/ata[0-9]+/'
		check_on_console "the NVMe disk is seen" 'ls /sys/block' 'nvme0n1'
		check_on_console "dom0 keeps 512 MiB and 2 vCPUs on a 4-CPU, $mib MiB PC" \
			"xl list Domain-0 | awk 'NR == 2 { print \"mem=\" \$3, \"vcpus=\" \$4 }'" '^mem=512 vcpus=2$'
		# Xen, dom0's 512 MiB and the firmware's holes take the rest.
		check_on_console "Xen has the rest of the $mib MiB for guests" \
			"xl info | awk '/^free_memory/ { print (\$3 >= $mib - 1536 && \$3 <= $mib - 512 ? \"free-ok\" : \"free=\" \$3) }'" '^free-ok$'
		console_monitor "drive_add 0 if=none,id=stick,format=raw,file=$stick"
		console_monitor "device_add usb-storage,drive=stick,bus=xhci.0,id=stickdev,removable=on"
		check_on_console "a USB stick plugged into the xHCI port is seen" \
			'for i in $(seq 30); do for d in /sys/block/sd*; do readlink -f "$d"; done | grep -q usb && break; sleep 1; done; for d in /sys/block/sd*; do readlink -f "$d"; done' \
			'/usb[0-9]+/.*/block/sd[a-z]+$' 60
		check_on_console "  ... and xenlive-media mounts it read-only" \
			'xenlive-media list >/dev/null 2>&1; findmnt -rn -o TARGET,OPTIONS | grep /run/xenlive/media/' '^/run/xenlive/media/sd[a-z]+ ro,'
		check_screen
	}
	no_fatal_output
	console_stop
	if [ "$(sha256sum <"$nvme")" = "$before" ]; then
		pass "$mode: the NVMe disk was never written"
	else
		fail "$mode: the NVMe disk was written to"
	fi
	if [ "$(sha256sum <"$stick")" = "$stick_before" ]; then
		pass "$mode: the USB stick was never written"
	else
		fail "$mode: the USB stick was written to"
	fi
}

# A PC with no serial port: nothing waits for one; the screen comes to
# xtop (read with OCR, as check_screen does).
mode_no_serial() {
	local i
	mode=no-serial SECONDS=0
	screen_rows=""   # the console's own size cannot be asked: OCR's default rows
	console_start "$out/$mode" --iso "$iso" --firmware bios --medium cd --no-serial
	for ((i = 0; i < 40; i++)); do
		sleep 10
		screen_read no-serial
		grep -qE '^xtop.{1,4}Xen4\.17' <<<"$screen_flat" && grep -qE '^Do(m|n|rn) ?a ?in-[0OQ@]' <<<"$screen_flat" && break
	done
	if grep -qE '^xtop.{1,4}Xen4\.17' <<<"$screen_flat"; then
		pass "$mode: without a serial port the PC's screen comes to xtop (${SECONDS}s; OCR)"
	else
		fail "$mode: no xtop on the screen after ${SECONDS}s without a serial port (OCR: $(head -c 200 <<<"$screen_text" | tr '\n' '|'))"
		console_stop
		return
	fi
	# As the person at the PC would: n, then Enter launches the first image.
	console_sendkeys 3 n ret
	for ((i = 0; i < 18; i++)); do
		sleep 10
		screen_read no-serial-guest
		grep -qE '^(centos|debian)[a-z-]*-[0-9lI]' <<<"$screen_flat" && break
	done
	if grep -qE '^(centos|debian)[a-z-]*-[0-9lI]' <<<"$screen_flat"; then
		pass "$mode: n and Enter on the PC's keyboard launch a guest, shown in xtop (OCR)"
	else
		fail "$mode: no guest on the screen after n and Enter (OCR: $(head -c 300 <<<"$screen_text" | tr '\n' '|'))"
	fi
	console_stop
}

mode_toram() {
	mode=toram SECONDS=0
	console_start "$out/$mode" --iso "$iso" --firmware bios --medium cd
	stage "boot menu shown" 'Xen Live' 120 || { console_stop; return; }
	console_choose_entry r   # Xen Live - copy to RAM
	stage "live system copied to RAM" 'toram: the live system runs from RAM' 420 &&
	stage "autologin root shell" 'root@xenlive:~# ' 420 && {
		console_monitor 'eject -f ide1-cd0'
		console_run 'dmesg -n 1' 60 >/dev/null || true
		check_on_console "CD-ROM drive is empty after the eject" 'dd if=/dev/sr0 of=/dev/null count=1 2>&1 || true' 'No medium found'
		check_on_console "medium no longer mounted" 'grep -c /run/live/medium /proc/mounts || true' '^0$'
		check_on_console "squashfs is read from RAM" 'findmnt -no SOURCE /run/live/rootfs; losetup -nO BACK-FILE' 'toram/filesystem.squashfs'
		# Files the boot never touched: from an ejected CD they would fail to read.
		check_on_console "files never read before are readable after eject" \
			'find /usr/lib/modules /usr/share -type f -print0 | xargs -0 cat | wc -c' '^[0-9]{8,}$' 300
		check_on_console "xl list still works after eject" 'xl list' '^Domain-0 '
		check_on_console "the files a network boot server serves are in RAM too (the image once)" \
			'ls /run/live/toram/medium/boot /run/live/toram/medium/netboot | tr "\n" " "; stat -c "links %h" /run/live/toram/filesystem.squashfs' \
			'initrd\.gz vmlinuz-dom0 xen\.gz .*grubnetx64\.efi .*pxelinux\.0 .*links 2'
	}
	no_fatal_output
	console_stop
}

# Boots the ISO's own kernel and initramfs straight from QEMU (no Xen, no
# boot loader) against a broken medium; expects the emergency shell.
# shellcheck disable=SC2016 # $((...)) is expanded by the machine's shell
mode_bad_medium() {  # MODE EXPECTED-REGEX [run-qemu args...]
	mode=$1 expected=$2; shift 2
	SECONDS=0
	console_start "$out/$mode" --kernel "$out/vmlinuz" --initrd "$out/initrd.gz" \
		--append "console=ttyS0,115200n8 xenlive.timeout=5" "$@"
	stage "clear error message" "xenlive: ERROR: $expected" 180 &&
	stage "emergency shell" 'emergency shell' 30 &&
	check_on_console "emergency shell answers" 'echo "shell-$((40 + 2))"' '^shell-42$'
	console_stop
}

prepare_bad_media() {
	local tree=$out/bad-tree
	rm -rf "$tree" && mkdir -p "$tree/live"
	xorriso -osirrox on -indev "$iso" -extract /boot/vmlinuz "$out/vmlinuz" \
		-extract /boot/initrd.gz "$out/initrd.gz" -extract /live/xenlive.id "$tree/live/xenlive.id" >/dev/null 2>&1
	# The right build id, but only the first 4 MB of its squashfs.
	xorriso -osirrox on -indev "$iso" -extract /live/filesystem.squashfs "$out/full.squashfs" >/dev/null 2>&1
	head -c 4M "$out/full.squashfs" >"$tree/live/filesystem.squashfs"
	rm -f "$out/full.squashfs"
	xorriso -as mkisofs -quiet -o "$out/truncated.iso" -volid XENLIVE -rational-rock "$tree" 2>/dev/null
}

# native (Linux without Xen from the BIOS menu) is not in the default list:
# secure-boot boots the same kernel and root through it under UEFI.
modes=${*:-bios-cd bios-usb uefi-cd uefi-usb secure-boot q35 no-serial toram safe text centos no-medium bad-squashfs}
for m in $modes; do
	case "$m" in
	bios-cd) with_stall_retry mode_boot bios-cd bios cd --lan user ;;
	bios-usb) with_stall_retry mode_boot bios-usb bios usb ;;
	uefi-cd) with_stall_retry mode_boot uefi-cd uefi cd ;;
	uefi-usb) with_stall_retry mode_boot uefi-usb uefi usb ;;
	toram) with_stall_retry mode_toram ;;
	safe) with_stall_retry mode_entry safe s uefi ;;   # through GRUB, as the others go through isolinux
	text) with_stall_retry mode_entry text t bios --no-virt ;;   # also: a PC with VT-x/AMD-V off
	native) with_stall_retry mode_entry native l bios ;;
	secure-boot) with_stall_retry mode_secure_boot ;;
	q35) with_stall_retry mode_q35 q35 8192 ;;
	q35-4g) with_stall_retry mode_q35 q35-4g 4096 ;;   # not in the default list: 8 GiB is the one that can go wrong
	no-serial) mode_no_serial ;;
	centos) with_stall_retry mode_entry centos c bios ;;
	no-medium) [ -f "$out/initrd.gz" ] || prepare_bad_media
		mode_bad_medium no-medium 'no boot medium found' ;;
	bad-squashfs) [ -f "$out/truncated.iso" ] || prepare_bad_media
		mode_bad_medium bad-squashfs 'cannot mount the live system image' --iso "$out/truncated.iso" --medium cd ;;
	*) fail "unknown boot test mode $m" ;;
	esac
done
report_summary
