#!/bin/bash
# Generates the BIOS (isolinux) and UEFI (GRUB) boot menus from one
# description (livecd/boot-entries).  Usage: gen-boot-menus.sh ENTRIES OUTDIR
# Writes isolinux.cfg, grub.cfg (the ISO's own GRUB), and for Debian's
# signed GRUB (livecd/secure-boot.mk) signed-grub.cfg, which hands over to
# the ISO's GRUB, and secure-boot.cfg, the menu when Secure Boot is on:
# why Xen cannot start, how to turn Secure Boot off, and the entries that
# boot Linux without Xen.
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
cat >"$isolinux" <<CFG
SERIAL 0 115200
UI menu.c32
PROMPT 0
TIMEOUT $(( timeout_s * 10 ))
MENU TITLE Xen Live
CFG
cat >"$grub" <<CFG
serial --unit=0 --speed=115200
terminal_input console serial
terminal_output console serial
set timeout=$timeout_s
set default=0
CFG

count=0
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
	if [ "$xen" = - ]; then
		args=$(words "$native_linux_console" "$linux")
		printf '\nLABEL %s\n  MENU LABEL %s\n  KERNEL /boot/vmlinuz\n  APPEND initrd=/boot/initrd.gz %s\n' \
			"$id" "$iso_label" "$args" >>"$isolinux"
		printf "\nmenuentry '%s' --id %s --hotkey=%s {\n  linux /boot/vmlinuz %s\n  initrd /boot/initrd.gz\n}\n" \
			"$label" "$id" "${key,,}" "$args" | tee -a "$secure" >>"$grub"
	else
		xen=$(expand_xen "$xen")
		args=$(words "$linux" "$xen_linux_console")
		printf '\nLABEL %s\n  MENU LABEL %s\n  KERNEL /isolinux/mboot.c32\n  APPEND /boot/xen.gz %s --- /boot/vmlinuz-dom0 %s --- /boot/initrd.gz\n' \
			"$id" "$iso_label" "$xen" "$args" >>"$isolinux"
		printf "\nmenuentry '%s' --id %s --hotkey=%s {\n  multiboot2 /boot/xen.gz %s\n  module2 /boot/vmlinuz-dom0 %s\n  module2 /boot/initrd.gz\n}\n" \
			"$label" "$id" "${key,,}" "$xen" "$args" >>"$grub"
	fi
	count=$((count + 1))
done <"$entries"
[ "$count" -gt 0 ] || { echo "gen-boot-menus: $entries describes no entry." >&2; exit 1; }
grep -q '^  linux ' "$secure" || { echo "gen-boot-menus: $entries has no entry that boots Linux without Xen, the one a Secure Boot PC can run." >&2; exit 1; }
cat >>"$secure" <<CFG

menuentry 'Open the firmware setup (to turn Secure Boot off there)' --id setup --hotkey=f {
  fwsetup
}

menuentry 'Restart' --id restart --hotkey=r {
  reboot
}
CFG
