#!/bin/bash
# Builds the Debian demo guest's read-only root image (squashfs).
#   1. base: scripts/debian-root.sh, profile debian-guest (debootstrap, then
#      upgrades from -updates and -security; cached in
#      $XENLIVE_CACHE/debian-root).
#   2. customise (cheap, every build): rootfs/ files, units, trimming, squash.
# Usage: build-root.sh OUT.squashfs XS_READ_BINARY DEMO_HTTPD_BINARY
# Environment: SUITE BASE_PACKAGES PACKAGES UPGRADE XENLIVE_CACHE (for
#   debian-root.sh)
# Writes OUT.squashfs, OUT.packages (package=version list) and
# OUT.inventory (the packages with their .debs' sha256, for the SBOM).
set -eu
out=$1 xs_read=$2 demo_httpd=$3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$(dirname "$out")"

# COMMAND inside ROOT, mounts confined to a private namespace.
in_chroot() { "$here/../../scripts/in-chroot.sh" "$@"; }

work=$(mktemp -d "$(dirname "$out")/.debian-root.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir "$root"
INVENTORY=$work/inventory "$here/../../scripts/debian-root.sh" debian-guest "$root"
# shellcheck disable=SC2016 # dpkg-query format
in_chroot "$root" dpkg-query -W -f '${Package}=${Version}\n' >"$work/packages"

# Demo guest configuration.
cp -a "$here/rootfs/." "$root/"
install -m 0755 "$xs_read" "$root/usr/bin/xenlive-xs-read"
install -m 0755 "$demo_httpd" "$root/usr/local/sbin/xenlive-demo-httpd"
install -m 0755 "$here/../common/guest-info.sh" "$root/usr/local/sbin/xenlive-guest-info"
install -m 0755 "$here/../common/guest-ssh.sh" "$root/usr/local/sbin/xenlive-guest-ssh"
install -D -m 0644 "$here/../common/sysctl-idle.conf" "$root/etc/sysctl.d/50-xenlive-idle.conf"
echo debian >"$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
: >"$root/etc/fstab"
in_chroot "$root" passwd -q -d root
in_chroot "$root" systemctl -q enable systemd-networkd.service demo-http.socket xenlive-guest-info.service \
	xenlive-console-getty.service
# Nothing in a throw-away demo guest needs these; they only slow the boot.
# A PV guest has no VTs, no kernel modules (its initramfs loaded the four it
# needs), no binfmt, debugfs, FUSE or configfs users.
in_chroot "$root" systemctl -q mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer \
	e2scrub_reap.service fstrim.timer getty@tty1.service getty-static.service serial-getty@hvc0.service \
	systemd-networkd-wait-online.service systemd-timesyncd.service systemd-pstore.service \
	modprobe@dm_mod.service modprobe@loop.service modprobe@configfs.service modprobe@fuse.service \
	modprobe@drm.service modprobe@efi_pstore.service systemd-modules-load.service kmod-static-nodes.service \
	sys-kernel-debug.mount sys-kernel-tracing.mount sys-kernel-config.mount sys-fs-fuse-connections.mount \
	dev-mqueue.mount proc-sys-fs-binfmt_misc.automount systemd-binfmt.service systemd-sysusers.service \
	systemd-update-utmp.service systemd-update-utmp-runlevel.service systemd-firstboot.service \
	systemd-machine-id-commit.service dpkg-db-backup.timer systemd-tmpfiles-clean.timer 2>/dev/null || true
# Generators turn fstab, crypttab, SysV scripts, rc.local, GPT partitions
# and gettys into units; this guest has none of them (its fstab is empty,
# its getty is xenlive-console-getty) and each generator costs an exec of
# a large binary at every boot, seconds under emulation.  Masked as
# systemd documents it: a link to /dev/null under /etc.
mkdir -p "$root/etc/systemd/system-generators"
for g in "$root"/lib/systemd/system-generators/*; do
	[ -e "$g" ] && ln -sf /dev/null "$root/etc/systemd/system-generators/${g##*/}"
done
# Nothing persists in a guest whose root is a tmpfs overlay: no journal to
# flush to /var (Storage=volatile), no random seed to carry over, nothing
# of fstab's to remount, no ip= on the kernel command line.
in_chroot "$root" systemctl -q mask systemd-journal-flush.service systemd-random-seed.service \
	systemd-remount-fs.service systemd-network-generator.service
ln -sf /lib/systemd/system/multi-user.target "$root/etc/systemd/system/default.target"
rm -f "$root/etc/machine-id" "$root/var/lib/dbus/machine-id"
: >"$root/etc/machine-id"

# Trim: documentation, translations, indexes and caches the guest can rebuild.
rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
	"$root"/usr/share/lintian "$root"/usr/share/locale/* "$root"/var/lib/apt/lists/* \
	"$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old "$root"/var/log/*.log \
	"$root"/etc/udev/hwdb.bin "$root"/usr/lib/udev/hwdb.d "$root"/lib/udev/hwdb.d \
	"$root"/usr/share/bash-completion "$root"/usr/share/zsh \
	"$root"/var/lib/dpkg/*-old "$root"/root/.bash_history "$root"/tmp/* "$root"/var/tmp/*

# Nothing of the build machine or the build's time (logs, ids, host keys,
# bytecode caches).
"$here/../../scripts/scrub-root.sh" "$root"

# zstd: every guest decompresses its own reads, and under emulation zstd
# unpacks several times faster than xz for a few percent more size.  Every
# file dated SOURCE_DATE_EPOCH (given in the environment, mksquashfs would
# only clamp newer dates to it, keeping the cached base's).
sde=${SOURCE_DATE_EPOCH:-0}
env -u SOURCE_DATE_EPOCH mksquashfs "$root" "$work/root.squashfs" -noappend -quiet -comp zstd -Xcompression-level 19 \
	-all-time "$sde" -mkfs-time "$sde" >/dev/null
mv "$work/packages" "$out.packages"
mv "$work/inventory" "$out.inventory"
mv "$work/root.squashfs" "$out"
echo "debian-guest: $(stat -c %s "$out") bytes, $(wc -l <"$out.packages") packages"
