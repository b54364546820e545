#!/bin/bash
# Prints the ABI (the modules directory's name, e.g. 6.1.0-56-amd64) of an
# unpacked Debian kernel package, so builds follow the kernel the pin
# really gave (scripts/fetch-deb.sh may take a newer one).
# Usage: kernel-abi.sh KERNEL_DIR
set -eu
shopt -s nullglob
dirs=("$1"/lib/modules/*/)
[ "${#dirs[@]}" -eq 1 ] ||
	{ echo "kernel-abi: $1/lib/modules holds ${#dirs[@]} kernels, not one; the kernel package is not unpacked right." >&2; exit 1; }
basename "${dirs[0]}"
