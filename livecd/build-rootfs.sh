#!/bin/bash
# Builds the Domain-0 live root in DEST.
#   1. base: scripts/debian-root.sh, profile dom0 (debootstrap, then the
#      pinned PACKAGES with apt; cached in $XENLIVE_CACHE/debian-root).
#   2. customise: kernel modules, overlay files, extra trees and binaries,
#      services, trimming.  Cheap, so done on every build.
# Built beside DEST and moved into place only when complete.
# Environment: SUITE BASE_PACKAGES PACKAGES UPGRADE XENLIVE_CACHE (for
#   debian-root.sh) KERNEL_DIR OVERLAY MODULES_EXCLUDE EXTRA_TREES
#   INSTALL_BINS MANIFEST INVENTORY (the packages with their .debs' sha256,
#   for the SBOM)
set -eu
dest=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "$(dirname "$dest")/.rootfs.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir "$root"
INVENTORY=$work/inventory "$here/../scripts/debian-root.sh" dom0 "$root"

# Kernel modules of the dom0 kernel, without drivers a Xen demo never needs.
abi=$("$here/../scripts/kernel-abi.sh" "$KERNEL_DIR")
mkdir -p "$root/usr/lib/modules"
cp -a "$KERNEL_DIR/lib/modules/$abi" "$root/usr/lib/modules/"
# Read directly, not through a pipe, so that a missing list fails the build.
while read -r dir || [ -n "$dir" ]; do
	case $dir in '' | '#'*) continue ;; esac
	rm -rf "$root/usr/lib/modules/$abi/kernel/$dir"
done <"$MODULES_EXCLUDE"
depmod -b "$root" "$abi"

cp -a "$OVERLAY/." "$root/"
for tree in $EXTRA_TREES; do
	cp -a "$tree/." "$root/"
	rm -f "$root/.done"
done
# Without debug information: it names the build directory, and a live CD
# has no use for it (the symbols stay, for backtraces).
for bin in $INSTALL_BINS; do
	install -m 0755 "$bin" "$root/usr/bin/"
	strip --strip-debug "$root/usr/bin/$(basename "$bin")"
done

# Services: the Xen daemons are xen.service (the overlay's native unit,
# /usr/lib/xenlive/xen-daemons; Debian's /etc/init.d/xen stops them);
# networkd brings up xenbr0.  Timers and waits that only slow a
# live boot are masked.  systemd-user-sessions above all: the gettys wait
# for it and it waits for network.target, so the shell and xtop came up
# only after networkd (6 s under emulation).  Nothing here needs it: root
# logs in, and no /run/nologin is made (tmpfiles.d/systemd-nologin.conf).
# The users exist (sysusers), the root is the live overlay (remount-fs), and
# a live system has no seed to keep (random-seed).
systemctl --root="$root" enable systemd-networkd.service xenlive-quiet-screen.service >/dev/null 2>&1
# tty2: a second root shell (Alt-F2) next to xtop on tty1.
mkdir -p "$root/etc/systemd/system/getty.target.wants"
ln -sf /lib/systemd/system/getty@.service "$root/etc/systemd/system/getty.target.wants/getty@tty2.service"
# getty-static starts gettys on tty2-6 when logind is missing; the live
# system has autologin gettys already.
for unit in systemd-networkd-wait-online.service apt-daily.timer apt-daily-upgrade.timer \
	e2scrub_all.timer e2scrub_reap.service fstrim.timer dpkg-db-backup.timer xendomains.service \
	getty-static.service systemd-binfmt.service proc-sys-fs-binfmt_misc.automount \
	sys-kernel-debug.mount sys-kernel-tracing.mount modprobe@dm_mod.service modprobe@efi_pstore.service \
	modprobe@fuse.service modprobe@drm.service systemd-pstore.service systemd-journal-flush.service \
	systemd-user-sessions.service systemd-sysusers.service systemd-remount-fs.service \
	systemd-random-seed.service systemd-network-generator.service modprobe@configfs.service \
	sys-kernel-config.mount; do
	ln -sf /dev/null "$root/etc/systemd/system/$unit"
done
for f in etc/init.d/xen usr/lib/xen-4.17/bin/xenstored usr/lib/xen-4.17/bin/xenconsoled usr/lib/xen-4.17/bin/xen-init-dom0; do
	[ -x "$root/$f" ] || { echo "build-rootfs: /$f is missing from the dom0 root; xen.service could not start or stop the Xen daemons: check the xen-utils packages in DOM0_ROOT_PACKAGES." >&2; exit 1; }
done

# Live system: root logs in without a password.
sed -i 's/^root:[^:]*:/root::/' "$root/etc/shadow"

# Nothing of the build machine or the build's time: no logs, no machine id,
# no SSH host keys (xenlive-ssh-keys.service makes them at each boot), no
# bytecode caches.  Two builds of one commit give the same image.
"$here/../scripts/scrub-root.sh" "$root"

dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Package} ${Version}\n' >"$work/manifest"
# HVM firmware: the device model emulates a PC, so QEMU's firmware for other
# machines (POWER, SPARC, s390, RISC-V, PA-RISC, Alpha) goes, and of OVMF's
# builds only the one libxl loads (/usr/share/ovmf/OVMF.fd) stays.
rm -rf "$root"/usr/share/qemu/openbios-* "$root"/usr/share/qemu/slof.bin "$root"/usr/share/qemu/skiboot.lid \
	"$root"/usr/share/qemu/s390-* "$root"/usr/share/qemu/palcode-* "$root"/usr/share/qemu/opensbi-* \
	"$root"/usr/share/qemu/hppa-* "$root"/usr/share/qemu/u-boot* "$root"/usr/share/qemu/qemu_vga.ndrv \
	"$root"/usr/share/qemu/*.dtb "$root"/usr/share/qemu/firmware "$root"/usr/share/OVMF \
	"$root"/usr/share/ovmf/PkKek-1-* "$root"/usr/share/icons
rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
	"$root"/usr/share/locale/* "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin \
	"$root"/var/cache/debconf/*-old "$root"/var/log/*.log

rm -rf "$dest"
mv "$root" "$dest"
mv "$work/manifest" "$MANIFEST"
mv "$work/inventory" "$INVENTORY"
