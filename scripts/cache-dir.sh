# shellcheck shell=sh
# The build cache's place (downloads, Debian bases, the CentOS-style kernel,
# the KVM probe's verdict): XENLIVE_CACHE when set, else its one default,
# here.  The Makefile takes it from this file and exports it; scripts that
# are also run by hand source it, so they find the same cache.
: "${XENLIVE_CACHE:=${HOME:?is not set, so the build cache has no default place; set XENLIVE_CACHE to a directory}/.cache/xenlive}"
export XENLIVE_CACHE
