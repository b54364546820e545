# Debian demo guest: debootstrap'd bookworm root, squashed read-only.  Its
# base is profile DEBIAN_GUEST of scripts/debian-root.mk: the common base,
# upgraded from -updates and -security, plus an SSH server.
DEBIAN_GUEST_SUITE = $(DEBIAN_ROOT_SUITE)
DEBIAN_GUEST_BASE_PACKAGES = $(DEBIAN_ROOT_BASE_PACKAGES)
DEBIAN_GUEST_PACKAGES = dropbear-bin
DEBIAN_GUEST_UPGRADE = yes
$(eval $(call debian-root-base,DEBIAN_GUEST,debian-guest))
DEBIAN_GUEST_SQUASHFS = $(GUESTS_BUILD)/debian/root.squashfs
DEBIAN_GUEST_ROOT_FILES := $(sort $(shell find guest-images/debian/rootfs -type f 2>/dev/null))
DEBIAN_GUEST_ROOT_LIST = $(FILE_LISTS)/debian-guest-rootfs
$(DEBIAN_GUEST_ROOT_LIST): FORCE
	@$(call write_if_changed,$(DEBIAN_GUEST_ROOT_FILES))

$(DEBIAN_GUEST_SQUASHFS): guest-images/debian/build-root.sh guest-images/common/guest-info.sh guest-images/common/guest-ssh.sh guest-images/common/sysctl-idle.conf \
		$(DEBIAN_GUEST_ROOT_FILES) $(DEBIAN_GUEST_ROOT_LIST) $(GUESTS_XS_READ) $(GUESTS_DEMO_HTTPD) $(DEBIAN_GUEST_BASE) $(DEBIAN_ROOT_DEPS) guest-images/debian/debian-image.mk | deps
	@$(call debian-root-env,DEBIAN_GUEST) \
	 nice -n 10 scripts/stage.sh debian-guest-root guest-images/debian/build-root.sh $@ $(GUESTS_XS_READ) $(GUESTS_DEMO_HTTPD)
