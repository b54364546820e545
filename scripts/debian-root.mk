# Debian roots: one builder, scripts/debian-root.sh, makes the base of the
# dom0 live root (livecd/livecd.mk, profile DOM0_ROOT) and of the Debian
# guest (guest-images/debian/debian-image.mk, profile DEBIAN_GUEST).  A
# profile is a variable prefix P; it starts from the defaults below and
# overrides or adds to them:
#   P_SUITE          the Debian suite
#   P_BASE_PACKAGES  installed by debootstrap --variant=minbase
#   P_PACKAGES       then installed with apt-get from SUITE, -updates and
#                    -security (version pins allowed: pkg=version)
#   P_UPGRADE        yes: apt-get upgrade from -updates and -security first
# $(call debian-root-env,P) is the environment the builder reads; a rule
# using it depends on $(DEBIAN_ROOT_DEPS) and on the .mk setting the profile.
DEBIAN_ROOT_SUITE = bookworm
DEBIAN_ROOT_BASE_PACKAGES = systemd-sysv udev netbase iproute2 iputils-ping procps
DEBIAN_ROOT_DEPS = scripts/debian-root.sh scripts/debian-root.mk scripts/apt-site.sh scripts/in-chroot.sh \
	scripts/deb-inventory.py scripts/scrub-root.sh
DEPS_DEB += debootstrap zstd python3

# $(eval $(call debian-root-base,P,profile)): the rule for
# $(O)/build/bases/profile, a stage of its own that builds the profile's
# cached base (so the bases and the guest kernel build side by side) and
# holds its path, changing only when the base does; the root's rule
# depends on it.
define debian-root-base
$(1)_BASE = $(O)/build/bases/$(2)
$$($(1)_BASE): FORCE | deps
	@mkdir -p $$(@D) && $$(call debian-root-env,$(1)) scripts/debian-root.sh $(2) --stamp $$@
endef

debian-root-env = SUITE='$($(1)_SUITE)' BASE_PACKAGES='$(strip $($(1)_BASE_PACKAGES))' \
	PACKAGES='$(strip $($(1)_PACKAGES))' UPGRADE='$($(1)_UPGRADE)'
