#!/bin/bash
# Builds the unmodified-PC guest's boot CD: isolinux (the build machine's,
# as for xenlive.iso), Debian's stock amd64 kernel and its busybox
# initramfs, as an El Torito CD an ordinary PC's BIOS boots.
# Usage: build-iso.sh OUT.iso VMLINUZ INITRD KERNEL_PACKAGE_DEB BUSYBOX_DEB
# Writes OUT.iso and OUT.iso.packages (package=version of what is on it).
# Built beside OUT and moved into place only when complete.
set -eu
out=$1 vmlinuz=$2 initrd=$3; shift 3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$(dirname "$out")"
work=$(mktemp -d "$(dirname "$out")/.debian-pc.XXXXXX")
trap 'rm -rf "$work"' EXIT
tree=$work/tree
mkdir -p "$tree/boot" "$tree/isolinux"
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$tree/isolinux/"
cp "$here/isolinux.cfg" "$tree/isolinux/isolinux.cfg"
cp "$vmlinuz" "$tree/boot/vmlinuz"
cp "$initrd" "$tree/boot/initrd.gz"
find "$tree" -exec touch -h -d "@${SOURCE_DATE_EPOCH:-0}" {} +
xorriso -as mkisofs -quiet -R -J -V DEBIAN_PC -o "$work/pc.iso" \
	-b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table "$tree"
# shellcheck disable=SC2016 # dpkg-deb's format
for deb in "$@"; do
	dpkg-deb -W --showformat '${Package}=${Version}\n' "$deb"
done >"$work/packages"
mv "$work/packages" "$out.packages"
mv "$work/pc.iso" "$out"
