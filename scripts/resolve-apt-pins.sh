#!/bin/bash
# Resolves the version pins (pkg=version) in a Debian root's package list
# against the archive, as scripts/fetch-deb.sh does for single .debs: a
# pinned version still in the archive stays; one gone from it becomes the
# package's current version (PINS=fallback, the default: one line on
# stderr), or stops the build (PINS=strict).  Prints the list to install.
# Usage: resolve-apt-pins.sh PACKAGE[=VERSION]...
set -eu
mode=${PINS:-fallback}
case $mode in strict | fallback) ;; *)
	echo "resolve-apt-pins: PINS='$mode' is not strict or fallback." >&2; exit 2 ;;
esac
out=()
for spec in "$@"; do
	pkg=${spec%%=*}
	# apt-cache show of a missing version prints nothing, and exits 0.
	if [ "$pkg" = "$spec" ] || apt-cache show "$spec" 2>/dev/null | grep -q '^Package:'; then
		out+=("$spec")
		continue
	fi
	if [ "$mode" = strict ]; then
		echo "resolve-apt-pins: $pkg ${spec#*=} is no longer in the package archive and PINS=strict; run 'make pins' to move the pins to the archive's versions, or build without PINS=strict to use them for now." >&2
		exit 1
	fi
	current=$("$(dirname "$0")/apt-current.sh" "$pkg" "$(dpkg --print-architecture)") || exit 1
	read -r _ current _ <<<"$current"
	echo "pins: $pkg ${spec#*=} is gone from the package archive; installing $pkg $current (recorded in the package list and SBOM; 'make pins' moves the pin)" >&2
	out+=("$pkg=$current")
done
echo "${out[*]}"
