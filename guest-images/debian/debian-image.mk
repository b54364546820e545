# Debian demo guest: debootstrap'd bookworm root, squashed read-only.
DEBIAN_GUEST_SUITE = bookworm
DEBIAN_GUEST_MIRROR = http://deb.debian.org/debian
DEBIAN_GUEST_SECURITY_MIRROR = http://deb.debian.org/debian-security
DEBIAN_GUEST_PACKAGES = systemd-sysv udev netbase iproute2 iputils-ping procps
DEBIAN_GUEST_SQUASHFS = $(GUESTS_BUILD)/debian/root.squashfs
DEBIAN_GUEST_ROOT_FILES := $(shell find guest-images/debian/rootfs -type f 2>/dev/null)

$(DEBIAN_GUEST_SQUASHFS): guest-images/debian/build-root.sh guest-images/common/guest-info.sh \
		$(DEBIAN_GUEST_ROOT_FILES) $(GUESTS_XS_READ) | deps
	@mkdir -p $(XENLIVE_CACHE)
	@SUITE='$(DEBIAN_GUEST_SUITE)' PACKAGES='$(DEBIAN_GUEST_PACKAGES)' \
	 MIRROR='$(DEBIAN_GUEST_MIRROR)' SECURITY_MIRROR='$(DEBIAN_GUEST_SECURITY_MIRROR)' \
	 nice -n 10 flock $(XENLIVE_CACHE)/debian-guest.lock scripts/stage.sh debian-guest-root guest-images/debian/build-root.sh $@ $(GUESTS_XS_READ)
