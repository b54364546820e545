#!/bin/bash
# Assembles the tree livecd copies verbatim into the dom0 root: dom0/ (xl
# configs, guest catalogue, dnsmasq and systemd units, autospawn) plus each
# guest's kernel, ramdisk and root image.
# Usage: build-tree.sh TREE IMAGE:KEY=FILE...
#   Installs FILE where the catalogue entry guests.d/IMAGE.conf says KEY
#   (kernel, ramdisk or image) lives; a root image's FILE.packages goes
#   beside it as packages.txt.
# Environment: CENTOS_DISPLAY, HOTPLUG_BIN (dom0's hotplug helper, installed
# as the two hotplug scripts the xl configs name), XENLIVE_SPAWN (this
# host's build of xenlive-spawn, whose parser, the one xtop has too, checks
# and reads the catalogue here).
# The catalogue owns every guest setting: each @key@ in a guest's xl config
# becomes the catalogue's value, so `xl create` by hand gets the same guest
# as xenlive-spawn.  Built beside TREE and moved into place only when
# complete; TREE/.done last.
set -eu
set -o pipefail
tree=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
: "${XENLIVE_SPAWN:?XENLIVE_SPAWN (the host build of xenlive-spawn, which reads the catalogue) is not set; run make guests}"
# Every entry as the live system will read it, each file named after its
# image (the loops below go by file name), before anything is built.
"$XENLIVE_SPAWN" --catalog "$here/dom0/etc/xenlive/guests.d" check-catalog
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

# spawn get IMAGE [KEY]: what the tree's catalogue says.
spawn() { "$XENLIVE_SPAWN" --catalog "$catalogue" "$@"; }

for spec in "$@"; do
	image=${spec%%:*} key=${spec#*:} key=${key%%=*} file=${spec#*=}
	dest=$(spawn get "$image" "$key")
	[ -n "$dest" ] || { echo "guests-tree: $image.conf names no $key for $file" >&2; exit 1; }
	install -D -m 0644 "$file" "$t$dest"
	[ "$key" != image ] || install -m 0644 "$file.packages" "$(dirname "$t$dest")/packages.txt"
done

# Every catalogue setting, "key = value" lines, for the path check below.
settings_all=
for conf in "$catalogue"/*.conf; do
	image=$(basename "$conf" .conf)
	settings=$(spawn get "$image")
	settings_all+=$settings$'\n'
	cfg=$t$(spawn get "$image" config)
	while read -r key _ value; do
		value=${value//\\/\\\\} value=${value//&/\\&} value=${value//|/\\|}
		sed -i "s|@$key@|$value|g" "$cfg"
	done <<<"$settings"
	if grep -n '@[a-z_]*@' "$cfg" >&2; then
		echo "guests-tree: $cfg names settings $(basename "$conf") does not have (above)" >&2
		exit 1
	fi
done

# Every path the catalogue and the xl configs name must be in the tree.
missing=$({ printf '%s' "$settings_all"; sed 's/#.*//' "$t"/etc/xen/*.cfg; } | { grep -oE '/(usr|etc)/[^" ,]+' || :; } |
	sort -u | while read -r p; do [ -e "$t$p" ] || echo "$p"; done)
if [ -n "$missing" ]; then
	echo "guests-tree: named but not built: $missing" >&2
	exit 1
fi
touch "$t/.done"
rm -rf "$tree"
mv "$t" "$tree"
for conf in "$tree"/etc/xenlive/guests.d/*.conf; do
	root_image=$("$XENLIVE_SPAWN" --catalog "$tree/etc/xenlive/guests.d" get "$(basename "$conf" .conf)" image)
	du -sh "$tree$(dirname "$root_image")"
done | sed 's|^|guests-tree: |'
