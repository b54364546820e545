#!/bin/sh
# Shared by both guest images: mount the read-only image DEV (squashfs) as the
# lower layer and a private tmpfs as the upper layer of an overlay at NEWROOT.
# Every guest instance writes only to its own tmpfs, so instances of one image
# share no writable state.  Usage (sourced): overlay_root DEV NEWROOT
overlay_root() {
	dev=$1 newroot=$2
	mkdir -p /run/xenlive/lower /run/xenlive/rw
	mount -t squashfs -o ro "$dev" /run/xenlive/lower || return 1
	mount -t tmpfs -o mode=0755 tmpfs /run/xenlive/rw || return 1
	mkdir -p /run/xenlive/rw/upper /run/xenlive/rw/work "$newroot"
	mount -t overlay overlay \
		-o lowerdir=/run/xenlive/lower,upperdir=/run/xenlive/rw/upper,workdir=/run/xenlive/rw/work \
		"$newroot"
}
