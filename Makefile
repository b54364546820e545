# Xen Live: one ISO that boots Xen and a live Domain-0.  `make help` lists
# the targets.  Everything built lands under $(O); slow downloads and build
# products are also cached in $(XENLIVE_CACHE), keyed by their inputs.
O ?= $(CURDIR)/out
# Make splits words at spaces, so a path with one would be two paths.
ifneq ($(words $(O)),1)
$(error O='$(O)' has a space or is empty; choose an output directory without spaces)
endif
override O := $(abspath $(O))
# The ISO and the files released beside it, built by livecd/livecd.mk; named
# before any component is read, as the suites of several depend on them.
ISO = $(O)/xenlive.iso
ISO_SUMS = $(O)/SHA256SUMS
ISO_MANIFEST = $(O)/xenlive.packages
ISO_SBOM = $(O)/xenlive.spdx.json
# The cache's default place is scripts/cache-dir.sh's, which the scripts
# that also run by hand read too.
ifeq ($(strip $(XENLIVE_CACHE)),)
XENLIVE_CACHE := $(shell . ./scripts/cache-dir.sh 2>/dev/null && printf '%s' "$$XENLIVE_CACHE")
endif
ifeq ($(strip $(XENLIVE_CACHE)),)
$(error the build cache has no place: XENLIVE_CACHE is empty$(if $(HOME),, and HOME is not set); set XENLIVE_CACHE=DIR)
endif
export O XENLIVE_CACHE

SHELL := /bin/bash
.DELETE_ON_ERROR:
.SUFFIXES:
.DEFAULT_GOAL := iso

# Independent stages (the Debian roots' debootstraps, the guest kernel's
# compile) run side by side: make's jobserver with JOBS slots, one more than
# the cores, shared with the kernel's own make.  JOBS=1 (or make -j1) runs
# one stage at a time.  `make clean` with other goals runs serially.
JOBS ?= $(shell echo $$(( $$(nproc) + 1 )))
ifneq ($(shell printf %s '$(JOBS)' | grep -xE '[1-9][0-9]*'),$(JOBS))
$(error JOBS='$(JOBS)' is not a number of parallel jobs; use e.g. JOBS=3, or JOBS=1 for one at a time)
endif
# Only the top make: a make it runs inherits its jobserver.
ifeq ($(MAKELEVEL),0)
MAKEFLAGS += -j$(JOBS)
endif
ifneq ($(filter clean distclean,$(MAKECMDGOALS)),)
.NOTPARALLEL:
endif
# A recipe line that runs a make of its own (the kernel's, a test's) takes
# the jobserver with "+" (without it the inner make warns that the
# jobserver is unavailable); make runs such a line even under make -n, so
# starting it with $(unless_dry_run) keeps a dry run dry.
unless_dry_run = $(if $(findstring n,$(filter-out -%,$(firstword $(MAKEFLAGS)))),: dry run:)

# Components append to these.
DEPS_DEB = make git shellcheck
CHECK_SUITES =
# A check-NAME recipe runs its suite through this, which keeps its log and
# status for make check's sum (scripts/run-checks.sh).
run_suite = scripts/run-suite.sh $(@:check-%=%)
BENCHES =

include scripts/reproducible.mk
include scripts/pkg.mk
include scripts/debian-root.mk
include hv/xen.mk
# The Debian kernel version that dom0's and the guests' kernels share.
include guest-kernels/kernel-version.mk
include livecd/dom0-kernel.mk
include livecd/secure-boot.mk
include xtop/xtop.mk
# Demo guests: kernels, root images, xl configs, catalogue (optional until they land).
-include guest-images/guest-images.mk
include livecd/pool/pool.mk
include livecd/livecd.mk
include tests/tests.mk
include bench/bench.mk

.PHONY: all iso deps run check bench clean distclean help

all: iso

deps:
	@scripts/install-deps.sh $(sort $(DEPS_DEB))

# QEMU's accelerator for run, check and bench: auto (KVM only where a probe
# shows it works, else TCG), kvm or tcg.  scripts/accel.sh decides.
ACCEL ?= auto
export ACCEL

# make run MEM=4096 CPUS=2 FIRMWARE=uefi MEDIUM=usb GUI=1 ACCEL=tcg VIRT=0
MEM ?= 2048
VIRT ?= 1
CPUS ?= 2
FIRMWARE ?= bios
MEDIUM ?= cd
GUI ?= 0
# Checked when make starts, before `run` builds an ISO it would not boot.
is_number = $(shell [ -n '$(1)' ] && [ -z "$$(printf %s '$(1)' | tr -d 0-9)" ] && echo yes)
ifneq ($(filter run,$(MAKECMDGOALS)),)
$(if $(call is_number,$(MEM)),,$(error MEM='$(MEM)' is not a number of MB; use e.g. MEM=2048))
$(if $(call is_number,$(CPUS)),,$(error CPUS='$(CPUS)' is not a number; use e.g. CPUS=2))
$(if $(filter bios uefi uefi-secure-boot,$(FIRMWARE)),,$(error FIRMWARE='$(FIRMWARE)' is not bios, uefi or uefi-secure-boot))
$(if $(filter cd usb,$(MEDIUM)),,$(error MEDIUM='$(MEDIUM)' is not cd or usb))
$(if $(filter 0 1,$(GUI)),,$(error GUI='$(GUI)' is not 0 or 1))
$(if $(filter 0 1,$(VIRT)),,$(error VIRT='$(VIRT)' is not 0 or 1))
$(if $(filter auto kvm tcg,$(ACCEL)),,$(error ACCEL='$(ACCEL)' is not auto, kvm or tcg))
endif
run: $(ISO) | deps
	scripts/run-qemu.sh --iso $(ISO) --memory $(MEM) --cpus $(CPUS) \
		--firmware $(FIRMWARE) --medium $(MEDIUM) --accel $(ACCEL) $(if $(filter 1,$(GUI)),--gui) \
		$(if $(filter 0,$(VIRT)),--no-virt)

# Suites run CHECK_JOBS at a time: each emulated machine keeps about one core
# busy.  The longest (CHECK_FIRST) start first; the short ones fill the gaps.
CHECK_JOBS ?= 2
CHECK_FIRST = guests boot pool
check: | deps
	+@$(unless_dry_run) CHECK_JOBS=$(CHECK_JOBS) scripts/run-checks.sh \
		$(filter $(CHECK_FIRST),$(CHECK_SUITES)) $(filter-out $(CHECK_FIRST),$(CHECK_SUITES))

clean:
	rm -rf $(O)

# Also forgets the download and build cache.
distclean: clean
	rm -rf $(XENLIVE_CACHE)

help:
	@echo 'Xen Live build system.  Output goes to O=$(O).'
	@echo
	@echo 'Build:'
	@echo '  make deps        install every build and test dependency (apt-get)'
	@echo '  make / make iso  build $(ISO), SHA256SUMS, the package manifest and the SBOM'
	@echo '  make clean       remove $(O)'
	@echo '  make distclean   also remove the download/build cache $(XENLIVE_CACHE)'
	@echo '  make pins        move every pinned package (.mk version, .hash sha256) to the'
	@echo '                   archive'"'"'s current version; review with git diff'
	@echo '      PINS=fallback  (default) a pin gone from the archive builds with its current'
	@echo '                   version, one line each, recorded in the package list and SBOM'
	@echo '      PINS=strict  stop instead (releases; make check-repro uses it)'
	@echo
	@echo 'Run:'
	@echo '  make run         build if needed, then boot the ISO in QEMU (serial console here)'
	@echo '      MEM=2048     guest RAM in MB'
	@echo '      CPUS=2       virtual CPUs'
	@echo '      FIRMWARE=bios|uefi|uefi-secure-boot   SeaBIOS, OVMF, or OVMF with Secure Boot on (q35)'
	@echo '      MEDIUM=cd|usb        attach the ISO as a CD-ROM or as a USB stick'
	@echo '      GUI=1        also open the VGA window (xtop runs on tty1)'
	@echo '      VIRT=0       a PC with VT-x/AMD-V off in its firmware: PV guests only'
	@echo '      ACCEL=auto|kvm|tcg   QEMU accelerator (also for check and bench); auto uses'
	@echo '                   KVM only after a probe shows it runs a guest, else TCG (slow)'
	@echo
	@echo 'Test and measure:'
	@echo '  make check       every test suite: $(CHECK_SUITES)'
	@echo '  make check-SUITE one suite, e.g. make check-boot'
	@echo '      CHECK_JOBS=2 suites run at once (1: one after another)'
	@echo '  make bench       benchmarks (report numbers, assert nothing): $(BENCHES)'
	@echo '  make check-repro build the ISO twice (in $(REPRO_DIR)/a and b, each with its own'
	@echo '                   empty cache; REPRO_CACHE=shared to share $(XENLIVE_CACHE)) and'
	@echo '                   check both are the same byte for byte (PINS=strict; slow; not in make check)'
	@echo '  make soak        churn in the ISO: SOAK_CYCLES=500 spawn/destroy cycles of both guests,'
	@echo '                   then leak figures (memory, XenStore, loops, vifs, xtop RSS); not in check'
	@echo '  make check-hvm-os the unmodified Debian HVM guest logged in, on the network, saved,'
	@echo '                   migrated, shut down by ACPI; not in check (emulated SVM faults it)'
	@echo
	@echo 'Components:'
	@echo '  make xtop        build the xtop monitor'
