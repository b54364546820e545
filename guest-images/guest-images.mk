# Demo guests (issue 3): guest kernels, root images, xl configs, the guest
# catalogue and dom0-side guest networking.  Everything ends up in
# $(GUESTS_TREE), which livecd copies verbatim into the dom0 root.
#
# Defines for livecd:
#   GUESTS_TREE, GUESTS_STAMP   the tree and the file target that builds it
#   DOM0_ROOT_PACKAGES +=       Debian packages dom0 needs for guests
# Targets: guests (the tree), guest-kernels, guest-images, check-guests-build.
GUESTS_BUILD = $(O)/guests/build
GUESTS_TREE = $(O)/guests/tree
GUESTS_STAMP = $(GUESTS_TREE)/.done
GUESTS_LIBDIR = /usr/lib/xenlive/guests

DEPS_DEB += debootstrap squashfs-tools rpm createrepo-c dnf gcc libc6-dev cpio zstd \
	bc flex bison libelf-dev libssl-dev make xz-utils kmod dnsmasq-base busybox-static \
	file iproute2 util-linux python3 xorriso qemu-system-x86
DOM0_ROOT_PACKAGES += dnsmasq-base

# xenlive-guest-deb NAME,dir-name,ARCH: like scripts/pkg.mk's debian-package,
# for any architecture and for versions with an epoch (the local file name
# drops the epoch so no '%' reaches a make target).  NAME_PACKAGE,
# NAME_VERSION, NAME_HASH in; NAME_DEB, NAME_DIR, NAME_STAMP out.
define xenlive-guest-deb
$(1)_DEB = $(O)/dl/$$($(1)_PACKAGE)_$$(lastword $$(subst :, ,$$($(1)_VERSION)))_$(3).deb
$(1)_DIR = $(O)/build/$(2)
$(1)_STAMP = $(O)/build/$(2)/.extracted
MANIFEST_PINNED += $$($(1)_PACKAGE)=$$($(1)_VERSION)

$$($(1)_DEB): $$($(1)_HASH) guest-images/lib/fetch-deb.sh | deps
	@scripts/stage.sh fetch-$(2) guest-images/lib/fetch-deb.sh $$($(1)_PACKAGE) $$($(1)_VERSION) $(3) $$($(1)_HASH) $$@

$$($(1)_STAMP): $$($(1)_DEB)
	@rm -rf $$($(1)_DIR) $$($(1)_DIR).tmp && mkdir -p $$($(1)_DIR).tmp
	@dpkg-deb -x $$< $$($(1)_DIR).tmp && touch $$($(1)_DIR).tmp/.extracted
	@mv $$($(1)_DIR).tmp $$($(1)_DIR)
endef

# XenStore reader used inside both guests (host name, demo page).
GUESTS_XS_READ = $(GUESTS_BUILD)/xenlive-xs-read
$(GUESTS_XS_READ): guest-images/common/xs-read.c | deps
	@mkdir -p $(dir $@)
	@gcc -std=c11 -Wall -Wextra -Werror -O2 -static -s -o $@.tmp $< && mv $@.tmp $@

include guest-kernels/debian/debian-kernel.mk
include guest-kernels/centos/centos-kernel.mk
include guest-images/debian/debian-image.mk
include guest-images/centos/centos-image.mk
include guest-images/tree.mk
include guest-images/tests/tests.mk
CHECK_SUITES += guests-build

.PHONY: guests guest-kernels guest-images
guests: $(GUESTS_STAMP)
guest-kernels: $(DEBIAN_GUEST_INITRD) $(CENTOS_KERNEL)
guest-images: $(DEBIAN_GUEST_SQUASHFS) $(CENTOS_GUEST_SQUASHFS)
