#!/bin/sh
# Boot-menu guests: with xenlive.spawn=IMAGE[,IMAGE...] on dom0's kernel
# command line, starts one guest of each catalogue image with
# `xenlive-spawn IMAGE` once Xen's daemons are up.  The catalogue, instance
# names and fit check are xenlive-spawn's; this only reads the option.  Names
# started are recorded in /run/xenlive/autospawn.names.
#   autospawn.sh            start the guests (xenlive-autospawn.service)
#   autospawn.sh --console  attach the console of the first one started
#                           (xenlive-autospawn-console.service, on tty3)
set -eu
# Words from the command line are names, never file patterns.
set -f
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
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
command -v xenlive-spawn >/dev/null || { log "xenlive-spawn is not installed; no guest started"; exit 1; }
# Only catalogue images: a word such as "list" or "--all" is a verb or an
# option to xenlive-spawn, not something to launch.
known=$(xenlive-spawn images | awk '{ print $1 }')

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
	if ! echo "$known" | grep -qxF -e "$image"; then
		log "unknown image '$image'; known: $(echo "$known" | paste -sd ' ' -)"
		status=1
		continue
	fi
	# xenlive-spawn prints "NAME [ADDRESS]" for each guest it started.
	out=$(xenlive-spawn "$image") || { log "xenlive-spawn $image failed"; status=1; continue; }
	echo "$out" | awk '{ print $1 }' >>"$names"
done
exit "$status"
