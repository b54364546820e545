# xenlive-hotplug: dom0's hotplug helper for the demo guests' disk and vif,
# installed as /etc/xen/scripts/block-shared-ro and vif-bridge-lean (see
# hotplug.c).  Static: a dynamically linked program spends longer in the
# loader than in its work under QEMU's emulation.  The -test build keeps
# XenStore in files, for the build checks (clang, ASan and UBSan).
DEPS_DEB += libxen-dev
HOTPLUG_SRC = guest-images/hotplug/hotplug.c guest-images/hotplug/store.h
HOTPLUG_BIN = $(GUESTS_BUILD)/xenlive-hotplug
HOTPLUG_TEST_BIN = $(GUESTS_BUILD)/xenlive-hotplug-test

$(HOTPLUG_BIN): $(HOTPLUG_SRC) guest-images/hotplug/store-xen.c | deps
	@mkdir -p $(dir $@)
	@gcc $(GUESTS_CFLAGS) -static -s -o $@.tmp $(filter %.c,$^) -lxenstore -lxentoolcore && mv $@.tmp $@

$(HOTPLUG_TEST_BIN): $(HOTPLUG_SRC) guest-images/hotplug/store-files.c | deps
	@mkdir -p $(dir $@)
	@clang $(GUESTS_CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer -o $@.tmp $(filter %.c,$^) && mv $@.tmp $@
