#!/bin/bash
# Runs one build stage with a progress line before and after, so a user can see
# where a multi-minute build is.  Usage: stage.sh NAME COMMAND [ARG...]
# While a stage runs, a line every STAGE_HEARTBEAT seconds (30 on a terminal,
# 120 otherwise, so a log is not flooded) says it is alive and how far it is:
# the stage may write one line of progress to the file $XENLIVE_PROGRESS
# (scripts/progress.sh has the helpers), which the heartbeat shows.
set -eu
name=$1; shift
start=$(date +%s)
every=${STAGE_HEARTBEAT:-}
if [ -z "$every" ]; then
	every=120
	[ ! -t 1 ] || every=30
fi
printf '>>> %-22s started %s\n' "$name" "$(date +%H:%M:%S)"
XENLIVE_PROGRESS=$(mktemp "${TMPDIR:-/tmp}/xenlive-progress.XXXXXX")
export XENLIVE_PROGRESS XENLIVE_STAGE=$name
# The sleep holds no output open (a pipe reading make's output would wait for it).
(
	trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
	while :; do
		sleep "$every" >/dev/null 2>&1 &
		sleeper=$!
		wait "$sleeper"
		s=$(( $(date +%s) - start ))
		printf '... %-22s running %dm%02ds %s\n' "$name" $((s / 60)) $((s % 60)) "$(tail -n 1 "$XENLIVE_PROGRESS" 2>/dev/null)"
	done
) &
heartbeat=$!
trap 'kill "$heartbeat" 2>/dev/null; rm -f "$XENLIVE_PROGRESS"' EXIT
if "$@"; then
	printf '<<< %-22s done in %ss\n' "$name" "$(( $(date +%s) - start ))"
else
	rc=$?
	printf '!!! %-22s FAILED after %ss (exit %s)\n' "$name" "$(( $(date +%s) - start ))" "$rc" >&2
	exit "$rc"
fi
