# Debian-style guest kernel: Debian's packaged domU kernel (cloud flavour,
# CONFIG_XEN_PV=y, front ends as modules), pinned, plus a busybox initramfs
# (guest-images/debian/build-initramfs.sh, busybox from
# guest-images/common/busybox.mk) carrying xen-blkfront, xen-netfront,
# squashfs and overlay and the tmpfs-overlay root logic.
DEBIAN_KERNEL_ABI = 6.1.0-56-cloud-amd64
DEBIAN_KERNEL_PACKAGE = linux-image-$(DEBIAN_KERNEL_ABI)
DEBIAN_KERNEL_VERSION = $(DEBIAN_LINUX_VERSION)
DEBIAN_KERNEL_HASH = guest-kernels/debian/debian-kernel.hash
# The ABI names the pinned package only: the build reads the ABI of the
# kernel it unpacked (scripts/kernel-abi.sh), since a pin gone from the
# archive follows the meta-package below to the current kernel.
DEBIAN_KERNEL_FOLLOW = linux-image-cloud-amd64
$(eval $(call debian-package,DEBIAN_KERNEL,debian-guest-kernel,amd64))
DEBIAN_GUEST_VMLINUZ = $(DEBIAN_KERNEL_DIR)/boot/vmlinuz
DEBIAN_GUEST_MODULES = xen-blkfront xen-netfront squashfs overlay

DEBIAN_GUEST_INITRD = $(O)/guests/build/debian/initrd.gz
$(DEBIAN_GUEST_INITRD): $(DEBIAN_KERNEL_STAMP) $(BUSYBOX_STAMP) \
		guest-images/debian/build-initramfs.sh guest-images/debian/initramfs-init \
		guest-images/common/overlay-root.sh
	@scripts/stage.sh debian-initramfs guest-images/debian/build-initramfs.sh \
		$(DEBIAN_KERNEL_DIR)/lib/modules/$$(scripts/kernel-abi.sh $(DEBIAN_KERNEL_DIR)) $(BUSYBOX_BIN) $@ $(DEBIAN_GUEST_MODULES)
