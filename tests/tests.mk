# Test suites run by `make check` (scripts/run-checks.sh sums their results).
DEPS_DEB += qemu-system-x86 ovmf socat tesseract-ocr imagemagick
# guests (guest-images/tests/tests.mk) needs a booting ISO, so it runs after
# boot: a broken boot then fails once, in its own suite, with its logs.
CHECK_SUITES += static accel boot guests

.PHONY: check-static check-accel check-boot
check-static: | deps
	@tests/static/run.sh

# The accelerator probe and ACCEL=auto|kvm|tcg, against a QEMU stand-in.
check-accel: | deps
	@tests/accel/run.sh

# Boots the ISO in QEMU/TCG: BIOS and UEFI, CD-ROM and USB stick, toram,
# and the emergency shell on bad media.
check-boot: $(ISO) | deps
	@tests/boot/run.sh $(ISO)
