#!/bin/sh
# Boot-menu guests: with xenlive.spawn=IMAGE[,IMAGE...] on dom0's kernel
# command line, starts one guest of each catalogue image once Xen's daemons
# are up: `xenlive-spawn IMAGE` when installed, else
# `xl create <config> name="IMAGE-1"`.  Names started are recorded in
# /run/xenlive/autospawn.names.
#   autospawn.sh            start the guests (xenlive-autospawn.service)
#   autospawn.sh --console  attach the console of the first one started
#                           (xenlive-autospawn-console.service, on tty3)
set -eu
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
catalogue=/etc/xenlive/guests.d
names=/run/xenlive/autospawn.names
log() { echo "xenlive-autospawn: $*" >&2; }

if [ "${1:-}" = --console ]; then
	name=$(head -n 1 "$names" 2>/dev/null || true)
	[ -n "$name" ] || { log "no guest was started"; exit 0; }
	echo "Console of Xen guest $name (detach with Ctrl-])."
	exec xl console "$name"
fi

images=
# XENLIVE_CMDLINE stands in for /proc/cmdline in tests.
if [ -n "${XENLIVE_CMDLINE:-}" ]; then cmdline=$XENLIVE_CMDLINE; else read -r cmdline </proc/cmdline; fi
for arg in $cmdline; do
	case $arg in xenlive.spawn=*) images=${arg#xenlive.spawn=} ;; esac
done
[ -n "$images" ] || { log "xenlive.spawn= names no image"; exit 0; }

# The vifs join xenbr0 (systemd-networkd): wait for it, a little.
i=0
while [ ! -d /sys/class/net/xenbr0 ] && [ "$i" -lt 30 ]; do
	sleep 1
	i=$((i + 1))
done
[ -d /sys/class/net/xenbr0 ] || log "xenbr0 is missing; guests will fail to attach their network"

mkdir -p /run/xenlive
: >"$names"
status=0
for image in $(echo "$images" | tr ',' ' '); do
	case $image in
	*[!a-z0-9_-]*)
		log "'$image' is not an image name"; status=1; continue ;;
	esac
	conf=$catalogue/$image.conf
	if [ ! -r "$conf" ]; then
		log "unknown image '$image' (no $conf); known: $(for c in "$catalogue"/*.conf; do [ -e "$c" ] && basename "$c" .conf; done | tr '\n' ' ')"
		status=1
		continue
	fi
	before=$(xl list 2>/dev/null | awk 'NR > 1 { print $1 }')
	if [ -x /usr/bin/xenlive-spawn ]; then
		xenlive-spawn "$image" || { log "xenlive-spawn $image failed"; status=1; continue; }
	else
		cfg=$(sed -n 's/^config[[:space:]]*=[[:space:]]*\([^#[:space:]]*\).*/\1/p' "$conf")
		n=1
		while xl domid "$image-$n" >/dev/null 2>&1; do n=$((n + 1)); done
		xl create "$cfg" "name=\"$image-$n\"" || { log "xl create $cfg failed"; status=1; continue; }
	fi
	# The new domain of this image (whatever name the spawner chose).
	xl list 2>/dev/null | awk 'NR > 1 { print $1 }' | while read -r d; do
		case $d in "$image"*) echo "$before" | grep -qxF "$d" || echo "$d" ;; esac
	done >>"$names"
done
exit "$status"
