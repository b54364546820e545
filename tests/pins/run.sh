#!/bin/bash
# Pins and a moving archive, against a stand-in archive made here (a file:
# apt source in a scratch apt configuration; no network): a pin still in
# the archive is fetched and checked; a pin gone from it is replaced by the
# current version (PINS=fallback) in one line, or refused (PINS=strict) in
# one sentence; a kernel named by its ABI follows its meta-package; a
# package the archive lacks entirely, or a wrong sha256, stops in one
# sentence; the Debian roots' pkg=version pins do the same; make pins'
# updater rewrites a .mk and its .hash to the archive's versions, and a
# version several pins share where it is set.
# Ends with "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/report.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/pins.XXXXXX")
trap 'rm -rf "$work"' EXIT

# deb NAME VERSION [DEPENDS]: a tiny package in $work/debs.
deb() {
	local d=$work/src/$1-$2
	mkdir -p "$d/DEBIAN" "$d/usr/share/$1" "$work/debs"
	echo "$1 $2" >"$d/usr/share/$1/version"
	printf 'Package: %s\nVersion: %s\nArchitecture: amd64\nMaintainer: Xen Live tests <tests@invalid>\nDescription: stand-in\n' \
		"$1" "$2" >"$d/DEBIAN/control"
	[ -z "${3:-}" ] || echo "Depends: $3" >>"$d/DEBIAN/control"
	dpkg-deb -Zgzip --root-owner-group -b "$d" "$work/debs/${1}_${2/:/%3a}_amd64.deb" >/dev/null
}
sha() { sha256sum "$work/debs/$1" | cut -d' ' -f1; }

# The archive: demo-lib 1.0 (pinned, present), demo-tool 2.0 (pinned 1.0,
# gone), linux-image-9.9-2-demo 2.0 named by linux-image-demo (pinned
# linux-image-9.9-1-demo 1.0, gone).  The gone ones are built too, for
# their pinned sha256, but left out of the archive.
deb demo-lib 1.0
deb demo-tool 1.0
deb demo-tool 2.0
deb linux-image-9.9-1-demo 1.0
deb linux-image-9.9-2-demo 2.0
deb linux-image-demo 2.0 'linux-image-9.9-2-demo (= 2.0)'
mkdir -p "$work/archive"
for f in demo-lib_1.0 demo-tool_2.0 linux-image-9.9-2-demo_2.0 linux-image-demo_2.0; do
	cp "$work/debs/${f}_amd64.deb" "$work/archive/"
done
(cd "$work/archive" && dpkg-scanpackages . /dev/null 2>/dev/null >Packages)

# A scratch apt that sees only the stand-in archive.
mkdir -p "$work/apt/lists/partial" "$work/apt/cache/archives/partial" "$work/apt/parts" "$work/apt/prefs"
: >"$work/apt/status"
echo "deb [trusted=yes] file:$work/archive ./" >"$work/apt/sources.list"
cat >"$work/apt/apt.conf" <<CONF
Dir::Etc::sourcelist "$work/apt/sources.list";
Dir::Etc::sourceparts "$work/apt/parts";
Dir::Etc::preferencesparts "$work/apt/prefs";
Dir::Etc::preferences "$work/apt/prefs/none";
Dir::State::lists "$work/apt/lists";
Dir::State::status "$work/apt/status";
Dir::Cache "$work/apt/cache";
APT::Architecture "amd64";
APT::Sandbox::User "root";
CONF
export APT_CONFIG=$work/apt/apt.conf
if apt-get -q update >"$work/apt-update.log" 2>&1 && apt-cache show demo-lib 2>/dev/null | grep -q '^Package:'; then
	pass "a scratch apt sees the stand-in archive"
else
	fail "a scratch apt sees the stand-in archive"; sed 's/^/    /' "$work/apt-update.log"
fi

hash=$work/demo.hash
for f in demo-lib_1.0 demo-tool_1.0 linux-image-9.9-1-demo_1.0; do
	printf 'sha256  %s  %s\n' "$(sha "${f}_amd64.deb")" "${f}_amd64.deb"
done >"$hash"
printf 'sha256  %s  demo-lib_1.0_amd64.deb\n' "$(sha demo-tool_1.0_amd64.deb)" >"$work/wrong.hash"

n=0
# fetch MODE PACKAGE VERSION HASHFILE [FOLLOW]: runs fetch-deb.sh with an
# empty download cache; sets $dest, $status, $work/out and $work/err.
fetch() {
	n=$((n + 1))
	dest=$work/dl/$n.deb status=0
	PINS=$1 XENLIVE_CACHE=$work/cache-$n "$top/scripts/fetch-deb.sh" "$2" "$3" amd64 "$4" "$dest" "${5:-}" \
		>"$work/out" 2>"$work/err" || status=$?
}
field() { dpkg-deb -f "$dest" "$1" 2>/dev/null; }
# refused WHAT PATTERN: the last fetch failed with one sentence and no file.
refused() {
	if [ "$status" -ne 0 ] && [ "$(grep -cv '^$' "$work/err")" -eq 1 ] && grep -Eq -- "$2" "$work/err" &&
		[ ! -e "$dest" ] && [ ! -e "$dest.tmp" ]; then
		pass "$1: $(cut -c1-110 "$work/err")"
	else
		fail "$1 (exit $status, no file expected, one sentence matching '$2')"; sed 's/^/    /' "$work/out" "$work/err"
	fi
}

fetch fallback demo-lib 1.0 "$hash"
if [ "$status" -eq 0 ] && [ "$(field Version)" = 1.0 ] && ! grep -q '^pins:' "$work/out"; then
	pass "a pin in the archive is fetched as pinned, with no pins line"
else
	fail "a pin in the archive is fetched as pinned (exit $status, version $(field Version))"; sed 's/^/    /' "$work/out" "$work/err"
fi

fetch fallback demo-lib 1.0 "$work/wrong.hash"
refused "a pin whose sha256 differs stops the build" "has sha256 $(sha demo-lib_1.0_amd64.deb) but .*pins $(sha demo-tool_1.0_amd64.deb)"

fetch fallback demo-tool 1.0 "$hash"
if [ "$status" -eq 0 ] && [ "$(field Package) $(field Version)" = "demo-tool 2.0" ] &&
	[ "$(grep -c '^pins:' "$work/out")" -eq 1 ] && grep -q '^pins: demo-tool 1.0 is gone .*demo-tool 2.0' "$work/out"; then
	pass "PINS=fallback: a pin gone from the archive builds with its current version, in one line: $(grep '^pins:' "$work/out" | cut -c1-90)"
else
	fail "PINS=fallback: a gone pin builds with the current version (exit $status, got $(field Package) $(field Version))"
	sed 's/^/    /' "$work/out" "$work/err"
fi

fetch strict demo-tool 1.0 "$hash"
refused "PINS=strict: a pin gone from the archive stops the build" "demo-tool 1.0 .* is no longer in the package archive and PINS=strict"

fetch fallback linux-image-9.9-1-demo 1.0 "$hash" linux-image-demo
if [ "$status" -eq 0 ] && [ "$(field Package) $(field Version)" = "linux-image-9.9-2-demo 2.0" ]; then
	pass "a kernel pin gone from the archive follows its meta-package to the current ABI"
else
	fail "a gone kernel pin follows linux-image-demo (exit $status, got $(field Package) $(field Version))"
	sed 's/^/    /' "$work/out" "$work/err"
fi

printf 'sha256  %s  demo-gone_1.0_amd64.deb\n' "$(sha demo-lib_1.0_amd64.deb)" >"$work/gone.hash"
fetch fallback demo-gone 1.0 "$work/gone.hash"
refused "an archive with none of a package stops the build" "the package archive has no demo-gone \(amd64\) in any version"

fetch fallback linux-image-9.9-1-demo 1.0 "$hash" linux-image-none
refused "a kernel whose meta-package is missing stops the build" "the package archive has no linux-image-none"

fetch bogus demo-lib 1.0 "$hash"
refused "PINS=bogus is refused" "PINS='bogus' is not strict or fallback"

# The Debian roots' apt pins (scripts/debian-root.sh's PACKAGES).
resolve() { PINS=$1 "$top/scripts/resolve-apt-pins.sh" "${@:2}" 2>"$work/err"; }
got=$(resolve fallback demo-lib=1.0 demo-tool=1.0 curl)
if [ "$got" = "demo-lib=1.0 demo-tool=2.0 curl" ] && [ "$(grep -c '^pins: demo-tool 1.0 is gone' "$work/err")" -eq 1 ]; then
	pass "a Debian root's gone apt pin installs the current version, in one line"
else
	fail "a Debian root's gone apt pin: got '$got'"; sed 's/^/    /' "$work/err"
fi
if ! resolve strict demo-lib=1.0 demo-tool=1.0 >/dev/null && [ "$(grep -c . "$work/err")" -eq 1 ] &&
	grep -q 'demo-tool 1.0 is no longer in the package archive and PINS=strict' "$work/err"; then
	pass "PINS=strict: a Debian root's gone apt pin stops the build in one sentence"
else
	fail "PINS=strict: a Debian root's gone apt pin stops the build"; sed 's/^/    /' "$work/err"
fi

# make pins' updater, on a component's .mk and .hash.
cat >"$work/demo.mk" <<'MK'
DEMO_KERNEL_ABI = 9.9-1-demo
DEMO_KERNEL_PACKAGE = linux-image-$(DEMO_KERNEL_ABI)
DEMO_KERNEL_VERSION = 1.0
DEMO_LIB_VERSION = 1.0
DEMO_TOOL_VERSION = 1.0
MK
cp "$hash" "$work/demo-update.hash"
pins=("DEMO_KERNEL linux-image-9.9-1-demo 1.0 amd64 linux-image-demo $work/demo.mk $work/demo-update.hash"
	"DEMO_LIB demo-lib 1.0 amd64 - $work/demo.mk $work/demo-update.hash"
	"DEMO_TOOL demo-tool 1.0 amd64 - $work/demo.mk $work/demo-update.hash")
"$top/scripts/update-pins.sh" "${pins[@]}" >"$work/out" 2>&1
expect_mk=$'DEMO_KERNEL_ABI = 9.9-2-demo\nDEMO_KERNEL_PACKAGE = linux-image-$(DEMO_KERNEL_ABI)\nDEMO_KERNEL_VERSION = 2.0\nDEMO_LIB_VERSION = 1.0\nDEMO_TOOL_VERSION = 2.0'
expect_hash=$(for f in demo-lib_1.0 demo-tool_2.0 linux-image-9.9-2-demo_2.0; do
	printf 'sha256  %s  %s\n' "$(sha "${f}_amd64.deb")" "${f}_amd64.deb"; done | sort)
if [ "$(cat "$work/demo.mk")" = "$expect_mk" ] && [ "$(sort "$work/demo-update.hash")" = "$expect_hash" ] &&
	grep -q '2 of 3 moved' "$work/out"; then
	pass "make pins rewrites versions, a kernel's ABI and the sha256 lines to the archive's"
else
	fail "make pins rewrites the pins"; sed 's/^/    /' "$work/out" "$work/demo.mk" "$work/demo-update.hash"
fi
"$top/scripts/update-pins.sh" "DEMO_LIB demo-lib 1.0 amd64 - $work/demo.mk $work/demo-update.hash" \
	"DEMO_TOOL demo-tool 2.0 amd64 - $work/demo.mk $work/demo-update.hash" >"$work/out" 2>&1
if grep -q '0 of 2 moved' "$work/out" && [ "$(sort "$work/demo-update.hash")" = "$expect_hash" ]; then
	pass "make pins leaves current pins as they are"
else
	fail "make pins leaves current pins as they are"; sed 's/^/    /' "$work/out"
fi
# A version two pins share ("$(OTHER)", as the kernels share
# guest-kernels/kernel-version.mk's) is rewritten where it is set, once.
printf 'DEMO_SHARED_VERSION = 1.0\n' >"$work/shared.mk"
cat >"$work/sharing.mk" <<'MK'
DEMO_KERNEL_ABI = 9.9-1-demo
DEMO_KERNEL_PACKAGE = linux-image-$(DEMO_KERNEL_ABI)
DEMO_KERNEL_VERSION = $(DEMO_SHARED_VERSION)
DEMO_TOOL_VERSION = $(DEMO_SHARED_VERSION)
MK
cp "$hash" "$work/sharing.hash"
shared_pins=("DEMO_KERNEL linux-image-9.9-1-demo 1.0 amd64 linux-image-demo $work/sharing.mk $work/sharing.hash"
	"DEMO_TOOL demo-tool 1.0 amd64 - $work/sharing.mk $work/sharing.hash")
PIN_MAKEFILES="$work/shared.mk $work/sharing.mk" "$top/scripts/update-pins.sh" "${shared_pins[@]}" >"$work/out" 2>&1
expect_sharing=$'DEMO_KERNEL_ABI = 9.9-2-demo\nDEMO_KERNEL_PACKAGE = linux-image-$(DEMO_KERNEL_ABI)\nDEMO_KERNEL_VERSION = $(DEMO_SHARED_VERSION)\nDEMO_TOOL_VERSION = $(DEMO_SHARED_VERSION)'
if [ "$(cat "$work/shared.mk")" = "DEMO_SHARED_VERSION = 2.0" ] && [ "$(cat "$work/sharing.mk")" = "$expect_sharing" ] &&
	grep -q '2 of 2 moved' "$work/out" && grep -q "demo-tool 1.0 -> demo-tool 2.0 ($work/shared.mk, " "$work/out"; then
	pass "make pins rewrites a version two pins share where it is set, and leaves their \$(...) as it is"
else
	fail "make pins rewrites a shared version where it is set"; sed 's/^/    /' "$work/out" "$work/shared.mk" "$work/sharing.mk"
fi
# Pins that share a version but would move apart: one sentence, nothing rewritten.
printf 'DEMO_SHARED_VERSION = 1.0\n' >"$work/shared.mk"
cat >"$work/apart.mk" <<'MK'
DEMO_LIB_VERSION = $(DEMO_SHARED_VERSION)
DEMO_TOOL_VERSION = $(DEMO_SHARED_VERSION)
MK
cp "$hash" "$work/apart.hash"
status=0
PIN_MAKEFILES="$work/shared.mk" "$top/scripts/update-pins.sh" "DEMO_LIB demo-lib 1.0 amd64 - $work/apart.mk $work/apart.hash" \
	"DEMO_TOOL demo-tool 1.0 amd64 - $work/apart.mk $work/apart.hash" >"$work/out" 2>"$work/err" || status=$?
if [ "$status" -ne 0 ] && [ "$(grep -cv '^$' "$work/err")" -eq 1 ] &&
	grep -q "DEMO_LIB and DEMO_TOOL share DEMO_SHARED_VERSION ($work/shared.mk), but the archive has 1.0 for one and 2.0 for the other" "$work/err" &&
	[ "$(cat "$work/shared.mk")" = "DEMO_SHARED_VERSION = 1.0" ] && cmp -s "$hash" "$work/apart.hash"; then
	pass "make pins refuses to move pins that share a version apart, in one sentence, rewriting nothing"
else
	fail "make pins refuses to move pins that share a version apart (exit $status)"; sed 's/^/    /' "$work/out" "$work/err"
fi
status=0
"$top/scripts/update-pins.sh" "DEMO_LIB demo-lib 1.0 amd64 - $work/apart.mk $work/apart.hash" >"$work/out" 2>"$work/err" || status=$?
if [ "$status" -ne 0 ] && grep -qF "is \$(DEMO_SHARED_VERSION), but no makefile make read" "$work/err"; then
	pass "make pins: a shared version no makefile sets is one sentence"
else
	fail "make pins: a shared version no makefile sets (exit $status)"; sed 's/^/    /' "$work/out" "$work/err"
fi

# What it rewrote builds: the new pin is fetched and checked.
fetch strict demo-tool 2.0 "$work/demo-update.hash"
if [ "$status" -eq 0 ] && [ "$(field Version)" = 2.0 ]; then
	pass "a pin make pins moved is fetched and checked under PINS=strict"
else
	fail "a pin make pins moved is fetched (exit $status)"; sed 's/^/    /' "$work/out" "$work/err"
fi

report_summary
