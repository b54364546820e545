#!/bin/bash
# The one Debian root builder: the dom0 live root (livecd/build-rootfs.sh)
# and the Debian guest (guest-images/debian/build-root.sh) start from it.
# Fills ROOT, an empty directory, with the base system of one profile
# (its variables are set in make; see scripts/debian-root.mk):
#   1. debootstrap --variant=minbase SUITE with BASE_PACKAGES, from the
#      mirror this machine's apt uses (scripts/apt-site.sh);
#   2. sources.list for SUITE, -updates and -security; with UPGRADE=yes,
#      apt-get upgrade; then apt-get install PACKAGES (signatures checked by
#      debootstrap and apt).
# Cached in $XENLIVE_CACHE/debian-root/PROFILE-KEY.tar.zst, KEY the hash of
# the profile's variables and of build_base below, written beside and moved into
# place only when complete.  ROOT is always unpacked from that tarball, so a
# fresh build and a cached one give the same tree.
# With INVENTORY set, also writes there the installed packages with the
# sha256 of each .deb (scripts/deb-inventory.py), for the SBOM, while the
# root still has apt's indexes.
# Usage: debian-root.sh PROFILE ROOT
#        debian-root.sh PROFILE --stamp FILE
# The second form only makes sure the base is built (a make stage of its
# own, so the bases and the guest kernel build side by side) and writes
# the base's path to FILE when it changed.
# Environment: SUITE BASE_PACKAGES PACKAGES UPGRADE XENLIVE_CACHE [INVENTORY]
#   [PINS]
set -eu
set -o pipefail
profile=$1 root=$2
stamp=
[ "$root" != --stamp ] || stamp=${3:?debian-root: --stamp needs a FILE}
here=$(cd "$(dirname "$0")" && pwd)
[ -n "${XENLIVE_CACHE:-}" ] ||
	{ echo "debian-root: XENLIVE_CACHE (the build cache) is not set; run this through make, which sets it." >&2; exit 2; }
cache=$XENLIVE_CACHE/debian-root
# debootstrap's package cache, one per profile: the bases build side by side.
debs=$XENLIVE_CACHE/debootstrap-debs/$profile
mkdir -p "$cache" "$debs"
# A pinned version gone from the archive: see scripts/resolve-apt-pins.sh.
# shellcheck disable=SC2086 # a list of package names
PACKAGES=$("$here/resolve-apt-pins.sh" $PACKAGES)
key=$(printf '%s\n' "$SUITE" "$BASE_PACKAGES" "$PACKAGES" "$UPGRADE" "$(sed -n '/^build_base()/,/^}/p' "$0")" |
	sha256sum | cut -c1-16)
base=$cache/$profile-$key.tar.zst

build_base() { # DIR
	local dir=$1 main security apt cmd
	main=$("$here/apt-site.sh" "$SUITE")
	security=$("$here/apt-site.sh" "$SUITE-security")
	# Progress for the stage's heartbeat: debootstrap's step and a count.
	debootstrap --variant=minbase --cache-dir="$debs" \
		--include="${BASE_PACKAGES// /,}" "$SUITE" "$dir" "$main" 2>&1 |
		awk -v logf="$dir.debootstrap.log" -v out="${XENLIVE_PROGRESS:-/dev/null}" '
		{ print > logf; fflush(logf) }
		/^I: Retrieving [^ ]+ [^ ]+$/ { n++ }
		/^I: / { sub(/^I: /, ""); printf "debootstrap: %s (%d packages retrieved)\n", $0, n > out; close(out) }' ||
		{ tail -n 20 "$dir.debootstrap.log" >&2; echo "debian-root: debootstrap of $SUITE from $main ($profile) failed (log above)." >&2; return 1; }
	cat >"$dir/etc/apt/sources.list" <<-SOURCES
	deb $main $SUITE main
	deb $main $SUITE-updates main
	deb $security $SUITE-security main
	SOURCES
	# Services must not start inside the build chroot.
	printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
	chmod +x "$dir/usr/sbin/policy-rc.d"
	cp /etc/resolv.conf "$dir/etc/resolv.conf"
	apt='DEBIAN_FRONTEND=noninteractive apt-get -qq -y'
	cmd='apt-get -qq update'
	[ "$UPGRADE" != yes ] || cmd="$cmd && $apt upgrade >/dev/null"
	[ -z "$PACKAGES" ] || cmd="$cmd && $apt --no-install-recommends install $PACKAGES >/dev/null"
	echo "apt-get: upgrade ($UPGRADE), install ${PACKAGES:-nothing}" >"${XENLIVE_PROGRESS:-/dev/null}"
	"$here/in-chroot.sh" "$dir" /bin/sh -c "$cmd && apt-get clean" >"$dir.apt.log" 2>&1 || {
		tail -n 20 "$dir.apt.log" >&2
		echo "debian-root: apt-get in the $profile root failed (upgrade: $UPGRADE; packages: ${PACKAGES:-none}; log above)." >&2
		return 1
	}
	rm -f "$dir/usr/sbin/policy-rc.d" "$dir/etc/resolv.conf"
}

# make's stage for the base: one line as it starts and ends, with progress
# (PACKAGES, now resolved, goes along so no pin line is said twice).
if [ -n "$stamp" ] && [ ! -f "$base" ] && [ "${XENLIVE_STAGE:-}" != "$profile-base" ]; then
	exec "$here/stage.sh" "$profile-base" "$0" "$profile" --stamp "$stamp"
fi
# Builds sharing the cache (several O= trees) wait for one another: a base
# is bootstrapped once.
exec 9>"$cache/.$profile.lock"
flock 9
if [ ! -f "$base" ]; then
	echo "debian-root: building the $profile base (debootstrap $SUITE; cached as $base)"
	work=$(mktemp -d "$cache/.$profile.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	build_base "$work/root"
	tar -C "$work/root" --numeric-owner -cf - . | zstd -q -T0 -o "$work/base.tar.zst"
	mv "$work/base.tar.zst" "$base"
	rm -rf "$work"
fi
exec 9>&-
if [ -n "$stamp" ]; then
	[ "$(cat "$stamp" 2>/dev/null)" = "$base" ] || echo "$base" >"$stamp"
	exit 0
fi
zstd -q -dc "$base" | tar -C "$root" --numeric-owner -xf -
[ -z "${INVENTORY:-}" ] || "$here/deb-inventory.py" "$root" "$debs" >"$INVENTORY"
