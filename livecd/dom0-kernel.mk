# Domain-0 kernel: Debian's 6.1 kernel (CONFIG_XEN_DOM0=y), pinned.  The same
# kernel boots the "Linux without Xen" entry.
DOM0_KERNEL_ABI = 6.1.0-56-amd64
DOM0_KERNEL_PACKAGE = linux-image-$(DOM0_KERNEL_ABI)
DOM0_KERNEL_VERSION = $(DEBIAN_LINUX_VERSION)
DOM0_KERNEL_HASH = livecd/dom0-kernel.hash
# The ABI names the pinned package only: the build reads the ABI of the
# kernel it unpacked (scripts/kernel-abi.sh), since a pin gone from the
# archive follows the meta-package below to the current kernel.
DOM0_KERNEL_FOLLOW = linux-image-amd64
$(eval $(call debian-package,DOM0_KERNEL,dom0-kernel))
DOM0_VMLINUZ = $(DOM0_KERNEL_DIR)/boot/vmlinuz
