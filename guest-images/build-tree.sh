#!/bin/bash
# Assembles the tree livecd copies verbatim into the dom0 root: dom0/ (xl
# configs, guest catalogue, dnsmasq and systemd units, autospawn) plus each
# guest's kernel, ramdisk and root image under /usr/lib/xenlive/guests/<name>.
# Usage: build-tree.sh TREE
# Environment: DEBIAN_VMLINUZ DEBIAN_INITRD DEBIAN_SQUASHFS CENTOS_VMLINUZ
#   CENTOS_SQUASHFS CENTOS_DISPLAY
# Built beside TREE and moved into place only when complete; TREE/.done last.
set -eu
tree=$1
here=$(cd "$(dirname "$0")" && pwd)
lib=usr/lib/xenlive/guests
mkdir -p "$(dirname "$tree")"
work=$(mktemp -d "$(dirname "$tree")/.tree.XXXXXX")
trap 'rm -rf "$work"' EXIT
t=$work/tree
mkdir -p "$t"
cp -a "$here/dom0/." "$t/"
sed -i "s|@CENTOS_DISPLAY@|$CENTOS_DISPLAY|" "$t/etc/xenlive/guests.d/centos.conf"

install -D -m 0644 "$DEBIAN_VMLINUZ" "$t/$lib/debian/vmlinuz"
install -D -m 0644 "$DEBIAN_INITRD" "$t/$lib/debian/initrd.gz"
install -D -m 0644 "$DEBIAN_SQUASHFS" "$t/$lib/debian/root.squashfs"
install -D -m 0644 "$DEBIAN_SQUASHFS.packages" "$t/$lib/debian/packages.txt"
install -D -m 0644 "$CENTOS_VMLINUZ" "$t/$lib/centos/vmlinuz"
install -D -m 0644 "$CENTOS_SQUASHFS" "$t/$lib/centos/root.squashfs"
install -D -m 0644 "$CENTOS_SQUASHFS.packages" "$t/$lib/centos/packages.txt"

# Every path the catalogue and the xl configs name must be in the tree.
missing=$(grep -hoE '/(usr|etc)/[^" ,#]+' "$t"/etc/xenlive/guests.d/*.conf "$t"/etc/xen/*.cfg | sort -u |
	while read -r p; do [ -e "$t$p" ] || echo "$p"; done)
if [ -n "$missing" ]; then
	echo "guests-tree: named but not built: $missing" >&2
	exit 1
fi
touch "$t/.done"
rm -rf "$tree"
mv "$t" "$tree"
du -sh "$tree/$lib"/* | sed 's|^|guests-tree: |'
