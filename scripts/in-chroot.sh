#!/bin/bash
# Runs COMMAND inside ROOT with /proc, /sys and /dev mounted in a private
# mount namespace, so nothing stays mounted whatever happens to COMMAND.
# Usage: in-chroot.sh ROOT COMMAND [ARG...]
set -eu
root=$1; shift
# shellcheck disable=SC2016 # expanded by the inner shell
exec unshare --mount --propagation private /bin/bash -eu -c '
	root=$1; shift
	mount -t proc proc "$root/proc"
	mount -t sysfs sysfs "$root/sys"
	mount --rbind /dev "$root/dev"
	exec chroot "$root" "$@"' in-chroot "$root" "$@"
