# Build-side checks of the demo guests (no Xen needed): catalogue (read
# through xenlive-spawn) and xl configs, images (rpm database, layout, size
# budgets), the dnf path against a local repository, bad CENTOS_REPO, the
# initramfs, the kernel config and dom0's DHCP service in network
# namespaces.
.PHONY: check-guests-build
check-guests-build: $(GUESTS_STAMP) $(HOTPLUG_TEST_BIN) $(GUESTS_DEMO_HTTPD_TEST) $(XENLIVE_SPAWN_BIN) | deps
	+@$(unless_dry_run) $(run_suite) env GUESTS_TREE=$(GUESTS_TREE) GUESTS_BUILD=$(GUESTS_BUILD) HOTPLUG_TEST_BIN=$(HOTPLUG_TEST_BIN) \
	 DEMO_HTTPD_TEST_BIN=$(GUESTS_DEMO_HTTPD_TEST) XENLIVE_SPAWN=$(XENLIVE_SPAWN_BIN) \
	 CENTOS_GUEST_REPO_DIR=$(CENTOS_GUEST_REPO_DIR) CENTOS_KERNEL_DIR=$(CENTOS_KERNEL_DIR) \
	 CENTOS_KERNEL_CONFIG=$(CENTOS_KERNEL_CONFIG) CENTOS_PACKAGES='$(CENTOS_GUEST_LOCAL_PACKAGES)' \
	 guest-images/tests/build-checks.sh

# In-ISO checks: boots $(ISO) in QEMU/TCG (1 GiB) and, in its dom0, spawns
# Debian and CentOS-style guests (login, DHCP, HTTP, guest to guest), checks
# isolation, bad input, the boot-menu autospawn and filling memory
# (guest-images/tests/dom0/).  Console logs under $(O)/tests/guests.
.PHONY: check-guests bench-guests soak
check-guests: $(ISO) | deps
	@$(run_suite) guest-images/tests/iso-checks.sh $(ISO)

# The shipped unmodified OS at work, under QEMU/TCG's nested SVM (not in
# make check: there a Linux HVM guest triple-faults now and then, which no
# real PC does): its login, ssh, drivers, network, save/restore, local live
# migration and ACPI shutdown (dom0/hvm-tests.sh, suite hvm-os), and a
# visitor's CD under OVMF, which has crashed the outer QEMU (suite hvm-uefi).
.PHONY: check-hvm-os
check-hvm-os: $(ISO) | deps
	@$(run_suite) guest-images/tests/iso-checks.sh $(ISO) hvm-os stick-in hvm-uefi stick-out

# Soak (not in make check; it reports): SOAK_CYCLES spawn/destroy cycles of
# both images, two shells at once, xtop running throughout, then each leak
# figure against the start (dom0/soak.sh).  make check runs 6 (suite soak).
SOAK_CYCLES ?= 500
soak: $(ISO) | deps
	@case '$(SOAK_CYCLES)' in ''|*[!0-9]*|0) echo "soak: SOAK_CYCLES='$(SOAK_CYCLES)' is not a number of cycles above 0; use e.g. SOAK_CYCLES=500" >&2; exit 2 ;; esac; \
	 guest-images/tests/iso-checks.sh $(ISO) soak:$(SOAK_CYCLES)

# Benchmarks (report, never assert): spawn latency, scaling, density, sizes.
BENCHES += bench-guests
bench-guests: $(ISO) | deps
	@guest-images/bench/guests.sh $(ISO)
