# CentOS-style demo guest: an RPM root installed with dnf --installroot.
#   make ... CENTOS_REPO=<url>   install from that yum repository (a CentOS
#                                Stream / AlmaLinux / Rocky mirror); then
#                                CENTOS_PACKAGES defaults to a real-distro
#                                list and CENTOS_GPGKEY enables signatures.
#   (default)                    rpmbuild the specs in guest-images/centos/specs,
#                                createrepo_c, and install from that.
CENTOS_GUEST_REPO_DIR = $(GUESTS_BUILD)/centos/repo
CENTOS_GUEST_REPO_STAMP = $(CENTOS_GUEST_REPO_DIR)/repodata/repomd.xml
CENTOS_GUEST_LOCAL_PACKAGES = xenlive-release xenlive-initscripts xenlive-demo-httpd xenlive-dropbear
CENTOS_GUEST_SQUASHFS = $(GUESTS_BUILD)/centos/root.squashfs
CENTOS_GUEST_SRC_FILES := $(wildcard guest-images/centos/specs/*.spec guest-images/centos/src/*) \
	guest-images/common/overlay-root.sh guest-images/common/guest-info.sh guest-images/common/xs-read.c \
	guest-images/common/guest-ssh.sh guest-images/common/sysctl-idle.conf

# SSH server: Debian's dropbear-bin and the shared libraries it
# links against, pinned in dropbear.hash, turned into RPMs
# (specs/xenlive-glibc.spec, specs/xenlive-dropbear.spec).
CENTOS_SSH_HASH = guest-images/centos/dropbear.hash
CENTOS_DROPBEAR_PACKAGE = dropbear-bin
CENTOS_DROPBEAR_VERSION = 2022.83-1+deb12u3
CENTOS_LIBC6_PACKAGE = libc6
CENTOS_LIBC6_VERSION = 2.36-9+deb12u14
CENTOS_LIBCRYPT1_PACKAGE = libcrypt1
CENTOS_LIBCRYPT1_VERSION = 1:4.4.33-2
CENTOS_LIBTOMCRYPT1_PACKAGE = libtomcrypt1
CENTOS_LIBTOMCRYPT1_VERSION = 1.18.2-6
CENTOS_LIBTOMMATH1_PACKAGE = libtommath1
CENTOS_LIBTOMMATH1_VERSION = 1.2.0-6+deb12u1
CENTOS_LIBGMP10_PACKAGE = libgmp10
CENTOS_LIBGMP10_VERSION = 2:6.2.1+dfsg1-1.1
CENTOS_ZLIB1G_PACKAGE = zlib1g
CENTOS_ZLIB1G_VERSION = 1:1.2.13.dfsg-1
CENTOS_SSH_DEBS = DROPBEAR LIBC6 LIBCRYPT1 LIBTOMCRYPT1 LIBTOMMATH1 LIBGMP10 ZLIB1G
$(foreach p,$(CENTOS_SSH_DEBS),$(eval CENTOS_$(p)_HASH = $(CENTOS_SSH_HASH)))
$(foreach p,$(CENTOS_SSH_DEBS),$(eval $(call debian-package,CENTOS_$(p),centos-ssh-$(p))))
CENTOS_SSH_STAMPS = $(foreach p,$(CENTOS_SSH_DEBS),$(CENTOS_$(p)_STAMP))
CENTOS_SSH_DIRS = $(foreach p,$(CENTOS_SSH_DEBS),$(CENTOS_$(p)_DIR))

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
$(CENTOS_GUEST_SOURCE_ID): FORCE
	@$(call write_if_changed,$(CENTOS_GUEST_REPO_URL) $(CENTOS_PACKAGES) $(CENTOS_GPGKEY))

$(CENTOS_GUEST_REPO_STAMP): $(CENTOS_GUEST_SRC_FILES) guest-images/centos/build-repo.sh $(BUSYBOX_STAMP) \
		$(CENTOS_SSH_STAMPS) | deps
	@scripts/stage.sh centos-repo guest-images/centos/build-repo.sh $(CENTOS_GUEST_REPO_DIR) $(BUSYBOX_BIN) \
		$(CENTOS_SSH_DIRS)

$(CENTOS_GUEST_SQUASHFS): $(CENTOS_GUEST_REPO_DEP) $(CENTOS_GUEST_SOURCE_ID) guest-images/centos/build-root.sh | deps
	@GPGKEY='$(CENTOS_GPGKEY)' scripts/stage.sh centos-guest-root guest-images/centos/build-root.sh \
		$@ '$(CENTOS_GUEST_REPO_URL)' $(CENTOS_PACKAGES)
