# Test suites run by `make check` (scripts/run-checks.sh sums their results).
DEPS_DEB += qemu-system-x86 ovmf socat tesseract-ocr imagemagick dpkg-dev
# static lints every Python file.
DEPS_DEB += pyflakes3
# guests (guest-images/tests/tests.mk) needs a booting ISO, so it runs after
# boot: a broken boot then fails once, in its own suite, with its logs.
CHECK_SUITES += static accel bad-input pins boot guests

.PHONY: check-static check-accel check-bad-input check-boot
check-static: | deps
	+@$(unless_dry_run) $(run_suite) tests/static/run.sh

# The accelerator probe and ACCEL=auto|kvm|tcg, against a QEMU stand-in.
check-accel: | deps
	+@$(unless_dry_run) $(run_suite) tests/accel/run.sh

# Bad input, listed: make variables, run-qemu, xenlive-spawn, xtop and
# catalogue files each give one sentence and leave nothing behind.
check-bad-input: $(XTOP_OUT)/gcc/xtop $(XTOP_OUT)/gcc/xenlive-spawn | deps
	+@$(unless_dry_run) $(run_suite) tests/bad-input/run.sh $(XTOP_OUT)/gcc

# Pins against a stand-in archive made by the test: a version gone from
# the archive (PINS=fallback and strict), make pins' updater.
.PHONY: check-pins
check-pins: | deps
	@$(run_suite) tests/pins/run.sh

# Boots the ISO in QEMU/TCG: BIOS and UEFI, CD-ROM and USB stick, toram,
# and the emergency shell on bad media.
check-boot: $(ISO) | deps
	@$(run_suite) tests/boot/run.sh $(ISO)

# The files released beside the ISO (SBOM, SHA256SUMS), and what its images
# must not carry (SSH host keys, a machine id).  Fast: no boot.
CHECK_SUITES += release
.PHONY: check-release
check-release: $(ISO_SBOM) $(ISO_SUMS) | deps
	@$(run_suite) tests/release/run.sh $(O) $(DOM0_SQUASHFS) $(DEBIAN_GUEST_SQUASHFS) $(CENTOS_GUEST_SQUASHFS)

# Two machines on a private cable (QEMU -netdev socket on 127.0.0.1) form a
# pool and live-migrate a PVH guest between them, with its failure cases;
# one boot of both for every pool test (tests/pool/run.sh).
CHECK_SUITES += pool
.PHONY: check-pool bench-pool
check-pool: $(ISO) | deps
	@$(run_suite) tests/pool/run.sh $(ISO)

# Migration time and the longest HTTP gap of a PVH guest moved between two
# machines (the pool test's migration alone); reports, asserts nothing.
BENCHES += bench-pool
bench-pool: $(ISO) | deps
	@tests/pool/run.sh $(ISO) --bench
