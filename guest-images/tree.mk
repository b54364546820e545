# The tree livecd copies into the dom0 root (see guest-images.mk).  Where
# each built file goes, and every guest setting, is the catalogue's
# (guest-images/dom0/etc/xenlive/guests.d/IMAGE.conf); this names only what
# is built for each IMAGE:KEY.
GUESTS_DOM0_FILES := $(sort $(shell find guest-images/dom0 -type f))
GUESTS_DOM0_LIST = $(FILE_LISTS)/guests-dom0
$(GUESTS_DOM0_LIST): FORCE
	@$(call write_if_changed,$(GUESTS_DOM0_FILES))
GUESTS_FILES = debian:kernel=$(DEBIAN_GUEST_VMLINUZ) debian:ramdisk=$(DEBIAN_GUEST_INITRD) \
	debian:image=$(DEBIAN_GUEST_SQUASHFS) centos:kernel=$(CENTOS_KERNEL) centos:image=$(CENTOS_GUEST_SQUASHFS) \
	debian-pc:image=$(DEBIAN_PC_ISO)

# The catalogue is read through xenlive-spawn (this host's build), so that
# it has one parser: xtop's.
$(GUESTS_STAMP): guest-images/build-tree.sh guest-images/tree.mk $(GUESTS_DOM0_FILES) $(GUESTS_DOM0_LIST) $(DEBIAN_KERNEL_STAMP) $(HOTPLUG_BIN) \
		$(DEBIAN_GUEST_INITRD) $(DEBIAN_GUEST_SQUASHFS) $(CENTOS_KERNEL) $(CENTOS_GUEST_SQUASHFS) $(DEBIAN_PC_ISO) \
		$(XENLIVE_SPAWN_BIN)
	@CENTOS_DISPLAY='$(CENTOS_GUEST_DISPLAY)' HOTPLUG_BIN=$(HOTPLUG_BIN) XENLIVE_SPAWN=$(XENLIVE_SPAWN_BIN) \
	 scripts/stage.sh guests-tree guest-images/build-tree.sh $(GUESTS_TREE) $(GUESTS_FILES)
