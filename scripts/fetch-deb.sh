#!/bin/bash
# Fetches one pinned Debian package (ARCH amd64, or all for packages such as
# linux-source-6.1) and checks it against its Buildroot-style .hash file
# ("sha256  <hex>  <file name>"); a mismatch stops the build.
# Usage: fetch-deb.sh PACKAGE VERSION ARCH HASHFILE DEST [FOLLOW]
# Downloads are kept in $XENLIVE_CACHE/debs so repeated builds need no network.
#
# Debian's archive drops a version when a point release or a security
# update replaces it.  When the pinned version is gone (and not cached),
# PINS=fallback (the default) takes the archive's current version instead,
# checked against the sha256 in apt's signed index, and says so in one line;
# DEST then holds that version, which the package list and the SBOM read
# from it.  FOLLOW: see scripts/apt-current.sh.  PINS=strict refuses.
# `make pins` moves the pins to the current archive.
set -eu
set -o pipefail
pkg=$1 version=$2 pinned=$2 arch=$3 hashfile=$4 dest=$5 follow=${6:-}
mode=${PINS:-fallback}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/cache-dir.sh
. "$here/cache-dir.sh"
cache=$XENLIVE_CACHE/debs
file="${pkg}_${version/:/%3a}_${arch}.deb"
case $mode in strict | fallback) ;; *)
	echo "fetch-deb: PINS='$mode' is not strict or fallback." >&2; exit 2 ;;
esac

want=$(awk -v f="$file" '$1 == "sha256" && $3 == f { print $2 }' "$hashfile")
pinned_by="$hashfile pins"
if [ -z "$want" ]; then
	echo "fetch-deb: $hashfile has no sha256 line for $file; add one (sha256  <hex>  $file) before building." >&2
	exit 1
fi

# download PACKAGE VERSION FILE: into the cache, unless it is there.
download() {
	local tmp
	[ ! -f "$cache/$3" ] || return 0
	tmp=$(mktemp -d "$cache/.dl.XXXXXX")
	echo "fetch-deb: downloading $1 $2 ($arch)"
	if (cd "$tmp" && apt-get -q -o APT::Sandbox::User=root download "$1=$2" >/dev/null 2>&1) && [ -f "$tmp/$3" ]; then
		mv "$tmp/$3" "$cache/$3"
	fi
	rm -rf "$tmp"
	[ -f "$cache/$3" ]
}

mkdir -p "$cache"
# apt-cache show of a missing version prints nothing, and exits 0.  grep
# reads it all (no -q): apt-cache must not be cut off by a closed pipe.
if [ ! -f "$cache/$file" ] && ! apt-cache show "$pkg=$version" 2>/dev/null | grep '^Package:' >/dev/null; then
	# The pinned version has left the archive.
	if [ "$mode" = strict ]; then
		echo "fetch-deb: $pkg $version (pinned in $hashfile) is no longer in the package archive and PINS=strict; run 'make pins' to move the pins to the archive's versions, or build without PINS=strict to use them for now." >&2
		exit 1
	fi
	current=$("$here/apt-current.sh" "$pkg" "$arch" "$follow") || exit 1
	read -r cur_pkg version want file <<<"$current"
	pinned_by="apt's index gives"
	echo "pins: $pkg $pinned is gone from the package archive; building with $cur_pkg $version (recorded in the package list and SBOM; 'make pins' moves the pin)"
	pkg=$cur_pkg
fi
if ! download "$pkg" "$version" "$file"; then
	echo "fetch-deb: $pkg $version ($arch) could not be downloaded from the package archive; run 'apt-get update' and try again." >&2
	exit 1
fi

have=$(sha256sum "$cache/$file" | cut -d' ' -f1)
if [ "$have" != "$want" ]; then
	rm -f "$cache/$file"
	echo "fetch-deb: $file has sha256 $have but $pinned_by $want; the archive serves a different file than the one pinned, so the build stops (update the pin only if you trust the new package)." >&2
	exit 1
fi
mkdir -p "$(dirname "$dest")"
cp "$cache/$file" "$dest.tmp"
mv "$dest.tmp" "$dest"
