#!/bin/bash
# Builds the busybox initramfs: livecd/initramfs/init, static busybox, and the
# kernel modules listed in livecd/initramfs/modules-boot with their
# dependencies, and the identity of the live system image it belongs to.
# Usage: build-initramfs.sh KERNEL_DIR SQUASHFS OUT
set -eu
# A module the kernel lacks (the loop's exit below) or a failing cpio fails
# the build, not only its side of a pipe.
set -o pipefail
kdir=$1 squashfs=$2 out=$3
abi=$("$(dirname "$0")/../scripts/kernel-abi.sh" "$kdir")
src=$(cd "$(dirname "$0")/initramfs" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work"/{bin,etc,proc,sys,dev,run,root,tmp}
cp /bin/busybox "$work/bin/busybox"
for applet in $("$work/bin/busybox" --list); do
	[ "$applet" = busybox ] || ln -s busybox "$work/bin/$applet"
done
install -m 0755 "$src/init" "$work/init"
install -m 0755 "$src/udhcpc.script" "$work/etc/udhcpc.script"
# The build id (a medium's live/xenlive.id) is the image's sha256 cut short;
# the whole sha256 and the size let the init check and size an image it
# fetches over the network.
sha256=$(sha256sum "$squashfs" | cut -d' ' -f1)
echo "${sha256:0:16}" >"$work/etc/xenlive-id"
echo "$sha256" >"$work/etc/xenlive-sha256"
stat -c %s "$squashfs" >"$work/etc/xenlive-size"

# The Xen drivers are loaded separately, and only when running on Xen.
modules=$(grep -vE '^(#|$)' "$src/modules-boot")
grep -vE '^(#|$|xen)' "$src/modules-boot" >"$work/etc/modules-boot"

# Resolve dependencies against the kernel's own module tree.
[ -f "$kdir/lib/modules/$abi/modules.dep" ] || depmod -b "$kdir" "$abi"
mkdir -p "$work/lib/modules/$abi"
for m in $modules; do
	deps=$(modprobe -d "$kdir" -S "$abi" --show-depends "$m" 2>&1) ||
		{ echo "build-initramfs: kernel $abi has no module $m (livecd/initramfs/modules-boot): $deps" >&2; exit 1; }
	echo "$deps"
done | awk '$1 == "insmod" { print $2 }' | sort -u | while read -r ko; do
	rel=${ko#"$kdir"/}
	mkdir -p "$work/$(dirname "$rel")"
	cp "$ko" "$work/$rel"
done
cp "$kdir/lib/modules/$abi"/modules.{order,builtin,builtin.modinfo} "$work/lib/modules/$abi/"
depmod -b "$work" "$abi"

# Reproducible: sorted, every date SOURCE_DATE_EPOCH, inode and device
# numbers not the build disk's, gzip without name or time.
find "$work" -exec touch -h -d "@${SOURCE_DATE_EPOCH:-0}" {} +
(cd "$work" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -9n >"$out.tmp"
mv "$out.tmp" "$out"
echo "initramfs: $(du -h "$out" | cut -f1) ($(find "$work/lib/modules" -name '*.ko' | wc -l) modules)"
