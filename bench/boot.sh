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
console_accel

# boot DIR [HOTKEY]: boots the menu entry with HOTKEY (default: the default);
# sets shell_s, the seconds from power-on to a root shell.  (Not run in a
# subshell: the console must stay open for the commands that follow.)
boot() {
	console_start "$out/$1" --iso "$iso" --firmware bios --medium cd
	SECONDS=0
	stamp_console "$out/$1"
	console_wait 'Xen Live' 120 || exit 1
	[ -z "${2:-}" ] || console_choose_entry "$2"
	console_wait 'root@xenlive:~# ' 600 || exit 1
	shell_s=$SECONDS
}

# stamp_console DIR: DIR/serial.times, each console line with the seconds
# since power-on it arrived at (the kernel's own timestamps count from its
# start, not from power-on; these tie the two together).
stamp_console() {
	local t0=${EPOCHREALTIME/./}
	# tail ends once QEMU has (console_stop), and the loop with it.
	tail -n +1 -F --pid="$CONSOLE_QEMU_PID" "$CONSOLE_LOG" 2>/dev/null | while IFS= read -r line; do
		t=$((${EPOCHREALTIME/./} - t0))
		printf '%d.%02d %s\n' $((t / 1000000)) $((t % 1000000 / 10000)) "$line"
	done >"$1/serial.times" 2>/dev/null &
}
trap console_stop EXIT

# dom0_times DIR: what dom0 reports of its own boot, in seconds since its
# kernel started, each turned into seconds since power-on: the kernel's
# start is the earliest "arrival - timestamp" of its console lines (a line
# is never printed before it is logged).  Prints "NAME SECONDS" lines.
dom0_times() {
	local start kernel_start
	# xtop's process start (ticks since boot), and networkd bringing xenbr0 up.
	# shellcheck disable=SC2016 # expanded by dom0's shell
	start=$(console_run 'echo "xtop $(awk -v hz="$(getconf CLK_TCK)" "{ print \$22 / hz }" /proc/$(pgrep -t tty1 -x xtop | head -n 1)/stat)"; journalctl -b -o short-monotonic -u systemd-networkd --no-pager | sed -n "s/^\[ *\([0-9.]*\)\].*xenbr0: Link UP.*/xenbr0 \1/p" | head -n 1' 120) || return 0
	kernel_start=$(sed -n 's/^\([0-9.]*\) .*\[ *\([0-9]*\.[0-9]*\)\] .*/\1 \2/p' "$1/serial.times" |
		awk '{ d = $1 - $2; if (!n++ || d < min) min = d } END { if (n) printf "%.2f", min }')
	[ -n "$kernel_start" ] || return 0
	echo "kernel $kernel_start"
	awk -v k="$kernel_start" 'NF == 2 { printf "%s %.1f\n", $1, k + $2 }' <<<"$start"
}

boot xen
xen_shell=$shell_s
console_run 'xl list >/dev/null' 120 >/dev/null
xen_xl=$SECONDS
# What the user is promised at that point: xtop on tty1 and the guests'
# bridge up (dom0's address on xenbr0).
console_run 'until pgrep -t tty1 -x xtop >/dev/null && ip -4 -o addr show xenbr0 | grep -q " 10\.99\."; do sleep 0.2; done' 300 >/dev/null
xen_ready=$SECONDS
xen_times=$(dom0_times "$out/xen" | tr -d '\r')
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
echo "  Xen Live, by dom0's own clock (its kernel's timestamps tied to power-on):"
echo "                     power-on -> dom0 kernel starts  $(sed -n 's/^kernel //p' <<<"$xen_times") s"
echo "                     power-on -> xtop starts on tty1 $(sed -n 's/^xtop //p' <<<"$xen_times") s"
echo "                     power-on -> xenbr0 up           $(sed -n 's/^xenbr0 //p' <<<"$xen_times") s"
echo "  Linux without Xen: power-on -> root shell       ${native_shell} s"
echo "  Xen boot overhead: $(awk -v x="$xen_shell" -v n="$native_shell" 'BEGIN { printf "%.2f", x / n }') x the native boot"
echo "xtop against xentop in the booted dom0 (same domains, same iterations):"
while IFS= read -r line; do echo "  $line"; done <<<"${vs_xentop:-(no result)}"
