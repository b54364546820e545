# Debian's 6.1 kernel: the one upload of its source package (linux) that
# three pins take their version from, since Debian builds them together:
# dom0's kernel (livecd/dom0-kernel.mk), the Debian guest's kernel
# (guest-kernels/debian/debian-kernel.mk) and the source of the CentOS-style
# guest's kernel (guest-kernels/centos/centos-kernel.mk).  `make pins`
# moves it here.
DEBIAN_LINUX_VERSION = 6.1.192-2
