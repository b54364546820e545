#!/bin/bash
# Generates the BIOS (isolinux) and UEFI (GRUB) boot menus from one
# description (livecd/boot-entries).  Usage: gen-boot-menus.sh ENTRIES OUTDIR
# Writes isolinux.cfg, grub.cfg (the ISO's own GRUB), and for Debian's
# signed GRUB (livecd/secure-boot.mk) signed-grub.cfg, which hands over to
# the ISO's GRUB, and secure-boot.cfg, the menu when Secure Boot is on:
# why Xen cannot start, how to turn Secure Boot off, and the entries that
# boot Linux without Xen.  For a Xen Live machine serving others over the
# network (livecd/build-iso.sh puts them in /netboot/), netboot-pxelinux.cfg
# and netboot-grub.cfg: templates whose paths are relative to the TFTP root,
# where the server fills in @SERVER@ and @NETBOOT@ (livecd/boot-entries says
# which entries they offer).
# Environment: XEN_CMDLINE XEN_SAFE_CMDLINE XEN_TEXT_CMDLINE XEN_VGA DOM0_MEM_MB SQUASHFS_MB
set -eu
entries=$1 out=$2
timeout_s=3
toram_mb=$(( DOM0_MEM_MB + SQUASHFS_MB ))
# Under Xen the dom0 console is hvc0, which Xen copies to its serial line:
# the kernel's messages go there (and to dmesg), never over xtop on the
# screen.  It comes last, after an entry's own options, so that it stays
# /dev/console even where an entry adds console=tty0 (safe mode).
xen_linux_console="console=hvc0"
native_linux_console="console=tty0 console=ttyS0,115200n8"

# shellcheck disable=SC2048,SC2086 # word splitting squeezes runs of blanks
words() { echo $*; }
trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; echo "${s%"${s##*[![:space:]]}"}"; }
expand_xen() {
	local s=$1
	s=${s//@XEN@/$XEN_CMDLINE}
	s=${s//@SAFE@/$XEN_SAFE_CMDLINE}
	s=${s//@TEXT@/$XEN_TEXT_CMDLINE}
	s=${s//@TORAM_DOM0_MEM@/${toram_mb}M,max:${toram_mb}M}
	# Xen takes the first vga= only: the entry's own, else the default mode.
	case " $s" in *" vga="*) ;; *) s="$s $XEN_VGA" ;; esac
	words "$s"
}

isolinux=$out/isolinux.cfg grub=$out/grub.cfg secure=$out/secure-boot.cfg
grub_terminal='serial --unit=0 --speed=115200
terminal_input console serial
terminal_output console serial'
# Debian's signed GRUB, started by shim, finds this medium by /.disk/info and
# reads this first.  GRUB sets "lockdown" when the firmware has Secure Boot on.
cat >"$out/signed-grub.cfg" <<CFG
$grub_terminal
if [ "\$lockdown" = y ]; then
  source /boot/grub/secure-boot.cfg
else
  chainloader /EFI/xenlive/grubx64.efi
  boot
fi
CFG
cat >"$secure" <<CFG
$grub_terminal
set timeout=-1
set default=why
menuentry 'Xen Live: Secure Boot is on, so Xen cannot start (Enter: why, and what to do)' --id why --hotkey=w {
  echo 'Secure Boot is on in this PC'"'"'s firmware.  Under it, the firmware starts only'
  echo 'programs signed with keys it trusts.  Debian signs its boot loader and its'
  echo 'Linux kernel, so Linux can start; nobody signs the Xen hypervisor for Secure'
  echo 'Boot, so Xen cannot start, and neither can the Xen entries of this CD.'
  echo
  echo 'To use Xen Live, turn Secure Boot off:'
  echo '  1. Choose "Open the firmware setup" in this menu (or restart and press the'
  echo '     setup key shown at power-on: often F2, F10, Del or Esc).'
  echo '  2. Find "Secure Boot" (under Security, Boot or Authentication) and set it'
  echo '     to Disabled.  Save, exit, and start from this CD or stick again.'
  echo '  Nothing on the PC changes; you can turn Secure Boot back on afterwards.'
  echo
  echo 'Meanwhile "Linux without Xen" starts the same live system on Debian'"'"'s'
  echo 'signed kernel, without the hypervisor.'
  echo
  echo 'Press Esc to return to the menu.'
  sleep --interruptible 3600
}
CFG
net_pxe=$out/netboot-pxelinux.cfg net_grub=$out/netboot-grub.cfg
# Syslinux menu header: FILE TITLE
syslinux_header() {
	printf 'SERIAL 0 115200\nUI menu.c32\nPROMPT 0\nTIMEOUT %s\nMENU TITLE %s\n' \
		$(( timeout_s * 10 )) "$2" >"$1"
}
# Syslinux entry booting Xen: FILE ROOT MBOOT ID LABEL XEN_ARGS LINUX_ARGS.
# ROOT is "/" on the CD; empty over TFTP, where pxelinux asks for paths
# relative to its own directory and a leading slash would name a path on
# the server's disk.
syslinux_xen() {
	printf '\nLABEL %s\n  MENU LABEL %s\n  KERNEL %s\n  APPEND %sboot/xen.gz %s --- %sboot/vmlinuz-dom0 %s --- %sboot/initrd.gz\n' \
		"$4" "$5" "$3" "$2" "$6" "$2" "$7" "$2" >>"$1"
}
grub_header() {
	printf '%s\nset timeout=%s\nset default=0\n' "$grub_terminal" "$timeout_s" >"$1"
}
# GRUB entry booting Xen: FILE ID LABEL KEY XEN_ARGS LINUX_ARGS.  Its root is
# the CD, or the TFTP server that GRUB came from.
grub_xen() {
	printf "\nmenuentry '%s' --id %s --hotkey=%s {\n  multiboot2 /boot/xen.gz %s\n  module2 /boot/vmlinuz-dom0 %s\n  module2 /boot/initrd.gz\n}\n" \
		"$3" "$2" "$4" "$5" "$6" >>"$1"
}
syslinux_header "$isolinux" "Xen Live"
syslinux_header "$net_pxe" "Xen Live from @SERVER@ (network boot)"
grub_header "$grub"
grub_header "$net_grub"

count=0 net_count=0
while IFS='|' read -r id key label xen linux; do
	id=$(trim "$id")
	case "$id" in ''|'#'*) continue ;; esac
	key=$(trim "$key") label=$(trim "$label") xen=$(trim "$xen") linux=$(trim "$linux")
	# isolinux marks the hotkey with ^ before its first occurrence in the label.
	lower=${label,,}
	prefix=${lower%%"${key,,}"*}
	if [ "${#key}" -ne 1 ] || [ "$prefix" = "$lower" ]; then
		echo "gen-boot-menus: entry $id: hotkey '$key' must be one letter of its label '$label'." >&2
		exit 1
	fi
	iso_label="${label:0:${#prefix}}^${label:${#prefix}}"
	count=$((count + 1))
	if [ "$xen" = - ]; then
		args=$(words "$native_linux_console" "$linux")
		printf '\nLABEL %s\n  MENU LABEL %s\n  KERNEL /boot/vmlinuz\n  APPEND initrd=/boot/initrd.gz %s\n' \
			"$id" "$iso_label" "$args" >>"$isolinux"
		printf "\nmenuentry '%s' --id %s --hotkey=%s {\n  linux /boot/vmlinuz %s\n  initrd /boot/initrd.gz\n}\n" \
			"$label" "$id" "${key,,}" "$args" | tee -a "$secure" >>"$grub"
		# A pool needs Xen: no netboot entry.
		continue
	fi
	xen_args=$(expand_xen "$xen")
	args=$(words "$linux" "$xen_linux_console")
	syslinux_xen "$isolinux" / /isolinux/mboot.c32 "$id" "$iso_label" "$xen_args" "$args"
	grub_xen "$grub" "$id" "$label" "${key,,}" "$xen_args" "$args"
	# A network-booted machine always holds its live system in RAM, so
	# every netboot entry is as large as the toram one, which it makes
	# redundant.  Xen takes the last dom0_mem.
	case " $linux " in *" toram "*) continue ;; esac
	xen_args=$(expand_xen "$xen dom0_mem=@TORAM_DOM0_MEM@")
	args=$(words "$linux" @NETBOOT@ "$xen_linux_console")
	syslinux_xen "$net_pxe" "" mboot.c32 "$id" "$iso_label" "$xen_args" "$args"
	grub_xen "$net_grub" "$id" "$label (from @SERVER@)" "${key,,}" "$xen_args" "$args"
	net_count=$((net_count + 1))
done <"$entries"
[ "$count" -gt 0 ] || { echo "gen-boot-menus: $entries describes no entry." >&2; exit 1; }
[ "$net_count" -gt 0 ] || { echo "gen-boot-menus: $entries has no Xen entry without toram, the kind a network boot offers." >&2; exit 1; }
grep -q '^  linux ' "$secure" || { echo "gen-boot-menus: $entries has no entry that boots Linux without Xen, the one a Secure Boot PC can run." >&2; exit 1; }
cat >>"$secure" <<CFG

menuentry 'Open the firmware setup (to turn Secure Boot off there)' --id setup --hotkey=f {
  fwsetup
}

menuentry 'Restart' --id restart --hotkey=r {
  reboot
}
CFG
