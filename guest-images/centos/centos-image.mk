# CentOS-style demo guest: an RPM root installed with dnf --installroot.
#   make ... CENTOS_REPO=<url>   install from that yum repository (a CentOS
#                                Stream / AlmaLinux / Rocky mirror); then
#                                CENTOS_PACKAGES defaults to a real-distro
#                                list and CENTOS_GPGKEY enables signatures.
#   (default)                    rpmbuild the specs in guest-images/centos/specs,
#                                createrepo_c, and install from that.
CENTOS_GUEST_REPO_DIR = $(GUESTS_BUILD)/centos/repo
CENTOS_GUEST_REPO_STAMP = $(CENTOS_GUEST_REPO_DIR)/repodata/repomd.xml
CENTOS_GUEST_LOCAL_PACKAGES = xenlive-release xenlive-initscripts xenlive-demo-httpd
CENTOS_GUEST_SQUASHFS = $(GUESTS_BUILD)/centos/root.squashfs
CENTOS_GUEST_SRC_FILES := $(wildcard guest-images/centos/specs/*.spec guest-images/centos/src/*) \
	guest-images/common/overlay-root.sh guest-images/common/guest-info.sh guest-images/common/xs-read.c

ifeq ($(strip $(CENTOS_REPO)),)
CENTOS_GUEST_REPO_URL = file://$(CENTOS_GUEST_REPO_DIR)
CENTOS_PACKAGES ?= $(CENTOS_GUEST_LOCAL_PACKAGES)
CENTOS_GUEST_REPO_DEP = $(CENTOS_GUEST_REPO_STAMP)
CENTOS_GUEST_DISPLAY = CentOS-style 9 (busybox)
else
CENTOS_GUEST_REPO_URL = $(CENTOS_REPO)
CENTOS_PACKAGES ?= centos-stream-release setup filesystem bash coreutils-single systemd iproute passwd
CENTOS_GUEST_REPO_DEP =
CENTOS_GUEST_DISPLAY = CentOS (from $(CENTOS_REPO))
endif
# The image depends on where it comes from.
CENTOS_GUEST_SOURCE_ID = $(GUESTS_BUILD)/centos/source.id
$(CENTOS_GUEST_SOURCE_ID): xenlive-guests-force
	@mkdir -p $(dir $@)
	@echo '$(CENTOS_GUEST_REPO_URL) $(CENTOS_PACKAGES) $(CENTOS_GPGKEY)' >$@.new
	@cmp -s $@.new $@ && rm -f $@.new || mv $@.new $@
.PHONY: xenlive-guests-force
xenlive-guests-force:

$(CENTOS_GUEST_REPO_STAMP): $(CENTOS_GUEST_SRC_FILES) guest-images/centos/build-repo.sh $(BUSYBOX_STAMP) | deps
	@scripts/stage.sh centos-repo guest-images/centos/build-repo.sh $(CENTOS_GUEST_REPO_DIR) $(BUSYBOX_BIN)

$(CENTOS_GUEST_SQUASHFS): $(CENTOS_GUEST_REPO_DEP) $(CENTOS_GUEST_SOURCE_ID) guest-images/centos/build-root.sh | deps
	@GPGKEY='$(CENTOS_GPGKEY)' scripts/stage.sh centos-guest-root guest-images/centos/build-root.sh \
		$@ '$(CENTOS_GUEST_REPO_URL)' $(CENTOS_PACKAGES)
