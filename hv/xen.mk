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
XEN_CMDLINE = console=com1,vga com1=115200,8n1 dom0_mem=$(XEN_DOM0_MEM_MB)M,max:$(XEN_DOM0_MEM_MB)M dom0_max_vcpus=1-2 loglvl=info guest_loglvl=info
# Safe mode: one CPU, no IOMMU, no frequency scaling.
XEN_SAFE_CMDLINE = maxcpus=1 iommu=0 cpufreq=none
