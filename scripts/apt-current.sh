#!/bin/bash
# Prints the package archive's current version of a pinned package, as
# apt sees it on this machine: "PACKAGE VERSION SHA256 FILENAME" (FILENAME
# as apt-get download names it).  Used where a pin has left the archive
# (scripts/fetch-deb.sh) and by make pins (scripts/update-pins.sh).
# FOLLOW names a meta-package whose first dependency is PACKAGE under its
# current name: Debian's kernel packages carry their ABI in their name
# (linux-image-6.1.0-56-amd64), which a new upload changes, and
# linux-image-amd64 always depends on the current one.
# Usage: apt-current.sh PACKAGE ARCH [FOLLOW]
set -eu
set -o pipefail
pkg=$1 arch=$2 follow=${3:-}

# field STANZA NAME: one field of a deb822 stanza.
field() { awk -v f="$2:" '$1 == f { sub(/^[^:]*: */, ""); print; exit }' <<<"$1"; }
# candidate NAME: the candidate version's stanza for ARCH (or all).
candidate() {
	local ver
	ver=$(apt-cache policy "$1" 2>/dev/null | awk '$1 == "Candidate:" { print $2; exit }')
	[ -n "$ver" ] && [ "$ver" != "(none)" ] || return 1
	apt-cache show "$1=$ver" 2>/dev/null |
		awk -v a="$arch" 'BEGIN { RS = ""; ORS = "\n\n" } $0 ~ "\nArchitecture: (" a "|all)\n" { print; exit }'
}

if [ -n "$follow" ]; then
	meta=$(candidate "$follow") ||
		{ echo "apt-current: the package archive has no $follow (which names the current $pkg); run 'apt-get update', or check the pin." >&2; exit 1; }
	pkg=$(field "$meta" Depends | sed -E 's/[ ,(|].*//')
	[ -n "$pkg" ] ||
		{ echo "apt-current: $follow $(field "$meta" Version) depends on nothing, so it names no current package." >&2; exit 1; }
fi
stanza=$(candidate "$pkg") ||
	{ echo "apt-current: the package archive has no $pkg ($arch) in any version; run 'apt-get update', or check the pin." >&2; exit 1; }
version=$(field "$stanza" Version) sha=$(field "$stanza" SHA256) a=$(field "$stanza" Architecture)
[ -n "$sha" ] || { echo "apt-current: apt's index gives no SHA256 for $pkg $version." >&2; exit 1; }
# apt-get download writes the epoch's colon as %3a.
echo "$pkg $version $sha ${pkg}_${version/:/%3a}_${a}.deb"
