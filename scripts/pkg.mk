# Package infrastructure, after Buildroot's pkg-generic: a component's .mk sets
# <NAME>_PACKAGE, <NAME>_VERSION and <NAME>_HASH (and <NAME>_FOLLOW for a
# package whose name changes with each upload: scripts/apt-current.sh), then
# calls
#   $(eval $(call debian-package,NAME,dir-name[,arch]))
# (arch defaults to amd64) which defines
#   <NAME>_DEB    the verified .deb under $(O)/dl
#   <NAME>_DIR    its extracted tree under $(O)/build/dir-name (a kernel
#                 package's also has boot/vmlinuz, a link to its kernel)
#   <NAME>_STAMP  a file target that exists once the tree is complete
# and records the .deb in PINNED_DEBS for the ISO's package list and SBOM,
# and the pin in PINS_LIST for make pins.
#
# PINS=fallback (default): a pinned version gone from Debian's archive is
# replaced by the archive's current one, in one line per package, and the
# package list and SBOM name the version used (read from the .deb).
# PINS=strict: the build stops instead (releases, make check-repro).
PINS ?= fallback
$(if $(filter strict fallback,$(PINS)),,$(error PINS='$(PINS)' is not strict or fallback; leave it unset to build with the archive's current version of a pin it no longer has))
export PINS

define debian-package
$(1)_ARCH = $(or $(3),amd64)
$(1)_DEB = $(O)/dl/$(2).deb
$(1)_DIR = $(O)/build/$(2)
$(1)_STAMP = $(O)/build/$(2)/.extracted
$(1)_PIN = $(O)/build/pins/$(2)
PINNED_DEBS += $$($(1)_DEB)
PINS_LIST += $(1):$(lastword $(MAKEFILE_LIST))

# The pin as a file that changes only when the pin or PINS does.
$$($(1)_PIN): FORCE
	@$$(call write_if_changed,$$($(1)_PACKAGE) $$($(1)_VERSION) $$($(1)_ARCH) $$($(1)_FOLLOW) $$(PINS))

$$($(1)_DEB): $$($(1)_PIN) $$($(1)_HASH) scripts/fetch-deb.sh scripts/apt-current.sh | deps
	@scripts/stage.sh fetch-$(2) scripts/fetch-deb.sh $$($(1)_PACKAGE) $$($(1)_VERSION) $$($(1)_ARCH) $$($(1)_HASH) $$@ $$($(1)_FOLLOW)

# Extracted beside the final place and moved in only when complete.
$$($(1)_STAMP): $$($(1)_DEB)
	@rm -rf $$($(1)_DIR) $$($(1)_DIR).tmp && mkdir -p $$($(1)_DIR).tmp
	@dpkg-deb -x $$< $$($(1)_DIR).tmp
	@cd $$($(1)_DIR).tmp && set -- boot/vmlinuz-* && if [ -f "$$$$1" ]; then ln -s "$$$${1#boot/}" boot/vmlinuz; fi
	@touch $$($(1)_DIR).tmp/.extracted && mv $$($(1)_DIR).tmp $$($(1)_DIR)
endef

# Every pin on one line each, for make pins: NAME PACKAGE VERSION ARCH
# FOLLOW .mk-file .hash-file (FOLLOW "-" when none).
pins-list = $(foreach p,$(PINS_LIST),$(call pin-line,$(firstword $(subst :, ,$(p))),$(lastword $(subst :, ,$(p)))))
pin-line = '$(1) $($(1)_PACKAGE) $($(1)_VERSION) $($(1)_ARCH) $(or $($(1)_FOLLOW),-) $(2) $($(1)_HASH)'

# The makefiles go along for a version several pins share (update-pins.sh).
.PHONY: pins
pins: | deps
	@apt-get update -qq
	@PIN_MAKEFILES='$(filter Makefile %.mk,$(MAKEFILE_LIST))' scripts/update-pins.sh $(pins-list)
