#!/bin/bash
# Runs one build stage with a progress line before and after, so a user can see
# where a multi-minute build is.  Usage: stage.sh NAME COMMAND [ARG...]
set -eu
name=$1; shift
start=$(date +%s)
printf '>>> %-22s started %s\n' "$name" "$(date +%H:%M:%S)"
if "$@"; then
	printf '<<< %-22s done in %ss\n' "$name" "$(( $(date +%s) - start ))"
else
	rc=$?
	printf '!!! %-22s FAILED after %ss (exit %s)\n' "$name" "$(( $(date +%s) - start ))" "$rc" >&2
	exit "$rc"
fi
