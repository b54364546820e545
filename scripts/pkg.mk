# Package infrastructure, after Buildroot's pkg-generic: a component's .mk sets
# <NAME>_PACKAGE, <NAME>_VERSION and <NAME>_HASH, then calls
#   $(eval $(call debian-package,NAME,dir-name[,arch]))
# (arch defaults to amd64) which defines
#   <NAME>_DEB    the verified .deb under $(O)/dl (named without the version's
#                 epoch, so no ':' or '%' reaches a make target)
#   <NAME>_DIR    its extracted tree under $(O)/build/dir-name
#   <NAME>_STAMP  a file target that exists once the tree is complete
# and records the pin in MANIFEST_PINNED for the ISO's package manifest, and
# the .deb in PINNED_DEBS for its SBOM.
define debian-package
$(1)_ARCH = $(or $(3),amd64)
$(1)_DEB = $(O)/dl/$$($(1)_PACKAGE)_$$(lastword $$(subst :, ,$$($(1)_VERSION)))_$$($(1)_ARCH).deb
$(1)_DIR = $(O)/build/$(2)
$(1)_STAMP = $(O)/build/$(2)/.extracted
MANIFEST_PINNED += $$($(1)_PACKAGE)=$$($(1)_VERSION)
PINNED_DEBS += $$($(1)_DEB)

$$($(1)_DEB): $$($(1)_HASH) scripts/fetch-deb.sh | deps
	@scripts/stage.sh fetch-$(2) scripts/fetch-deb.sh $$($(1)_PACKAGE) $$($(1)_VERSION) $$($(1)_ARCH) $$($(1)_HASH) $$@

# Extracted beside the final place and moved in only when complete.
$$($(1)_STAMP): $$($(1)_DEB)
	@rm -rf $$($(1)_DIR) $$($(1)_DIR).tmp && mkdir -p $$($(1)_DIR).tmp
	@dpkg-deb -x $$< $$($(1)_DIR).tmp && touch $$($(1)_DIR).tmp/.extracted
	@mv $$($(1)_DIR).tmp $$($(1)_DIR)
endef
