#!/bin/bash
# Fetches one pinned Debian package (ARCH amd64, or all for packages such as
# linux-source-6.1) and checks it against its Buildroot-style .hash file
# ("sha256  <hex>  <file name>"); a mismatch stops the build.
# Usage: fetch-deb.sh PACKAGE VERSION ARCH HASHFILE DEST
# Downloads are kept in $XENLIVE_CACHE/debs so repeated builds need no network.
set -eu
pkg=$1 version=$2 arch=$3 hashfile=$4 dest=$5
cache=${XENLIVE_CACHE:-$HOME/.cache/xenlive}/debs
file="${pkg}_${version/:/%3a}_${arch}.deb"

want=$(awk -v f="$file" '$1 == "sha256" && $3 == f { print $2 }' "$hashfile")
if [ -z "$want" ]; then
	echo "fetch-deb: $hashfile has no sha256 line for $file; add one (sha256  <hex>  $file) before building." >&2
	exit 1
fi

mkdir -p "$cache"
if [ ! -f "$cache/$file" ]; then
	tmp=$(mktemp -d "$cache/.dl.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	echo "fetch-deb: downloading $pkg $version ($arch)"
	if ! (cd "$tmp" && apt-get -q -o APT::Sandbox::User=root download "$pkg=$version" >/dev/null) || [ ! -f "$tmp/$file" ]; then
		echo "fetch-deb: $pkg $version ($arch) is not in the package archive; run 'apt-get update', or move the pin in $hashfile to a version 'apt-cache policy $pkg' lists." >&2
		exit 1
	fi
	mv "$tmp/$file" "$cache/$file"
fi

have=$(sha256sum "$cache/$file" | cut -d' ' -f1)
if [ "$have" != "$want" ]; then
	rm -f "$cache/$file"
	echo "fetch-deb: $file has sha256 $have but $hashfile pins $want; the archive serves a different file than the one pinned, so the build stops (update the pin only if you trust the new package)." >&2
	exit 1
fi
mkdir -p "$(dirname "$dest")"
cp "$cache/$file" "$dest.tmp"
mv "$dest.tmp" "$dest"
