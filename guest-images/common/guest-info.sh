#!/bin/sh
# Runs once at boot in every demo guest: takes the Xen domain's name from
# XenStore as the host name and writes the demo HTTP page,
# /run/xenlive/index.txt, with the guest's name, distribution and kernel.
# It is on the way to the login prompt: shell built-ins where they do, since
# under emulation every program started costs tens of milliseconds.
set -eu
nl='
'
info=$(/usr/bin/xenlive-xs-read name domid 2>/dev/null) || true
name=${info%%"$nl"*}
case $info in *"$nl"*) domid=${info#*"$nl"} ;; *) domid='?' ;; esac
if [ -z "$name" ] && [ -r /etc/hostname ]; then read -r name </etc/hostname || true; fi
[ -n "$name" ] || name=guest
echo "$name" >/proc/sys/kernel/hostname
echo "$name" >/etc/hostname
distro=unknown
if [ -r /etc/os-release ]; then
	# Read, not sourced in a subshell (one process less).
	while IFS='=' read -r key value; do
		value=${value#\"} value=${value%\"}
		case $key in
		PRETTY_NAME) distro=$value ;;
		NAME) [ "$distro" != unknown ] || distro=$value ;;
		esac
	done </etc/os-release
fi
read -r kernel </proc/sys/kernel/osrelease
mkdir -p /run/xenlive
printf 'Hello from %s\nname: %s\ndistribution: %s\nkernel: %s\ndomid: %s\n' \
	"$name" "$name" "$distro" "$kernel" "$domid" >/run/xenlive/index.txt.tmp
mv /run/xenlive/index.txt.tmp /run/xenlive/index.txt
