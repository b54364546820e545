#!/bin/sh
# Runs once at boot in every demo guest: takes the Xen domain's name from
# XenStore as the host name and writes the demo HTTP page,
# /run/xenlive/index.txt, with the guest's name, distribution and kernel.
set -eu
name=$(/usr/bin/xenlive-xs-read name 2>/dev/null || true)
[ -n "$name" ] || name=$(cat /etc/hostname 2>/dev/null || echo guest)
hostname "$name"
echo "$name" >/etc/hostname
distro=unknown
if [ -r /etc/os-release ]; then
	distro=$(. /etc/os-release && echo "${PRETTY_NAME:-$NAME}")
fi
domid=$(/usr/bin/xenlive-xs-read domid 2>/dev/null || echo '?')
mkdir -p /run/xenlive
cat >/run/xenlive/index.txt.tmp <<INFO
Hello from $name
name: $name
distribution: $distro
kernel: $(uname -r)
domid: $domid
INFO
mv /run/xenlive/index.txt.tmp /run/xenlive/index.txt
