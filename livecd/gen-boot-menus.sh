#!/bin/bash
# Generates the BIOS (isolinux) and UEFI (GRUB) boot menus from one
# description (livecd/boot-entries).  Usage: gen-boot-menus.sh ENTRIES OUTDIR
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

isolinux=$out/isolinux.cfg grub=$out/grub.cfg
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
			"$label" "$id" "${key,,}" "$args" >>"$grub"
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
