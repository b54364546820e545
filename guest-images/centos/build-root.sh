#!/bin/bash
# Builds the CentOS-style guest's read-only root image (squashfs) with
#   dnf --installroot ... install PACKAGES
# from one yum repository, REPO_URL: the local repository built by
# build-repo.sh (file://...), or CENTOS_REPO (a CentOS Stream / AlmaLinux /
# Rocky mirror, http(s):// or file://).  Both go through the same code.
# Usage: build-root.sh OUT.squashfs REPO_URL PACKAGE...
# Environment: RELEASEVER (9), GPGKEY (URL of the repository's key: enables
#   signature checks).
# Writes OUT.squashfs and OUT.packages (rpm -qa); on any failure nothing is
# left behind.
set -eu
# rpm failing must not leave a short package list.
set -o pipefail
out=$1 url=$2; shift 2
[ "$#" -gt 0 ] || { echo "centos-guest: no packages to install" >&2; exit 2; }
case $url in
http://?* | https://?* | file:///*) ;;
*)
	echo "centos-guest: CENTOS_REPO='$url' is not a repository URL (http://, https:// or file:///...)" >&2
	exit 1
	;;
esac
mkdir -p "$(dirname "$out")"
work=$(mktemp -d "$(dirname "$out")/.centos-root.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root"
printf '[main]\n' >"$work/dnf.conf"
# RHEL keeps rpm's database in /var/lib/rpm (Debian's rpm: ~/.rpmdb).
mkdir -p "$work/home"
printf '%%_dbpath /var/lib/rpm\n' >"$work/home/.rpmmacros"

gpg=(--setopt=xenlive.gpgcheck=0)
[ -z "${GPGKEY:-}" ] || gpg=(--setopt=xenlive.gpgcheck=1 "--setopt=xenlive.gpgkey=$GPGKEY")
if ! HOME=$work/home dnf -y --installroot="$root" --releasever="${RELEASEVER:-9}" --forcearch=x86_64 \
	--setopt=reposdir=/dev/null --config="$work/dnf.conf" \
	--setopt=install_weak_deps=False --setopt=tsflags=nodocs \
	--repofrompath="xenlive,$url" "${gpg[@]}" --setopt=xenlive.skip_if_unavailable=False \
	install "$@" >"$work/dnf.log" 2>&1; then
	grep -v '^$' "$work/dnf.log" | tail -n 8 >&2 || true
	echo "centos-guest: dnf could not install '$*' from CENTOS_REPO=$url (dnf's last lines above); nothing was built." >&2
	exit 1
fi
# Debian's rpm looks in ~/.rpmdb: point that at the RHEL place too, so
# `rpm --root IMAGE -qa` works from a Debian host as it does on RHEL.
mkdir -p "$root/root"
ln -s ../var/lib/rpm "$root/root/.rpmdb"
rpm --root "$root" -qa --qf '%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\n' | LC_ALL=C sort >"$work/packages"
for p in "$@"; do
	rpm --root "$root" -q --whatprovides "$p" >/dev/null ||
		{ echo "centos-guest: $p is not installed in the image" >&2; exit 1; }
done

# dnf's own state and caches are not part of the image (rpm's database is).
rm -rf "$root"/var/cache/dnf "$root"/var/log/dnf* "$root"/var/log/hawkey.log \
	"$root"/var/lib/dnf "$root"/tmp/* "$root"/var/tmp/*
# zstd: every guest decompresses its own reads, and under emulation zstd
# unpacks several times faster than xz for a few percent more size.  Every
# file dated SOURCE_DATE_EPOCH, for reproducible images.
sde=${SOURCE_DATE_EPOCH:-0}
env -u SOURCE_DATE_EPOCH mksquashfs "$root" "$work/root.squashfs" -noappend -quiet -all-root \
	-comp zstd -Xcompression-level 19 -all-time "$sde" -mkfs-time "$sde" >/dev/null
mv "$work/packages" "$out.packages"
mv "$work/root.squashfs" "$out"
echo "centos-guest: $(stat -c %s "$out") bytes, $(wc -l <"$out.packages") packages from $url"
