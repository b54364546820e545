# Demo guests: guest kernels, root images, xl configs, the guest
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

DEPS_DEB += debootstrap squashfs-tools rpm createrepo-c dnf gcc libc6-dev cpio zstd \
	bc flex bison libelf-dev libssl-dev make xz-utils kmod dnsmasq-base busybox-static \
	file iproute2 util-linux python3 xorriso clang curl systemd
DOM0_ROOT_PACKAGES += dnsmasq-base openssh-server

# The small C programs of the guests and of dom0's hotplug helper.
GUESTS_CFLAGS = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 -O2

# XenStore reader used inside both guests (host name, demo page).
GUESTS_XS_READ = $(GUESTS_BUILD)/xenlive-xs-read
$(GUESTS_XS_READ): guest-images/common/xs-read.c | deps
	@mkdir -p $(dir $@)
	@gcc $(GUESTS_CFLAGS) -static -s -o $@.tmp $< && mv $@.tmp $@

# The Debian guest's demo web page (one resident process, socket-activated);
# the -test build (clang, ASan and UBSan) is what the build checks run.
GUESTS_DEMO_HTTPD = $(GUESTS_BUILD)/xenlive-demo-httpd
GUESTS_DEMO_HTTPD_TEST = $(GUESTS_BUILD)/xenlive-demo-httpd-test
$(GUESTS_DEMO_HTTPD): guest-images/common/demo-httpd.c | deps
	@mkdir -p $(dir $@)
	@gcc $(GUESTS_CFLAGS) -static -s -o $@.tmp $< && mv $@.tmp $@
$(GUESTS_DEMO_HTTPD_TEST): guest-images/common/demo-httpd.c | deps
	@mkdir -p $(dir $@)
	@clang $(GUESTS_CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer -o $@.tmp $< && mv $@.tmp $@

include guest-images/common/busybox.mk
include guest-images/hotplug/hotplug.mk
include guest-kernels/debian/debian-kernel.mk
include guest-kernels/centos/centos-kernel.mk
include guest-images/debian/debian-image.mk
include guest-images/centos/centos-image.mk
include guest-images/debian-pc/debian-pc.mk
include guest-images/tree.mk
include guest-images/tests/tests.mk
CHECK_SUITES += guests-build

.PHONY: guests guest-kernels guest-images
guests: $(GUESTS_STAMP)
guest-kernels: $(DEBIAN_GUEST_INITRD) $(CENTOS_KERNEL)
guest-images: $(DEBIAN_GUEST_SQUASHFS) $(CENTOS_GUEST_SQUASHFS) $(DEBIAN_PC_ISO)
