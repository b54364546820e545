# Domain-0 live system: root filesystem (squashfs), initramfs, boot menus and
# the hybrid ISO.  Its kernel, pinned, is livecd/dom0-kernel.mk.
DEPS_DEB += debootstrap squashfs-tools busybox-static isolinux pxelinux syslinux-common xorriso \
	grub-efi-amd64-bin grub-common mtools dosfstools cpio kmod zstd util-linux python3 binutils lz4

# The dom0 root's Debian base, profile DOM0_ROOT of scripts/debian-root.mk:
# the common base and tools for a live shell, then the Xen tools from the
# suite, -updates and -security, pinned so they match the hypervisor
# exactly.  Components may add packages (DOM0_ROOT_PACKAGES +=).
DOM0_ROOT_SUITE = $(DEBIAN_ROOT_SUITE)
DOM0_ROOT_BASE_PACKAGES = $(DEBIAN_ROOT_BASE_PACKAGES) kmod less nano curl ncurses-term
DOM0_ROOT_PACKAGES += xen-utils-4.17=$(XEN_VERSION) xen-utils-common=$(XEN_VERSION) \
	xenstore-utils=$(XEN_VERSION)
DOM0_ROOT_UPGRADE = no
$(eval $(call debian-root-base,DOM0_ROOT,dom0))

LIVECD = $(O)/livecd
DOM0_ROOT = $(LIVECD)/rootfs
DOM0_ROOT_STAMP = $(LIVECD)/rootfs.done
DOM0_SQUASHFS = $(LIVECD)/filesystem.squashfs
INITRD = $(LIVECD)/initrd.gz
# dom0's kernel as Xen boots it: LZ4, not XZ (livecd/repack-dom0-kernel.py).
DOM0_VMLINUZ_XEN = $(LIVECD)/vmlinuz-dom0
BOOT_MENUS = $(LIVECD)/menus
# ISO, ISO_SUMS, ISO_MANIFEST and ISO_SBOM are named in the top Makefile.

LIVECD_OVERLAY_FILES := $(sort $(shell find livecd/rootfs-overlay -type f))
LIVECD_INITRAMFS_FILES := $(sort $(shell find livecd/initramfs -type f))
LIVECD_OVERLAY_LIST = $(FILE_LISTS)/livecd-overlay
LIVECD_INITRAMFS_LIST = $(FILE_LISTS)/livecd-initramfs
$(LIVECD_OVERLAY_LIST): FORCE
	@$(call write_if_changed,$(LIVECD_OVERLAY_FILES))
$(LIVECD_INITRAMFS_LIST): FORCE
	@$(call write_if_changed,$(LIVECD_INITRAMFS_FILES))

.PHONY: iso rootfs squashfs initrd
iso: $(ISO) $(ISO_SUMS) $(ISO_MANIFEST) $(ISO_SBOM)
rootfs: $(DOM0_ROOT_STAMP)
squashfs: $(DOM0_SQUASHFS)
initrd: $(INITRD)

$(DOM0_ROOT_STAMP): livecd/build-rootfs.sh livecd/modules-exclude $(LIVECD_OVERLAY_FILES) $(LIVECD_OVERLAY_LIST) \
		$(DOM0_KERNEL_STAMP) $(XTOP_BIN) $(XENLIVE_SPAWN_BIN) $(XENLIVE_VNC_BIN) $(XTOP_TREE_STAMP) $(GUESTS_STAMP) $(POOL_STAMP) \
		$(DOM0_ROOT_BASE) $(DEBIAN_ROOT_DEPS) hv/xen.mk livecd/livecd.mk | deps
	@mkdir -p $(LIVECD)
	@$(call debian-root-env,DOM0_ROOT) KERNEL_DIR='$(DOM0_KERNEL_DIR)' \
	 OVERLAY=livecd/rootfs-overlay \
	 MODULES_EXCLUDE=livecd/modules-exclude EXTRA_TREES='$(GUESTS_TREE) $(POOL_TREE) $(XTOP_TREE)' \
	 INSTALL_BINS='$(XTOP_BIN) $(XENLIVE_SPAWN_BIN) $(XENLIVE_VNC_BIN)' MANIFEST=$(LIVECD)/dom0-packages \
	 INVENTORY=$(LIVECD)/dom0-inventory \
	 scripts/stage.sh dom0-root livecd/build-rootfs.sh $(DOM0_ROOT)
	@touch $@

# zstd: nearly xz's size, several times faster to unpack under emulation.
# Every file dated SOURCE_DATE_EPOCH (given in the environment, mksquashfs
# would only clamp newer dates to it, keeping the cached base's; the
# wrapper drops it and shows mksquashfs's progress).
$(DOM0_SQUASHFS): $(DOM0_ROOT_STAMP)
	@scripts/stage.sh squashfs scripts/mksquashfs-progress.sh $(DOM0_ROOT) $@.tmp -noappend \
		-comp zstd -Xcompression-level 19 -b 1M -processors 2 \
		-all-time $(SOURCE_DATE_EPOCH) -mkfs-time $(SOURCE_DATE_EPOCH)
	@mv $@.tmp $@

# The initramfs only accepts a medium, or an image fetched over HTTP, carrying
# the squashfs it was built for (its sha256 and size are stored in it).
$(INITRD): livecd/build-initramfs.sh $(LIVECD_INITRAMFS_FILES) $(LIVECD_INITRAMFS_LIST) $(DOM0_KERNEL_STAMP) $(DOM0_SQUASHFS) | deps
	@scripts/stage.sh initramfs livecd/build-initramfs.sh $(DOM0_KERNEL_DIR) $(DOM0_SQUASHFS) $@

$(BOOT_MENUS)/.done: livecd/boot-entries livecd/gen-boot-menus.sh hv/xen.mk $(DOM0_SQUASHFS)
	@rm -rf $(@D) && mkdir -p $(@D)
	@XEN_CMDLINE='$(XEN_CMDLINE)' XEN_SAFE_CMDLINE='$(XEN_SAFE_CMDLINE)' XEN_TEXT_CMDLINE='$(XEN_TEXT_CMDLINE)' XEN_VGA='$(XEN_VGA)' \
	 DOM0_MEM_MB=$(XEN_DOM0_MEM_MB) SQUASHFS_MB=$$(( $$(stat -c %s $(DOM0_SQUASHFS)) / 1048576 + 1 )) \
	 livecd/gen-boot-menus.sh livecd/boot-entries $(@D)
	@touch $@

$(DOM0_VMLINUZ_XEN): livecd/repack-dom0-kernel.py $(DOM0_KERNEL_STAMP)
	@mkdir -p $(@D) && livecd/repack-dom0-kernel.py $(DOM0_VMLINUZ) $@.tmp && mv $@.tmp $@

$(ISO): livecd/build-iso.sh $(XEN_STAMP) $(DOM0_KERNEL_STAMP) $(DOM0_VMLINUZ_XEN) $(DOM0_SQUASHFS) $(INITRD) $(BOOT_MENUS)/.done \
		$(SHIM_STAMP) $(SIGNED_GRUB_STAMP)
	@ISO_ID="$$(sha256sum $(DOM0_SQUASHFS) | cut -c1-16)" \
	 scripts/stage.sh iso livecd/build-iso.sh $@ $(XEN_GZ) $(DOM0_VMLINUZ) $(DOM0_VMLINUZ_XEN) $(INITRD) \
		$(DOM0_SQUASHFS) $(BOOT_MENUS) $(SHIM_EFI) $(SIGNED_GRUB_EFI)

$(ISO_SUMS): $(ISO) $(ISO_SBOM)
	@cd $(O) && sha256sum $(notdir $(ISO) $(ISO_SBOM)) > $@.tmp && mv $@.tmp $@

# The SPDX 2.3 bill of materials: every package on the ISO and in each guest
# image, with the sha256 of the file it came from (livecd/sbom.py says how
# they relate).  Checked by make check-release.
$(ISO_SBOM): livecd/sbom.py $(ISO) $(ISO_MANIFEST) $(PINNED_DEBS) $(GUESTS_STAMP) $(BUILD_ID) | deps
	@scripts/stage.sh sbom livecd/sbom.py --out $@ --iso $(ISO) --commit $(XENLIVE_COMMIT) \
		--sde $(SOURCE_DATE_EPOCH) --pinned $(PINNED_DEBS) \
		--dom0-image $(DOM0_SQUASHFS) --dom0-inventory $(LIVECD)/dom0-inventory \
		$(if $(DEBIAN_GUEST_SQUASHFS),--debian-image $(DEBIAN_GUEST_SQUASHFS)) \
		$(if $(CENTOS_GUEST_SQUASHFS),--centos-image $(CENTOS_GUEST_SQUASHFS)) \
		$(if $(CENTOS_GUEST_REPO_DEP),--centos-repo $(CENTOS_GUEST_REPO_DIR)) \
		$(if $(CENTOS_KERNEL),--kernel $(CENTOS_KERNEL) --kernel-source $(CENTOS_KSRC_PACKAGE)) \
		$(if $(DEBIAN_PC_ISO),--debian-pc-iso $(DEBIAN_PC_ISO))

# Every Debian package on the ISO: the dom0 root's dpkg database plus the
# pinned packages unpacked outside it (hypervisor, kernel), as their .debs
# say (a pin gone from the archive is built with its current version).
$(ISO_MANIFEST): $(DOM0_ROOT_STAMP) $(PINNED_DEBS)
	@{ printf '# Debian packages on xenlive.iso (package version)\n'; \
	   for deb in $(PINNED_DEBS); do dpkg-deb -W --showformat '$${Package} $${Version}\n' $$deb; done; \
	   cat $(LIVECD)/dom0-packages; } > $@.tmp && mv $@.tmp $@
