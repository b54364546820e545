# UEFI Secure Boot: Debian's signed boot chain, pinned.  The firmware starts
# shim (signed with Microsoft's UEFI CA, as PC firmware trusts), which
# starts Debian's signed GRUB for CDs (gcdx64, with Debian's key, which
# shim trusts).  That GRUB reads boot/grub/x86_64-efi/grub.cfg: with Secure
# Boot off it hands over to the ISO's own GRUB and its usual menu; with it
# on (GRUB's lockdown), Xen cannot start - nobody signs it for Secure Boot,
# and this GRUB has no multiboot2 - so it shows why, how to turn Secure
# Boot off, and what runs under it: Linux without Xen, on Debian's signed
# kernel (livecd/gen-boot-menus.sh writes both files).
SHIM_PACKAGE = shim-signed
SHIM_VERSION = 1.51~1+deb12u1+16.1-2~deb12u1
SHIM_HASH = livecd/shim-signed.hash
$(eval $(call debian-package,SHIM,shim-signed))
SHIM_EFI = $(SHIM_DIR)/usr/lib/shim/shimx64.efi.signed

SIGNED_GRUB_PACKAGE = grub-efi-amd64-signed
SIGNED_GRUB_VERSION = 1+2.06+13+deb12u2
SIGNED_GRUB_HASH = livecd/grub-efi-amd64-signed.hash
$(eval $(call debian-package,SIGNED_GRUB,grub-efi-amd64-signed))
SIGNED_GRUB_EFI = $(SIGNED_GRUB_DIR)/usr/lib/grub/x86_64-efi-signed/gcdx64.efi.signed
