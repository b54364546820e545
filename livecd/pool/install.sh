#!/bin/bash
# Stages the pool for the dom0 root in DEST, which livecd copies into it:
#   usr/lib/xenlive/pool/xenlive_pool/   the package
#   usr/sbin/xenlive-pool                the command
# with xenlive_pool/built.py holding Xen's per-guest overhead, taken from
# xtop's fit check (LAUNCH_H) so that both count the same.
# Built beside DEST and moved into place only when complete.
# Usage: install.sh DEST LAUNCH_H
set -eu
dest=$1 launch_h=$2
here=$(cd "$(dirname "$0")" && pwd)
overhead=$(sed -n 's/^#define XT_GUEST_OVERHEAD_MIB \([0-9][0-9]*\)$/\1/p' "$launch_h")
case $overhead in
''|*[!0-9]*)
	echo "pool: $launch_h has no single '#define XT_GUEST_OVERHEAD_MIB N' line; the pool's migrate check takes Xen's per-guest overhead from there." >&2
	exit 1 ;;
esac
mkdir -p "$(dirname "$dest")"
work=$(mktemp -d "$(dirname "$dest")/.pool.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The tree's folders land on the root's own (/, /usr...), modes and all.
umask 022
t=$work/tree
pkg=$t/usr/lib/xenlive/pool/xenlive_pool
mkdir -p "$pkg" "$t/usr/sbin"
install -m 0644 "$here"/xenlive_pool/*.py "$pkg/"
printf '%s\n' "# Written by livecd/pool/install.sh from $launch_h:" \
	"# Xen's own memory per guest beyond its memory=, as xtop's fit check counts." \
	"GUEST_OVERHEAD_MIB = $overhead" >"$pkg/built.py"
chmod 0644 "$pkg/built.py"
install -m 0755 "$here/xenlive-pool" "$t/usr/sbin/xenlive-pool"
touch "$t/.done"
rm -rf "$dest"
mv "$t" "$dest"
