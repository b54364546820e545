#!/bin/bash
# make pins: moves every pin to the package archive's current version, as
# apt sees it (make pins runs 'apt-get update' first): the VERSION (and, for
# a package named by its ABI, the ABI) in the component's .mk, and the
# sha256 line in its .hash, taken from apt's signed index.  A pin already
# current is left as it is.  Review the change with git diff, then build.
# Usage: update-pins.sh 'NAME PACKAGE VERSION ARCH FOLLOW MK HASH'...
# (one argument per pin, FOLLOW "-" when none; make pins gives them).
set -eu
set -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ "$#" -gt 0 ] || { echo "update-pins: no pins given; run it through make (make pins)." >&2; exit 2; }

# set_var MK VAR VALUE: rewrites the line "VAR = ..." of MK.
set_var() {
	grep -q "^$2 = " "$1" || { echo "update-pins: $1 has no line '$2 = ...' to rewrite." >&2; exit 1; }
	awk -v var="$2" -v value="$3" '$1 == var && $2 == "=" { print var " = " value; next } { print }' "$1" >"$1.tmp"
	mv "$1.tmp" "$1"
}
# mk_value MK VAR: the literal value of "VAR = ..." in MK.
mk_value() { awk -v var="$2" '$1 == var && $2 == "=" { sub(/^[^=]*= */, ""); print; exit }' "$1"; }

moved=0
for line in "$@"; do
	read -r name pkg version arch follow mk hash <<<"$line"
	[ -n "$hash" ] || { echo "update-pins: '$line' is not 'NAME PACKAGE VERSION ARCH FOLLOW MK HASH'." >&2; exit 2; }
	[ "$follow" != - ] || follow=
	read -r new_pkg new_version sha new_file <<<"$("$here/apt-current.sh" "$pkg" "$arch" "$follow")"
	old_file="${pkg}_${version/:/%3a}_${arch}.deb"
	if [ "$new_pkg $new_version" = "$pkg $version" ] && grep -q "^sha256  $sha  $old_file\$" "$hash"; then
		echo "pins: $name $pkg $version is current"
		continue
	fi
	if [ "$new_pkg" != "$pkg" ]; then
		# The package's name carries its ABI (NAME_ABI in the .mk).
		abi=$(mk_value "$mk" "${name}_ABI")
		if [ -z "$abi" ] || [[ $pkg != *"$abi"* ]]; then
			echo "update-pins: $pkg became $new_pkg, but $mk has no ${name}_ABI that its name is made of." >&2
			exit 1
		fi
		prefix=${pkg%%"$abi"*} suffix=${pkg#*"$abi"}
		new_abi=${new_pkg#"$prefix"} new_abi=${new_abi%"$suffix"}
		set_var "$mk" "${name}_ABI" "$new_abi"
	fi
	set_var "$mk" "${name}_VERSION" "$new_version"
	awk -v old="$old_file" -v new="sha256  $sha  $new_file" \
		'$1 == "sha256" && $3 == old { print new; done = 1; next } { print } END { if (!done) print new }' \
		"$hash" >"$hash.tmp"
	mv "$hash.tmp" "$hash"
	echo "pins: $name $pkg $version -> $new_pkg $new_version ($mk, $hash)"
	moved=$((moved + 1))
done
echo "pins: $moved of $# moved to the archive's current versions"
