#!/bin/bash
# Installs the Debian packages the build and the tests need (make deps).
# Idempotent: when everything is present it says so and touches nothing.
set -eu
[ "$#" -gt 0 ] || { echo "install-deps: no packages named" >&2; exit 2; }
missing=()
for pkg in "$@"; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
	[ "$status" = installed ] || missing+=("$pkg")
done
if [ "${#missing[@]}" -eq 0 ]; then
	echo "deps: all $# packages present"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${missing[*]}; run 'make deps' as root (or install them with apt-get)." >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
