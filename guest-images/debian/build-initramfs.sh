#!/bin/bash
# Builds a Debian kernel's busybox initramfs: static busybox, the named
# modules (loaded in the order given, so each module's dependencies come
# before it in the list) and /init (initramfs-init).  Used by the Debian
# guest (cloud kernel, Xen front ends) and the unmodified-PC guest (stock
# kernel, the drivers of an emulated PC).
# Usage: build-initramfs.sh MODDIR BUSYBOX OUT MODULE...
set -eu
# A failing find or cpio fails the build, not only its side of a pipe.
set -o pipefail
moddir=$1 busybox=$2 out=$3; shift 3
here=$(dirname "$(readlink -f "$0")")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/xenlive-initrd.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp"/root/{bin,dev,proc,sys,run,newroot,lib/modules}
cp "$busybox" "$tmp/root/bin/busybox"
for applet in sh mount umount insmod sleep mkdir cat switch_root ls echo rm; do
	ln -s busybox "$tmp/root/bin/$applet"
done
i=1 loaded=
for m in "$@"; do
	ko=$(find "$moddir/kernel" -name "$m.ko" -print -quit)
	if [ -z "$ko" ]; then
		echo "build-initramfs: module $m not found under $moddir" >&2
		exit 1
	fi
	for dep in $(/sbin/modinfo -F depends "$ko" | tr , ' '); do
		case " $loaded " in
		*" $dep "*) ;;
		*) echo "build-initramfs: $m needs $dep; name $dep before $m in the module list" >&2; exit 1 ;;
		esac
	done
	loaded="$loaded $m"
	cp "$ko" "$tmp/root/lib/modules/$(printf %02d "$i")-$m.ko"
	i=$((i + 1))
done
install -m 0755 "$here/initramfs-init" "$tmp/root/init"
install -m 0644 "$here/../common/overlay-root.sh" "$tmp/root/lib/overlay-root.sh"
# Reproducible: sorted, every date SOURCE_DATE_EPOCH, inode and device
# numbers not the build disk's, gzip without name or time.
find "$tmp/root" -exec touch -h -d "@${SOURCE_DATE_EPOCH:-0}" {} +
(cd "$tmp/root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 --reproducible) | gzip -9n >"$tmp/initrd.gz"
mkdir -p "$(dirname "$out")"
mv "$tmp/initrd.gz" "$out"
echo "debian-initramfs: $(stat -c %s "$out") bytes"
