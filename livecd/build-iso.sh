#!/bin/bash
# Assembles the ISO tree and writes one hybrid image with xorriso: El Torito
# for BIOS (isolinux) and UEFI (GRUB), plus an MBR and GPT so the same file
# boots when written raw to a USB stick.  /netboot/ holds what a running
# Xen Live machine serves to others over TFTP besides the boot files:
# pxelinux (BIOS), a network GRUB (UEFI) and their menu templates.
# Usage: build-iso.sh ISO XEN_GZ VMLINUZ VMLINUZ_DOM0 INITRD SQUASHFS MENUS_DIR SHIM SIGNED_GRUB
# (VMLINUZ boots Linux without Xen, as Debian signed it; VMLINUZ_DOM0, the
# same kernel packed for Xen, is dom0's.  SHIM and SIGNED_GRUB are Debian's
# signed shimx64 and gcdx64, livecd/secure-boot.mk.)
# Environment: ISO_ID (the build id the initramfs looks for),
#   SOURCE_DATE_EPOCH (every date in the image; xorriso reads it too)
set -eu
iso=$1 xen=$2 vmlinuz=$3 vmlinuz_dom0=$4 initrd=$5 squashfs=$6 menus=$7 shim=$8 signed_grub=$9
: "${ISO_ID:?ISO_ID must name the build}"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date +%s)}
syslinux_bios=/usr/lib/syslinux/modules/bios
grub_modules="normal configfile search search_fs_file iso9660 part_gpt part_msdos fat
	multiboot2 linux gzio echo serial terminal terminfo test sleep efi_gop efi_uga
	all_video ls cat halt reboot"

work=$(mktemp -d "$(dirname "$iso")/.iso.XXXXXX")
trap 'rm -rf "$work"' EXIT
tree=$work/tree
mkdir -p "$tree"/{boot/grub/x86_64-efi,isolinux,live,EFI/xenlive,.disk,netboot} "$work/efi"

cp "$xen" "$tree/boot/xen.gz"
cp "$vmlinuz" "$tree/boot/vmlinuz"
cp "$vmlinuz_dom0" "$tree/boot/vmlinuz-dom0"
cp "$initrd" "$tree/boot/initrd.gz"
# A copy, not a link: its date is set below, and make must keep seeing the
# original's.
cp "$squashfs" "$tree/live/filesystem.squashfs"
echo "$ISO_ID" >"$tree/live/xenlive.id"

# BIOS: isolinux, whose mboot.c32 loads Xen with dom0's kernel and initramfs.
cp /usr/lib/ISOLINUX/isolinux.bin "$tree/isolinux/"
for m in ldlinux libcom32 libutil mboot menu; do cp "$syslinux_bios/$m.c32" "$tree/isolinux/"; done
cp "$menus/isolinux.cfg" "$tree/isolinux/isolinux.cfg"

# UEFI: the firmware starts shim (EFI/BOOT/BOOTX64.EFI), shim Debian's
# signed GRUB beside it (grubx64.efi), which finds this medium by
# /.disk/info and reads boot/grub/x86_64-efi/grub.cfg: with Secure Boot
# off it starts the ISO's own GRUB (EFI/xenlive/grubx64.efi, every module
# built in, multiboot2 for Xen), which finds this medium by its build id
# and reads the generated menu; with Secure Boot on, secure-boot.cfg.
cp "$menus/grub.cfg" "$tree/boot/grub/grub.cfg"
cp "$menus/signed-grub.cfg" "$tree/boot/grub/x86_64-efi/grub.cfg"
cp "$menus/secure-boot.cfg" "$tree/boot/grub/secure-boot.cfg"
echo "Xen Live" >"$tree/.disk/info"
# shim and the signed GRUB live in the EFI system partition image only.
cp "$shim" "$work/efi/BOOTX64.EFI"
cp "$signed_grub" "$work/efi/grubx64.efi"
cat >"$work/early.cfg" <<CFG
search --no-floppy --set=root --file /live/xenlive.id
set prefix=(\$root)/boot/grub
configfile (\$root)/boot/grub/grub.cfg
CFG
# shellcheck disable=SC2086 # a word list of modules
grub-mkimage -O x86_64-efi -o "$tree/EFI/xenlive/grubx64.efi" -p /boot/grub -c "$work/early.cfg" $grub_modules

# Network boot, from the TFTP root the server lays out: the boot files
# under boot/ and live/ as here, pxelinux.0 and its modules, pxelinux.cfg/
# default and grub.cfg (the templates, filled in).  GRUB takes its root,
# (tftp,SERVER), from the DHCP answer the PXE firmware kept, so the prefix
# is "/".  GRUB 2.06 reads the DHCP server's answer only, not a proxy
# DHCP's: so the server writes its own address over the placeholder in the
# embedded config of its copy (xenlive_pool/serve.py; grub-mkimage keeps
# the config as it is, and nothing checks the image without Secure Boot).
cp /usr/lib/PXELINUX/pxelinux.0 "$tree/netboot/"
for m in ldlinux libcom32 libutil mboot menu; do cp "$syslinux_bios/$m.c32" "$tree/netboot/"; done
cp "$menus/netboot-pxelinux.cfg" "$tree/netboot/pxelinux.cfg.in"
cp "$menus/netboot-grub.cfg" "$tree/netboot/grub.cfg.in"
cat >"$work/netboot-early.cfg" <<CFG
set xenlive_server= #xenlive-server-address-placeholder#
if [ -n "\$xenlive_server" ]; then set root=(tftp,\$xenlive_server); fi
configfile (\$root)/grub.cfg
CFG
# shellcheck disable=SC2086 # a word list of modules
grub-mkimage -O x86_64-efi -o "$tree/netboot/grubnetx64.efi" -p / -c "$work/netboot-early.cfg" \
	$grub_modules efinet tftp http
grep -qa -- ' #xenlive-server-address-placeholder#' "$tree/netboot/grubnetx64.efi" ||
	{ echo "build-iso: grub-mkimage no longer keeps the embedded config as written; xenlive-pool serve cannot give GRUB its address." >&2; exit 1; }

efi_kb=$(( ($(stat -c %s "$work/efi/BOOTX64.EFI") + $(stat -c %s "$work/efi/grubx64.efi")) / 1024 + 512 ))
# A fixed volume serial and dates (mtools reads SOURCE_DATE_EPOCH), not the
# clock's.
mkfs.vfat --invariant -i 58454e4c -C -n XENLIVE_EFI "$tree/boot/grub/efiboot.img" "$efi_kb" >/dev/null
mmd -i "$tree/boot/grub/efiboot.img" ::/EFI ::/EFI/BOOT
mcopy -i "$tree/boot/grub/efiboot.img" "$work/efi/BOOTX64.EFI" "$work/efi/grubx64.efi" ::/EFI/BOOT/

# Every file and directory dated SOURCE_DATE_EPOCH; xorriso then takes the
# volume dates and the GPT disk GUID from it too.
find "$tree" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
xorriso -as mkisofs -quiet -o "$work/image.iso" \
	-iso-level 3 -full-iso9660-filenames -joliet -rational-rock -volid XENLIVE \
	-isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin \
	-eltorito-boot isolinux/isolinux.bin -eltorito-catalog isolinux/boot.cat \
	-no-emul-boot -boot-load-size 4 -boot-info-table \
	-eltorito-alt-boot -e boot/grub/efiboot.img -no-emul-boot -isohybrid-gpt-basdat \
	"$tree"
mv "$work/image.iso" "$iso"
echo "iso: $iso ($(( $(stat -c %s "$iso") / 1048576 )) MB)"
