#!/bin/bash
# Prints the archive URL this machine's apt configuration uses for SUITE
# (e.g. bookworm, bookworm-security), so the build uses the same mirrors as
# apt-get without naming any host itself.
set -eu
suite=$1
# shellcheck disable=SC2016 # apt's own format fields
site=$(apt-get indextargets --format '$(SITE) $(RELEASE)' 'Identifier: Packages' 2>/dev/null |
	awk -v s="$suite" '$2 == s { print $1; exit }')
if [ -z "$site" ]; then
	echo "apt-site: apt has no source for suite $suite; add it to /etc/apt/sources.list.d and run 'apt-get update'." >&2
	exit 1
fi
echo "$site"
