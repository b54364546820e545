# The unmodified-PC guest (HVM): Debian 12 booting as on any PC, from a CD
# through the emulated BIOS: isolinux, Debian's stock amd64 kernel (the
# dom0 kernel's package, nothing Xen-specific added) and a busybox
# initramfs with the drivers of the PC the device model emulates (PIIX
# IDE, CD-ROM, e1000, ACPI power button).  Its root is the Debian guest's
# read-only image on the second CD drive, with a tmpfs overlay, so every
# instance shares both CDs (etc/xen/debian-pc.cfg).
DEBIAN_PC_ISO = $(GUESTS_BUILD)/debian-pc/debian-pc.iso
DEBIAN_PC_INITRD = $(GUESTS_BUILD)/debian-pc/initrd.gz
DEBIAN_PC_MODULES = scsi_common cdrom scsi_mod libata ata_piix sr_mod squashfs overlay e1000 button

$(DEBIAN_PC_INITRD): $(DOM0_KERNEL_STAMP) $(BUSYBOX_STAMP) guest-images/debian-pc/debian-pc.mk \
		guest-images/debian/build-initramfs.sh guest-images/debian/initramfs-init guest-images/common/overlay-root.sh
	@scripts/stage.sh debian-pc-initramfs guest-images/debian/build-initramfs.sh \
		$(DOM0_KERNEL_DIR)/lib/modules/$$(scripts/kernel-abi.sh $(DOM0_KERNEL_DIR)) $(BUSYBOX_BIN) $@ $(DEBIAN_PC_MODULES)

$(DEBIAN_PC_ISO): guest-images/debian-pc/build-iso.sh guest-images/debian-pc/isolinux.cfg $(DEBIAN_PC_INITRD) | deps
	@scripts/stage.sh debian-pc-iso guest-images/debian-pc/build-iso.sh $@ $(DOM0_VMLINUZ) $(DEBIAN_PC_INITRD) \
		$(DOM0_KERNEL_DEB) $(BUSYBOX_DEB)
