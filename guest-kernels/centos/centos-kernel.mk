# CentOS-style guest kernel, ported to Xen: built from Debian's
# linux-source-6.1 (pinned) with `make tinyconfig` as the base and
# xen-guest.config on top (PV + PVH, hvc console, blkfront, netfront,
# balloon, squashfs, overlayfs, ext4, networking; all built in, no modules,
# no initramfs).  Cached in $(XENLIVE_CACHE)/centos-kernel by the hash of the
# source package, the fragment and the build script.
CENTOS_KSRC_PACKAGE = linux-source-6.1
CENTOS_KSRC_VERSION = $(DEBIAN_LINUX_VERSION)
CENTOS_KSRC_HASH = guest-kernels/centos/centos-kernel.hash
$(eval $(call debian-package,CENTOS_KSRC,linux-source-6.1,all))
CENTOS_KERNEL_CONFIG = guest-kernels/centos/xen-guest.config
CENTOS_KERNEL_DIR = $(GUESTS_BUILD)/centos-kernel
CENTOS_KERNEL = $(CENTOS_KERNEL_DIR)/vmlinuz

# Only the .deb is needed (the script unpacks the tarball itself).  "+":
# the kernel's make takes job slots from this make's jobserver.  The lock
# makes concurrent builds (several O= trees share the cache) wait for one
# another instead of compiling the same kernel twice.
$(CENTOS_KERNEL): $(CENTOS_KSRC_DEB) $(CENTOS_KERNEL_CONFIG) guest-kernels/centos/build-kernel.sh | deps
	@mkdir -p $(XENLIVE_CACHE)
	+@$(unless_dry_run) nice -n 10 flock $(XENLIVE_CACHE)/centos-kernel.lock scripts/stage.sh centos-kernel guest-kernels/centos/build-kernel.sh \
		$(CENTOS_KSRC_DEB) $(CENTOS_KERNEL_CONFIG) $(CENTOS_KERNEL_DIR)
