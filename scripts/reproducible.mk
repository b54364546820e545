# Reproducible builds: every date the build writes (file times in the
# squashfs, cpio and ISO images, RPM build times, the SBOM's) is
# SOURCE_DATE_EPOCH, the last commit's time, so two builds of one commit on
# one day's Debian archive give the same xenlive.iso byte for byte.  Outside
# a git checkout (a release tarball) the top Makefile's time stands in.
# xorriso, mtools and rpmbuild read it from the environment themselves.
ifeq ($(strip $(SOURCE_DATE_EPOCH)),)
SOURCE_DATE_EPOCH := $(or $(shell git -C $(CURDIR) log -1 --format=%ct 2>/dev/null),$(shell stat -c %Y $(CURDIR)/Makefile))
endif
ifneq ($(shell printf %s '$(SOURCE_DATE_EPOCH)' | grep -xE '[0-9]+'),$(SOURCE_DATE_EPOCH))
$(error SOURCE_DATE_EPOCH='$(SOURCE_DATE_EPOCH)' is not a number of seconds since 1970; unset it to use the last commit's time)
endif
# The commit the SBOM names (a tarball build names none).
XENLIVE_COMMIT := $(or $(shell git -C $(CURDIR) rev-parse HEAD 2>/dev/null),unknown)
export SOURCE_DATE_EPOCH

# The commit and its time as a file that changes only when they do (its
# recipe runs every time, make then sees whether its date moved, as
# kbuild's filechk).  The SBOM names both, so it depends on this: a commit
# that changes no input of the images still gets an SBOM naming it.  The
# images keep the dates of the commit they were built at until an input
# changes; make check-repro builds from clean output roots.
BUILD_ID = $(O)/build/build-id
$(BUILD_ID): FORCE
	@$(call write_if_changed,$(SOURCE_DATE_EPOCH) $(XENLIVE_COMMIT))
.PHONY: FORCE
FORCE:
# $(call write_if_changed,TEXT), in the recipe of a FORCE target: writes
# TEXT to the target only when it differs from what is there.
write_if_changed = mkdir -p $(@D) && text='$(strip $(1))' && \
	{ [ "$$(cat $@ 2>/dev/null)" = "$$text" ] || echo "$$text" > $@; }

# A target built from every file of a folder also depends on a list of
# the folder's files, rewritten only when a file comes or goes: a file
# removed from the folder then rebuilds the target too.
FILE_LISTS = $(O)/build/file-lists

# make check-repro: two clean builds in separate output roots, each with its
# own cache, must give the same ISO; too slow for make check.
REPRO_DIR ?= $(O)/repro
.PHONY: check-repro
check-repro:
	@scripts/install-deps.sh $(sort $(DEPS_DEB)) diffoscope-minimal genisoimage
	+@$(unless_dry_run) scripts/check-repro.sh $(REPRO_DIR)
