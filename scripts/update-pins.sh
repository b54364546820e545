#!/bin/bash
# make pins: moves every pin to the package archive's current version, as
# apt sees it (make pins runs 'apt-get update' first): the VERSION (and, for
# a package named by its ABI, the ABI) in the component's .mk, and the
# sha256 line in its .hash, taken from apt's signed index.  A pin already
# current is left as it is.  Review the change with git diff, then build.
# Usage: update-pins.sh 'NAME PACKAGE VERSION ARCH FOLLOW MK HASH'...
# (one argument per pin, FOLLOW "-" when none; make pins gives them).
# A VERSION line "NAME_VERSION = $(OTHER)" takes a version several pins
# share (guest-kernels/kernel-version.mk): OTHER's line "OTHER = ..." in
# one of the makefiles PIN_MAKEFILES lists (make pins gives them) is the
# one rewritten, and only when every pin sharing it moves to one version.
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
read -r -a makefiles <<<"${PIN_MAKEFILES:-}"
# version_home MK VAR: "FILE VAR" of the line that holds VAR's version:
# MK's own, or where that is "$(OTHER)", the one makefile that sets OTHER.
version_home() {
	local file=$1 var=$2 value ref f found
	local -A looked=()
	value=$(mk_value "$file" "$var")
	while [[ $value =~ ^\$\(([A-Za-z0-9_]+)\)$ ]]; do
		ref=${BASH_REMATCH[1]} found=''
		looked=()
		for f in "$1" "${makefiles[@]}"; do
			[ -z "${looked[$f]:-}" ] || continue
			looked[$f]=1
			grep -q "^$ref = " "$f" 2>/dev/null || continue
			[ -z "$found" ] || { echo "update-pins: both $found and $f set $ref; keep one." >&2; exit 1; }
			found=$f
		done
		[ -n "$found" ] || { echo "update-pins: $var in $file is \$($ref), but no makefile make read has a line '$ref = ...'; run it through make (make pins)." >&2; exit 1; }
		file=$found var=$ref value=$(mk_value "$file" "$var")
	done
	echo "$file $var"
}

# First every pin's move, so that nothing is rewritten when two pins that
# share a version would move apart.
n=0
declare -A shared_value=() shared_by=()
for line in "$@"; do
	read -r name pkg version arch follow mk hash <<<"$line"
	[ -n "$hash" ] || { echo "update-pins: '$line' is not 'NAME PACKAGE VERSION ARCH FOLLOW MK HASH'." >&2; exit 2; }
	[ "$follow" != - ] || follow=
	read -r new_pkg new_version sha new_file <<<"$("$here/apt-current.sh" "$pkg" "$arch" "$follow")"
	home=$(version_home "$mk" "${name}_VERSION")
	if [ -n "${shared_value[$home]:-}" ] && [ "${shared_value[$home]}" != "$new_version" ]; then
		echo "update-pins: ${shared_by[$home]} and $name share ${home#* } (${home%% *}), but the archive has ${shared_value[$home]} for one and $new_version for the other; nothing was rewritten: pin them apart or wait for the archive." >&2
		exit 1
	fi
	shared_value[$home]=$new_version shared_by[$home]=$name
	names[n]=$name pkgs[n]=$pkg versions[n]=$version arches[n]=$arch mks[n]=$mk hashes[n]=$hash
	new_pkgs[n]=$new_pkg new_versions[n]=$new_version shas[n]=$sha new_files[n]=$new_file homes[n]=$home
	n=$((n + 1))
done

moved=0
for ((i = 0; i < n; i++)); do
	name=${names[i]} pkg=${pkgs[i]} version=${versions[i]} arch=${arches[i]} mk=${mks[i]} hash=${hashes[i]}
	new_pkg=${new_pkgs[i]} new_version=${new_versions[i]} sha=${shas[i]} new_file=${new_files[i]} home=${homes[i]}
	old_file="${pkg}_${version/:/%3a}_${arch}.deb"
	if [ "$new_pkg $new_version" = "$pkg $version" ] && grep -q "^sha256  $sha  $old_file\$" "$hash"; then
		echo "pins: $name $pkg $version is current"
		continue
	fi
	files=$mk
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
		[ "${home%% *}" = "$mk" ] || files="$mk, ${home%% *}"
	else
		files=${home%% *}
	fi
	set_var "${home%% *}" "${home#* }" "$new_version"
	awk -v old="$old_file" -v new="sha256  $sha  $new_file" \
		'$1 == "sha256" && $3 == old { print new; done = 1; next } { print } END { if (!done) print new }' \
		"$hash" >"$hash.tmp"
	mv "$hash.tmp" "$hash"
	echo "pins: $name $pkg $version -> $new_pkg $new_version ($files, $hash)"
	moved=$((moved + 1))
done
echo "pins: $moved of $# moved to the archive's current versions"
