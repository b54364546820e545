#!/bin/bash
# A stand-in for xl in tests: appends its argument vector (one line, words
# separated by '|') to $FAKE_XL_LOG, fails like xl on a bare-word name=
# value (xl's config syntax wants name="..."), fails like xl when the name
# or any argument equals $FAKE_XL_FAIL, and otherwise succeeds quietly.
set -eu
log=${FAKE_XL_LOG:-/dev/null}
( IFS='|'; echo "$*" ) >>"$log"
for arg in "$@"; do
	case "$arg" in
	name=\"*\") ;;
	name=*) echo "config parsing error near \`${arg#name=}': syntax error, unexpected IDENT" >&2; exit 1 ;;
	esac
	if [ -n "${FAKE_XL_FAIL:-}" ] && { [ "$arg" = "name=\"${FAKE_XL_FAIL}\"" ] || [ "$arg" = "$FAKE_XL_FAIL" ]; }; then
		echo "libxl: error: libxl_create.c:1234: cannot $1 domain ${FAKE_XL_FAIL}: out of memory" >&2
		exit 3
	fi
done
if [ "${1:-}" = console ]; then
	echo "fake console for ${2:-?}; press Enter to leave"
	read -r _ || true
fi
exit 0
