#!/bin/bash
# Builds the CentOS-style Xen guest kernel from Debian's linux-source-6.1:
# `make tinyconfig` (the base) + FRAGMENT, all built in, no modules.
# Usage: build-kernel.sh SOURCE_DEB FRAGMENT DEST_DIR
# The result (DEST_DIR/vmlinuz, DEST_DIR/config) is cached in
# $XENLIVE_CACHE/centos-kernel/<key>, the key being the hash of the source
# package, the fragment and this script, so an unchanged rebuild is a copy.
set -eu
src_deb=$(readlink -f "$1") fragment=$(readlink -f "$2") dest=$3
self=$(readlink -f "$0")
cache=${XENLIVE_CACHE:-$HOME/.cache/xenlive}/centos-kernel
key=$(cat "$src_deb" "$fragment" "$self" | sha256sum | cut -c1-16)
jobs=${KERNEL_JOBS:-$(nproc)}
# Run from make: the top Makefile exports O, which kbuild takes as its output
# directory; and the parent make's flags are not the kernel's.
unset O KBUILD_OUTPUT MAKEFLAGS MFLAGS MAKELEVEL

if [ ! -f "$cache/$key/vmlinuz" ]; then
	echo "centos-kernel: building $key from source (many minutes on 2 cores; cached afterwards)"
	mkdir -p "$cache"
	work=$(mktemp -d "$cache/.build.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	dpkg-deb --fsys-tarfile "$src_deb" | tar -x -C "$work" --wildcards './usr/src/linux-source-*.tar.xz'
	tar -xJf "$work"/usr/src/linux-source-*.tar.xz -C "$work"
	rm -rf "${work:?}/usr"
	ksrc=$(echo "$work"/linux-source-*)
	# Reproducible: the version banner (uname -v, /proc/version) names the
	# source's date and a fixed user, host and build number, not this
	# build's; so the cached kernel is the same whoever built it.
	KBUILD_BUILD_TIMESTAMP=$(date -u -d "@$(stat -c %Y "$ksrc/Makefile")" '+%a %b %e %H:%M:%S UTC %Y')
	export KBUILD_BUILD_TIMESTAMP KBUILD_BUILD_USER=xenlive KBUILD_BUILD_HOST=xenlive KBUILD_BUILD_VERSION=1
	make -s -C "$ksrc" ARCH=x86_64 tinyconfig
	(cd "$ksrc" && scripts/kconfig/merge_config.sh -m .config "$fragment" >/dev/null)
	make -s -C "$ksrc" ARCH=x86_64 olddefconfig
	missing=$(grep -E '^CONFIG_[A-Z0-9_]+=' "$fragment" | while read -r line; do
		grep -qxF "$line" "$ksrc/.config" || echo "$line"
	done)
	if [ -n "$missing" ]; then
		echo "centos-kernel: these settings of $fragment did not survive olddefconfig (missing dependency?):" >&2
		echo "$missing" >&2
		exit 1
	fi
	if grep -q '^CONFIG_MODULES=y' "$ksrc/.config"; then
		echo "centos-kernel: CONFIG_MODULES is set; the guest kernel must be module-free" >&2
		exit 1
	fi
	make -C "$ksrc" ARCH=x86_64 -j"$jobs" bzImage >"$work/build.log" 2>&1 || {
		tail -n 40 "$work/build.log" >&2
		echo "centos-kernel: kernel build failed (log above)" >&2
		exit 1
	}
	mkdir "$work/out"
	cp "$ksrc/arch/x86/boot/bzImage" "$work/out/vmlinuz"
	cp "$ksrc/.config" "$work/out/config"
	# Names the addresses of initcall_debug and oops output (no kallsyms).
	cp "$ksrc/System.map" "$work/out/System.map"
	make -s -C "$ksrc" kernelrelease >"$work/out/release"
	rm -rf "${cache:?}/$key"
	mv "$work/out" "$cache/$key"
fi
mkdir -p "$dest"
cp "$cache/$key/vmlinuz" "$dest/vmlinuz.tmp" && mv "$dest/vmlinuz.tmp" "$dest/vmlinuz"
cp "$cache/$key/config" "$dest/config"
cp "$cache/$key/release" "$dest/release"
echo "centos-kernel: $(cat "$dest/release"), $(stat -c %s "$dest/vmlinuz") bytes (cache key $key)"
