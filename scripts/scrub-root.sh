#!/bin/bash
# Removes from a Debian root image, just before it is squashed, what would
# make two builds of one commit differ or would describe the build machine
# rather than the system that boots:
#   - the build's logs (debootstrap, dpkg, apt, alternatives);
#   - caches the system rebuilds: ldconfig's aux-cache (inode numbers and
#     times), Python's __pycache__ (bytecode is not byte-stable from one
#     build to the next), apt's indexes and package caches;
#   - identities: /etc/machine-id is left empty (systemd makes one at each
#     boot, and an empty file is not a "first boot"), no D-Bus machine id,
#     no random seed, no SSH host keys (made at boot);
#   - the build day in /etc/shadow's "last changed" field becomes
#     SOURCE_DATE_EPOCH's day.
# Usage: scrub-root.sh ROOT
set -eu
root=$1
[ -d "$root/etc" ] || { echo "scrub-root: $root is not a root file system (no etc/)." >&2; exit 2; }
find "$root/var/log" -type f -delete
find "$root" -xdev -type d -name __pycache__ -prune -exec rm -rf {} +
rm -rf "$root"/var/cache/ldconfig/aux-cache "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/partial/* \
	"$root"/var/lib/apt/lists/* "$root"/var/cache/debconf/*-old "$root"/var/lib/dbus/machine-id \
	"$root"/var/lib/systemd/random-seed "$root"/var/lib/systemd/credential.secret \
	"$root"/etc/ssh/ssh_host_* "$root"/etc/dropbear/dropbear_*_host_key
: >"$root/etc/machine-id"
day=$(( ${SOURCE_DATE_EPOCH:-0} / 86400 ))
for f in "$root/etc/shadow" "$root/etc/shadow-"; do
	[ -f "$f" ] || continue
	awk -F: -v OFS=: -v day="$day" '$3 ~ /^[0-9]+$/ && $3 != 0 { $3 = day } { print }' "$f" >"$f.scrub"
	# Over the original, so its owner and mode stay.
	cat "$f.scrub" >"$f"
	rm -f "$f.scrub"
done
