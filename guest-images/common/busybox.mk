# Static busybox, pinned: the Debian guest's initramfs
# (guest-kernels/debian/debian-kernel.mk) and the CentOS-style guest's base
# package (guest-images/centos/centos-image.mk) are built from it.
BUSYBOX_PACKAGE = busybox-static
BUSYBOX_VERSION = 1:1.35.0-4+deb12u1+b1
BUSYBOX_HASH = guest-images/common/busybox-static.hash
$(eval $(call debian-package,BUSYBOX,busybox-static,amd64))
BUSYBOX_BIN = $(BUSYBOX_DIR)/bin/busybox
