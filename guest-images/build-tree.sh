#!/bin/bash
# Assembles the tree livecd copies verbatim into the dom0 root: dom0/ (xl
# configs, guest catalogue, dnsmasq and systemd units, autospawn) plus each
# guest's kernel, ramdisk and root image.
# Usage: build-tree.sh TREE IMAGE:KEY=FILE...
#   Installs FILE where the catalogue entry guests.d/IMAGE.conf says KEY
#   (kernel, ramdisk or image) lives; a root image's FILE.packages goes
#   beside it as packages.txt.
# Environment: CENTOS_DISPLAY, HOTPLUG_BIN (dom0's hotplug helper, installed
# as the two hotplug scripts the xl configs name).
# The catalogue owns every guest setting: each @key@ in a guest's xl config
# becomes the catalogue's value, so `xl create` by hand gets the same guest
# as xenlive-spawn.  Built beside TREE and moved into place only when
# complete; TREE/.done last.
set -eu
tree=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$(dirname "$tree")"
work=$(mktemp -d "$(dirname "$tree")/.tree.XXXXXX")
trap 'rm -rf "$work"' EXIT
t=$work/tree
catalogue=$t/etc/xenlive/guests.d
mkdir -p "$t"
cp -a "$here/dom0/." "$t/"
sed -i "s|@CENTOS_DISPLAY@|$CENTOS_DISPLAY|" "$catalogue"/centos*.conf
install -D -m 0755 "$HOTPLUG_BIN" "$t/usr/lib/xenlive/xenlive-hotplug"
mkdir -p "$t/etc/xen/scripts"
for script in block-shared-ro vif-bridge-lean; do
	ln -s ../../../usr/lib/xenlive/xenlive-hotplug "$t/etc/xen/scripts/$script"
done

# conf_keys FILE: "key value" per line, as xenlive-spawn reads them.
conf_keys() {
	sed -e 's/#.*//' -e 's/^[[:space:]]*\([a-z_]*\)[[:space:]]*=[[:space:]]*/\1 /' \
		-e 's/[[:space:]]*$//' -e '/^$/d' "$1"
}
conf_get() { conf_keys "$1" | awk -v k="$2" '$1 == k { sub(/^[^ ]+ /, ""); print; exit }'; }

for spec in "$@"; do
	image=${spec%%:*} key=${spec#*:} key=${key%%=*} file=${spec#*=}
	conf=$catalogue/$image.conf
	dest=$(conf_get "$conf" "$key" 2>/dev/null) ||:
	[ -n "$dest" ] || { echo "guests-tree: $image.conf names no $key for $file" >&2; exit 1; }
	install -D -m 0644 "$file" "$t$dest"
	[ "$key" != image ] || install -m 0644 "$file.packages" "$(dirname "$t$dest")/packages.txt"
done

for conf in "$catalogue"/*.conf; do
	cfg=$t$(conf_get "$conf" config)
	while read -r key value; do
		value=${value//\\/\\\\} value=${value//&/\\&} value=${value//|/\\|}
		sed -i "s|@$key@|$value|g" "$cfg"
	done < <(conf_keys "$conf")
	if grep -n '@[a-z_]*@' "$cfg" >&2; then
		echo "guests-tree: $cfg names settings $(basename "$conf") does not have (above)" >&2
		exit 1
	fi
done

# Every path the catalogue and the xl configs name must be in the tree.
missing=$(sed 's/#.*//' "$catalogue"/*.conf "$t"/etc/xen/*.cfg | grep -oE '/(usr|etc)/[^" ,]+' | sort -u |
	while read -r p; do [ -e "$t$p" ] || echo "$p"; done)
if [ -n "$missing" ]; then
	echo "guests-tree: named but not built: $missing" >&2
	exit 1
fi
touch "$t/.done"
rm -rf "$tree"
mv "$t" "$tree"
for conf in "$tree"/etc/xenlive/guests.d/*.conf; do
	du -sh "$tree$(dirname "$(conf_get "$conf" image)")"
done | sed 's|^|guests-tree: |'
