# Xen hypervisor: Debian's build of Xen 4.17, pinned.
XEN_PACKAGE = xen-hypervisor-4.17-amd64
XEN_VERSION = 4.17.7+13-g2445b30a44-0+deb12u1
XEN_HASH = hv/xen.hash
$(eval $(call debian-package,XEN,xen))
XEN_GZ = $(XEN_DIR)/boot/xen-4.17-amd64.gz

# Xen's command line for every Xen boot entry (livecd/boot-entries adds
# per-entry options).  Dom0 gets a fixed, small share of memory and balloons
# nothing, so the rest of RAM is Xen's free memory for guests.  Up to two dom0
# vCPUs: Xen time-shares them, so guests lose nothing while dom0 idles, and
# the live system boots in parallel.
XEN_DOM0_MEM_MB = 512
#
# The screen: Xen writes only to the serial line (com1), which keeps every
# message; the PC screen is left to dom0's xtop.  XEN_VGA asks the BIOS
# for a 1024x768 framebuffer (dom0's console then has 128x48 cells; 16 bits
# a pixel, half the bytes for the console to draw as 32); where
# the firmware has no such mode the screen stays in 80x25 text.  Xen reads
# the first vga= only, so livecd/gen-boot-menus.sh adds XEN_VGA to entries
# that do not set their own.
XEN_VGA = vga=gfx-1024x768x16
XEN_CMDLINE = console=com1 com1=115200,8n1 dom0_mem=$(XEN_DOM0_MEM_MB)M,max:$(XEN_DOM0_MEM_MB)M dom0_max_vcpus=1-2 loglvl=info guest_loglvl=info
# Safe mode: one CPU, no IOMMU, no frequency scaling, plain text screen, and
# every message of Xen on the screen too.
XEN_SAFE_CMDLINE = maxcpus=1 iommu=0 cpufreq=none console=com1,vga $(XEN_TEXT_CMDLINE)
# The plain 80x25 text screen, for displays that show no 1024x768.
XEN_TEXT_CMDLINE = vga=text-80x25

# HVM guests (any unmodified PC operating system): Debian's QEMU device
# model built for Xen, which brings SeaBIOS and QEMU's option ROMs, and
# OVMF for UEFI guests.  libxl finds them at Debian's paths
# (/usr/libexec/xen-qemu-system-i386, /usr/share/seabios/bios-256k.bin,
# /usr/share/ovmf/OVMF.fd).  Pinned: apt installs exactly these.  (A
# guest's screen on dom0's framebuffer is xtop's xenlive-vnc: Debian's
# directvnc needs DirectFB, which pulls in Mesa and LLVM, ~200 MB.)
XEN_QEMU_VERSION = 1:7.2+dfsg-7+deb12u18+b3
XEN_OVMF_VERSION = 2022.11-6+deb12u2
DOM0_ROOT_PACKAGES += qemu-system-xen=$(XEN_QEMU_VERSION) ovmf=$(XEN_OVMF_VERSION)
