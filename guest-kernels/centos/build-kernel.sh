#!/bin/bash
# Builds the CentOS-style Xen guest kernel from Debian's linux-source-6.1:
# `make tinyconfig` (the base) + FRAGMENT, all built in, no modules.
# Usage: build-kernel.sh SOURCE_DEB FRAGMENT DEST_DIR
# The result (DEST_DIR/vmlinuz, DEST_DIR/config) is cached in
# $XENLIVE_CACHE/centos-kernel/<key>, the key being the hash of the source
# package, the fragment and this script, so an unchanged rebuild is a copy.
set -eu
set -o pipefail
src_deb=$(readlink -f "$1") fragment=$(readlink -f "$2") dest=$3
self=$(readlink -f "$0")
# shellcheck source=scripts/cache-dir.sh
. "$(dirname "$self")/../../scripts/cache-dir.sh"
cache=$XENLIVE_CACHE/centos-kernel
key=$(cat "$src_deb" "$fragment" "$self" | sha256sum | cut -c1-16)
# Run from make: the top Makefile exports O, which kbuild takes as its output
# directory; and the parent make's flags are not the kernel's, except its
# jobserver: with one (make -j, the default), the kernel's make takes job
# slots as the other stages free them; without, it uses every core.
jobserver=
for flag in ${MAKEFLAGS:-}; do
	case $flag in -j*|--jobserver-*) jobserver="$jobserver $flag" ;; esac
done
[[ $jobserver == *--jobserver-* ]] || jobserver=-j${KERNEL_JOBS:-$(nproc)}
unset O KBUILD_OUTPUT MAKEFLAGS MFLAGS MAKELEVEL
# How many files the last build compiled, for a percentage in the progress.
count_file=$cache/files-compiled

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
	# Kconfig's chatter goes to a log, shown only if a step fails.
	{ make -s -C "$ksrc" ARCH=x86_64 tinyconfig &&
		(cd "$ksrc" && scripts/kconfig/merge_config.sh -m .config "$fragment") &&
		make -s -C "$ksrc" ARCH=x86_64 olddefconfig; } >"$work/config.log" 2>&1 || {
		cat "$work/config.log" >&2
		echo "centos-kernel: configuring the kernel (tinyconfig + $fragment) failed (log above)" >&2
		exit 1
	}
	# Both ways: a setting turned on needs its dependencies, and one turned
	# off stays on when another option selects it.
	missing=$(grep -E '^CONFIG_[A-Z0-9_]+=' "$fragment" | while read -r line; do
		grep -qxF "$line" "$ksrc/.config" || echo "$line"
	done; sed -nE 's/^# (CONFIG_[A-Z0-9_]+) is not set$/\1/p' "$fragment" | while read -r option; do
		! grep -qE "^$option=" "$ksrc/.config" || echo "# $option is not set (something selects it)"
	done)
	if [ -n "$missing" ]; then
		echo "centos-kernel: these settings of $fragment did not survive olddefconfig (a missing dependency, or an option that selects one turned off):" >&2
		echo "$missing" >&2
		exit 1
	fi
	if grep -q '^CONFIG_MODULES=y' "$ksrc/.config"; then
		echo "centos-kernel: CONFIG_MODULES is set; the guest kernel must be module-free" >&2
		exit 1
	fi
	MAKEFLAGS="$jobserver" make -C "$ksrc" ARCH=x86_64 bzImage 2>&1 |
		awk -v logf="$work/build.log" -v out="${XENLIVE_PROGRESS:-/dev/null}" -v total="$(cat "$count_file" 2>/dev/null)" '
		{ print > logf }
		$1 == "CC" { n++; if (n % 10) next
			if (total > 0) printf "%d files compiled (about %d%% of the last build'"'"'s %d)\n", n, 100 * n / total, total > out
			else printf "%d files compiled\n", n > out
			close(out) }' || {
		tail -n 40 "$work/build.log" >&2
		echo "centos-kernel: kernel build failed (log above)" >&2
		exit 1
	}
	grep -c '^  CC ' "$work/build.log" >"$count_file" || true
	mkdir "$work/out"
	cp "$ksrc/arch/x86/boot/bzImage" "$work/out/vmlinuz"
	cp "$ksrc/.config" "$work/out/config"
	# Names the addresses of initcall_debug and oops output (no kallsyms).
	cp "$ksrc/System.map" "$work/out/System.map"
	make -s -C "$ksrc" kernelrelease >"$work/out/release"
	# What was compiled, for trimming the config by what the guest uses.
	mv "$work/build.log" "$work/out/build.log"
	rm -rf "${cache:?}/$key"
	mv "$work/out" "$cache/$key"
fi
mkdir -p "$dest"
cp "$cache/$key/vmlinuz" "$dest/vmlinuz.tmp" && mv "$dest/vmlinuz.tmp" "$dest/vmlinuz"
cp "$cache/$key/config" "$dest/config"
cp "$cache/$key/release" "$dest/release"
echo "centos-kernel: $(cat "$dest/release"), $(stat -c %s "$dest/vmlinuz") bytes (cache key $key)"
