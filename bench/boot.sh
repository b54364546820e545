#!/bin/bash
# Boot time, measured side by side in one run: power-on to an answer from
# `xl list` in dom0 (the default Xen entry), and power-on to a shell from the
# same root booted by the "Linux without Xen" entry.  Also the CPU cost of
# xtop -b against xentop -b in that dom0.  Reports, asserts nothing.
# Usage: boot.sh ISO
set -eu
iso=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../tests/lib/console.sh
. "$here/../tests/lib/console.sh"
[ -n "${O:-}" ] || { echo "boot.sh: O, the output directory, is not set; run this through make (make bench-boot), which sets it." >&2; exit 2; }
out=$O/bench/boot
mkdir -p "$out"
trap console_stop EXIT
console_accel

# boot DIR [HOTKEY]: boots the menu entry with HOTKEY (default: the default);
# sets shell_s, the seconds from power-on to a root shell.  (Not run in a
# subshell: the console must stay open for the commands that follow.)
boot() {
	console_start "$out/$1" --iso "$iso" --firmware bios --medium cd
	SECONDS=0
	console_wait 'Xen Live' 120 || exit 1
	[ -z "${2:-}" ] || console_choose_entry "$2"
	console_wait 'root@xenlive:~# ' 600 || exit 1
	shell_s=$SECONDS
}

boot xen
xen_shell=$shell_s
console_run 'xl list >/dev/null' 120 >/dev/null
xen_xl=$SECONDS
# What the user is promised at that point: xtop on tty1 and the guests'
# bridge up (dom0's address on xenbr0).
console_run 'until pgrep -t tty1 -x xtop >/dev/null && ip -4 -o addr show xenbr0 | grep -q " 10\.99\."; do sleep 0.2; done' 300 >/dev/null
xen_ready=$SECONDS
# While this dom0 is up: CPU cost of xtop -b against xentop -b over the same
# iterations (xtop/bench/vs-xentop.sh, typed in through the console without
# its indentation: a typed tab would ask the shell for completion).
console_run 'dmesg -n 1' 60 >/dev/null || true
vs_xentop=$(console_run "cat >/tmp/vs-xentop.sh <<'XTOP_BENCH_EOF'
$(sed 's/^[[:space:]]*//' "$here/../xtop/bench/vs-xentop.sh")
XTOP_BENCH_EOF
bash /tmp/vs-xentop.sh 100 1" 600 | grep -E '^(iterations|xtop|xentop|ratio)' || true)
console_stop
boot native l
native_shell=$shell_s
console_stop

echo "boot (accelerator $CONSOLE_ACCEL, $(nproc) host cores, 2 GB guest RAM):"
echo "  Xen Live:          power-on -> xl list answers  ${xen_xl} s"
echo "  Xen Live:          power-on -> xtop on tty1, xenbr0 up  ${xen_ready} s   (target <= 30 s)"
echo "  Xen Live:          power-on -> root shell       ${xen_shell} s"
echo "  Linux without Xen: power-on -> root shell       ${native_shell} s"
echo "  Xen boot overhead: $(awk -v x="$xen_shell" -v n="$native_shell" 'BEGIN { printf "%.2f", x / n }') x the native boot"
echo "xtop against xentop in the booted dom0 (same domains, same iterations):"
while IFS= read -r line; do echo "  $line"; done <<<"${vs_xentop:-(no result)}"
