# shellcheck shell=sh
# Xen Live login: UTF-8 for xtop's sparklines; on tty1, start xtop once
# (quitting it leaves this shell).
export LANG=C.UTF-8
if [ "$(tty 2>/dev/null)" = /dev/tty1 ] && [ -z "${XENLIVE_XTOP_STARTED-}" ] && command -v xtop >/dev/null 2>&1; then
	export XENLIVE_XTOP_STARTED=1
	xtop --hint "Xen Live: this is Domain-0, Xen's control domain. n starts a guest, c shows its console (Ctrl-] comes back), Alt-F2 opens a shell, q leaves xtop."
fi
