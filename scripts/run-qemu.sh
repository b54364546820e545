#!/bin/bash
# Boots Xen Live in QEMU.  Used by `make run`, the tests and the benchmarks.
#
#   run-qemu.sh --iso ISO [--memory MB] [--cpus N] [--firmware bios|uefi|uefi-secure-boot]
#               [--medium cd|usb] [--accel auto|kvm|tcg] [--gui] [--no-reboot]
#               [--serial-pipe BASE] [--monitor-socket PATH]
#               [--kernel FILE --initrd FILE --append ARGS] [--data-cd FILE]
#               [--lan user|listen:PORT|connect:PORT [--mac MAC]] [--no-virt]
#               [--usb-port] [--machine pc|q35] [--nvme FILE] [--no-serial]
#   run-qemu.sh --netboot --lan listen:PORT|connect:PORT --mac MAC [...]
#
# --netboot: a PC with no medium that boots from the network (its NIC's
# iPXE ROM first in the boot order) from a Xen Live serving on the same
# cable (xenlive-pool serve).
#
# --firmware uefi-secure-boot: a PC as sold, UEFI with Secure Boot on and
# Microsoft's keys enrolled (OVMF's secboot build and ms variables, on q35
# with SMM, which that build needs).
# --machine q35: today's chipset (the CD on AHCI, USB on xHCI); --nvme
# FILE adds an NVMe disk; --no-serial: a PC without a serial port.
# --no-virt: a PC whose firmware has VT-x/AMD-V switched off (the CPU
# without svm/vmx; QEMU's qemu64 model has svm unless told -svm): Xen runs
# PV guests only.
# --data-cd adds a second, read-only CD-ROM (tests bring their scripts in
# on one).  --usb-port adds a USB 3 controller (id xhci) to plug a stick
# into later through the monitor (drive_add, then device_add usb-storage).  --lan user: a NIC (e1000) on QEMU's user network with
# restrict=on (the boot test checks that dom0 exposes nothing on it).
# --accel (default: $ACCEL, else auto) goes through scripts/accel.sh: KVM
# only where a probe proved it runs a guest, otherwise TCG with
# -cpu qemu64,+svm,+npt (with -cpu max a PV dom0 crashes at its first
# instructions; npt gives Xen HAP, which PVH guests and their live
# migration need: Debian's Xen has no shadow paging).  The machine never gets a network route off this host: it
# has no NIC at all, or with --lan one NIC that reaches nothing beyond
# QEMU: `user` is QEMU's user network with restrict=on (a LAN as dom0 sees
# one, with a DHCP address); listen:PORT / connect:PORT is a private cable
# to other QEMUs of this host only (-netdev socket on 127.0.0.1; the pool
# tests).  XENLIVE_QEMU names another QEMU binary (tests).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
iso="" memory=2048 cpus=2 firmware=bios medium=cd gui=0 no_reboot=0 accel=${ACCEL:-auto}
serial_pipe="" monitor_socket="" kernel="" initrd="" append="" data_cd="" lan="" mac="" virt=1 usb_port=0
machine=pc nvme="" serial=1 netboot=0
usage() { echo "usage: run-qemu.sh --iso ISO [--memory MB] [--cpus N] [--firmware bios|uefi|uefi-secure-boot] [--medium cd|usb] [--accel auto|kvm|tcg] [--gui]" >&2; exit 2; }
while [ "$#" -gt 0 ]; do
	case "$1" in
	--iso) iso=$2; shift ;;
	--memory) memory=$2; shift ;;
	--cpus) cpus=$2; shift ;;
	--firmware) firmware=$2; shift ;;
	--medium) medium=$2; shift ;;
	--accel) accel=$2; shift ;;
	--gui) gui=1 ;;
	--no-reboot) no_reboot=1 ;;
	--usb-port) usb_port=1 ;;
	--machine) machine=$2; shift ;;
	--nvme) nvme=$2; shift ;;
	--no-serial) serial=0 ;;
	--serial-pipe) serial_pipe=$2; shift ;;
	--monitor-socket) monitor_socket=$2; shift ;;
	--kernel) kernel=$2; shift ;;
	--initrd) initrd=$2; shift ;;
	--append) append=$2; shift ;;
	--data-cd) data_cd=$2; shift ;;
	--lan) lan=$2; shift ;;
	--mac) mac=$2; shift ;;
	--no-virt) virt=0 ;;
	--netboot) netboot=1 ;;
	*) usage ;;
	esac
	shift
done
case "$memory" in ''|*[!0-9]*) echo "run-qemu: --memory must be a number of MB, not '$memory'." >&2; exit 2 ;; esac
case "$cpus" in ''|*[!0-9]*|0) echo "run-qemu: --cpus must be a positive number, not '$cpus'." >&2; exit 2 ;; esac
[ "$memory" -ge 512 ] || { echo "run-qemu: --memory $memory is too small; Xen Live needs at least 512 MB (1024 or more to run guests)." >&2; exit 2; }
if [ -n "$iso" ] && [ ! -f "$iso" ]; then
	echo "run-qemu: $iso does not exist; build it with 'make iso'." >&2; exit 2
fi
if [ "$netboot" = 1 ]; then
	[ -z "$iso" ] || { echo "run-qemu: a machine that boots from the network has no medium: give --iso or --netboot, not both." >&2; exit 2; }
	case "$lan" in listen:* | connect:*) ;; *) echo "run-qemu: --netboot needs the cable to a serving Xen Live: --lan listen:PORT or connect:PORT." >&2; exit 2 ;; esac
fi
# Every word checked before the accelerator probe says anything.
case "$firmware" in bios | uefi | uefi-secure-boot) ;; *) echo "run-qemu: --firmware must be bios, uefi or uefi-secure-boot, not '$firmware'." >&2; exit 2 ;; esac
case "$medium" in cd | usb) ;; *) echo "run-qemu: --medium must be cd or usb, not '$medium'." >&2; exit 2 ;; esac
case "$machine" in pc | q35) ;; *) echo "run-qemu: --machine must be pc or q35, not '$machine'." >&2; exit 2 ;; esac
[ -z "$nvme" ] || [ -f "$nvme" ] || { echo "run-qemu: --nvme $nvme does not exist." >&2; exit 2; }
if [ -n "$lan" ] && [ "$lan" != user ]; then
	[[ $lan =~ ^(listen|connect):([1-9][0-9]{3,4})$ ]] ||
		{ echo "run-qemu: --lan must be user, listen:PORT or connect:PORT (a port from 1000 on 127.0.0.1), not '$lan'." >&2; exit 2; }
	lan_mode=${BASH_REMATCH[1]} lan_port=${BASH_REMATCH[2]}
	[[ $mac =~ ^52:54:00(:[0-9a-f]{2}){3}$ ]] ||
		{ echo "run-qemu: --lan needs --mac 52:54:00:xx:xx:xx (lower-case hex), unique per machine, not '$mac'." >&2; exit 2; }
fi

args=(-m "$memory" -smp "$cpus" -vga std)
accel=$("$here/accel.sh" "$accel")
if [ "$accel" = kvm ]; then
	# shellcheck disable=SC2054 # commas belong to QEMU's option syntax
	if [ "$virt" = 1 ]; then args+=(-accel kvm -cpu host); else args+=(-accel kvm -cpu host,-vmx,-svm); fi
else
	# shellcheck disable=SC2054 # commas belong to QEMU's option syntax
	if [ "$virt" = 1 ]; then args+=(-accel tcg -cpu qemu64,+svm,+npt); else args+=(-accel tcg -cpu qemu64,-svm); fi
fi

case "$firmware" in
bios) ;;
uefi)
	code=/usr/share/OVMF/OVMF_CODE_4M.fd vars=/usr/share/OVMF/OVMF_VARS_4M.fd
	[ -f "$code" ] || { echo "run-qemu: UEFI firmware $code is missing; run 'make deps' (package ovmf)." >&2; exit 2; }
	# snapshot: the machine may write its UEFI variables, the file stays as shipped.
	args+=(-drive "if=pflash,format=raw,unit=0,readonly=on,file=$code"
		-drive "if=pflash,format=raw,unit=1,file=$vars,snapshot=on") ;;
uefi-secure-boot)
	machine=q35-smm
	code=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd vars=/usr/share/OVMF/OVMF_VARS_4M.ms.fd
	for f in "$code" "$vars"; do
		[ -f "$f" ] || { echo "run-qemu: Secure Boot firmware $f is missing; run 'make deps' (package ovmf)." >&2; exit 2; }
	done
	# shellcheck disable=SC2054 # commas belong to QEMU's option syntax
	args+=(-global driver=cfi.pflash01,property=secure,value=on
		-drive "if=pflash,format=raw,unit=0,readonly=on,file=$code"
		-drive "if=pflash,format=raw,unit=1,file=$vars,snapshot=on") ;;
*) echo "run-qemu: --firmware must be bios, uefi or uefi-secure-boot, not '$firmware'." >&2; exit 2 ;;
esac

if [ -n "$iso" ]; then
	# shellcheck disable=SC2054 # commas belong to QEMU's option syntax
	case "$medium" in
	cd) args+=(-drive "file=$iso,if=ide,index=2,media=cdrom,readonly=on,format=raw" -boot order=d) ;;
	# A USB stick the ISO was written to; snapshot keeps the file untouched.
	usb) args+=(-device qemu-xhci,id=xhci
		-drive "if=none,id=stick,format=raw,file=$iso,snapshot=on"
		-device usb-storage,bus=xhci.0,drive=stick,removable=on,bootindex=0) ;;
	*) echo "run-qemu: --medium must be cd or usb, not '$medium'." >&2; exit 2 ;;
	esac
fi
if [ -n "$data_cd" ]; then
	[ -f "$data_cd" ] || { echo "run-qemu: --data-cd $data_cd does not exist." >&2; exit 2; }
	# shellcheck disable=SC2054 # commas belong to QEMU's option syntax
	args+=(-drive "file=$data_cd,if=ide,index=3,media=cdrom,readonly=on,format=raw")
fi
# shellcheck disable=SC2054 # commas belong to QEMU's option syntax
case "$machine" in
q35) args+=(-machine q35) ;;
q35-smm) args+=(-machine q35,smm=on) ;;
esac
# shellcheck disable=SC2054 # commas belong to QEMU's option syntax
[ -z "$nvme" ] || args+=(-drive "if=none,id=nvme0,format=raw,file=$nvme" -device nvme,serial=xenlive-nvme,drive=nvme0)
# The stick boot above brings its own controller.
# shellcheck disable=SC2054 # commas belong to QEMU's option syntax
[ "$usb_port" = 0 ] || [ "$medium" = usb ] || args+=(-device qemu-xhci,id=xhci)
# shellcheck disable=SC2054 # commas belong to QEMU's option syntax
if [ "$lan" = user ]; then
	args+=(-netdev user,id=lan,restrict=on -device e1000,netdev=lan)
elif [ -n "$lan" ]; then
	# e1000, not virtio-net: a virtio-net NIC of a PV dom0 (its MSI-X
	# through Xen) once stopped sending for good in the middle of a
	# migration ("TX timeout", and 6.1's virtio_net does not reset), which
	# cut the pool's cable; e1000's driver resets a hung transmitter.
	nic="e1000,netdev=lan,mac=$mac"
	[ "$netboot" = 0 ] || nic="$nic,bootindex=0"
	args+=(-netdev "socket,id=lan,$lan_mode=127.0.0.1:$lan_port" -device "$nic")
fi
[ -z "$kernel" ] || args+=(-kernel "$kernel" -initrd "$initrd" -append "$append")

if [ "$serial" = 0 ]; then
	args+=(-serial none)
elif [ -n "$serial_pipe" ]; then
	args+=(-chardev "pipe,id=serial0,path=$serial_pipe" -serial chardev:serial0)
else
	args+=(-serial mon:stdio)
fi
[ -z "$monitor_socket" ] || args+=(-monitor "unix:$monitor_socket,server=on,wait=off")
[ "$gui" = 1 ] || args+=(-display none)
[ "$no_reboot" = 0 ] || args+=(-no-reboot)

exec "${XENLIVE_QEMU:-qemu-system-x86_64}" -nic none "${args[@]}"
