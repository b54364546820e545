#!/bin/bash
# ISO size, part by part.  Reports, asserts nothing.  Usage: size.sh ISO
set -eu
iso=$1
mb() { awk -v b="$1" 'BEGIN { printf "%7.1f MB", b / 1048576 }'; }
part() {
	local size
	size=$(xorriso -indev "$iso" -find "$2" -exec lsdl 2>/dev/null | awk '{ s += $5 } END { print s + 0 }')
	printf '  %-34s %s\n' "$1" "$(mb "$size")"
}
echo "ISO size: $(mb "$(stat -c %s "$iso")")   (target <= 250 MB with guests)"
part "Xen (boot/xen.gz)" /boot/xen.gz
part "Linux kernel (boot/vmlinuz)" /boot/vmlinuz
part "dom0 kernel, LZ4 (boot/vmlinuz-dom0)" /boot/vmlinuz-dom0
part "initramfs (boot/initrd.gz)" /boot/initrd.gz
part "dom0 root (live/filesystem.squashfs)" /live/filesystem.squashfs
part "isolinux (BIOS boot)" /isolinux
part "GRUB (UEFI boot)" /boot/grub
if [ -n "${GUESTS_TREE:-}" ] && [ -d "$GUESTS_TREE/usr/lib/xenlive/guests" ]; then
	echo "  guests inside the dom0 root (already compressed):"
	for g in "$GUESTS_TREE"/usr/lib/xenlive/guests/*/; do
		printf '    %-32s %s\n' "$(basename "$g")" "$(mb "$(du -sb "$g" | cut -f1)")"
	done
fi
