# Build-side checks of the demo guests (no Xen needed): catalogue and xl
# configs, images (rpm database, layout, size budgets), the dnf path against
# a local repository, bad CENTOS_REPO, the initramfs, the kernel config and
# dom0's DHCP service in network namespaces.
.PHONY: check-guests-build
check-guests-build: $(GUESTS_STAMP) | deps
	@GUESTS_TREE=$(GUESTS_TREE) GUESTS_BUILD=$(GUESTS_BUILD) \
	 CENTOS_GUEST_REPO_DIR=$(CENTOS_GUEST_REPO_DIR) CENTOS_KERNEL_DIR=$(CENTOS_KERNEL_DIR) \
	 CENTOS_KERNEL_CONFIG=$(CENTOS_KERNEL_CONFIG) CENTOS_PACKAGES='$(CENTOS_GUEST_LOCAL_PACKAGES)' \
	 guest-images/tests/build-checks.sh
