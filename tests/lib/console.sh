# shellcheck shell=bash
# Drives a QEMU machine through its serial console: boot it, wait for
# markers in what it prints, type commands into its shell and read their
# output.  Source it from a bash test; needs scripts/run-qemu.sh.
#
#   console_accel                             QEMU's accelerator, decided once
#   console_start DIR [run-qemu.sh args...]   boot; log in DIR/serial.log
#   console_mark                              later waits look only past here
#   console_wait REGEX SECONDS                wait for REGEX (extended grep)
#   console_run 'COMMAND' SECONDS             run in the guest shell; output on
#                                             stdout, returns COMMAND's status
#   console_choose_entry KEY                  boot menu: the entry with hotkey KEY
#   console_monitor 'COMMAND'                 a QEMU monitor command
#   console_sendkeys SECONDS KEY...           keys on the machine's keyboard
#   console_stop                              power off, clean up
# Any console output matching CONSOLE_FATAL ends a wait with status 2.
CONSOLE_FATAL='Kernel panic|Oops:|crashed|Initramfs unpacking failed|Hardware Dom0'
CONSOLE_DIR="" CONSOLE_LOG="" CONSOLE_QEMU_PID="" CONSOLE_READER_PID="" CONSOLE_IN=""
CONSOLE_MARK=0 CONSOLE_SEQ=0
# Set when a wait gave up on a console silent for CONSOLE_STALL_SECONDS: the
# machine froze rather than printed something unexpected.
CONSOLE_STALLED=0 CONSOLE_STALL_SECONDS=${CONSOLE_STALL_SECONDS:-150}
CONSOLE_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CONSOLE_ACCEL=""

# Decides the accelerator once (scripts/accel.sh, from $ACCEL) and prints it,
# so every machine of a suite or benchmark runs under the same one and its
# log says which.  ACCEL=kvm where KVM fails ends the suite with the
# sentence accel.sh printed.
console_accel() {
	[ -z "$CONSOLE_ACCEL" ] || return 0
	CONSOLE_ACCEL=$("$CONSOLE_TOP/scripts/accel.sh" "${ACCEL:-auto}") || exit 1
	export ACCEL=$CONSOLE_ACCEL
	echo "accelerator: $CONSOLE_ACCEL"
}

console_start() {
	CONSOLE_DIR=$1; shift
	console_accel
	mkdir -p "$CONSOLE_DIR"
	rm -f "$CONSOLE_DIR"/serial.{in,out} "$CONSOLE_DIR/monitor.sock"
	mkfifo "$CONSOLE_DIR/serial.in" "$CONSOLE_DIR/serial.out"
	CONSOLE_LOG=$CONSOLE_DIR/serial.log
	: >"$CONSOLE_LOG"
	CONSOLE_MARK=0 CONSOLE_STALLED=0
	"$CONSOLE_TOP/scripts/run-qemu.sh" --serial-pipe "$CONSOLE_DIR/serial" \
		--monitor-socket "$CONSOLE_DIR/monitor.sock" --no-reboot "$@" \
		>"$CONSOLE_DIR/qemu.log" 2>&1 </dev/null &
	CONSOLE_QEMU_PID=$!
	# Read-write opens never block on a FIFO, whether or not QEMU got there.
	cat <>"$CONSOLE_DIR/serial.out" >>"$CONSOLE_LOG" &
	CONSOLE_READER_PID=$!
	exec {CONSOLE_IN}<>"$CONSOLE_DIR/serial.in"
}

console_alive() { kill -0 "$CONSOLE_QEMU_PID" 2>/dev/null; }

# The log as plain text: no ANSI escapes, no carriage returns.
console_text() {
	tail -c +"$((CONSOLE_MARK + 1))" "$CONSOLE_LOG" | sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r//g'
}

console_mark() { CONSOLE_MARK=$(stat -c %s "$CONSOLE_LOG"); }

console_wait() {
	local regex=$1 deadline=$((SECONDS + $2)) text
	while :; do
		text=$(console_text)
		if grep -qaE "$CONSOLE_FATAL" <<<"$text"; then
			echo "console: fatal output: $(grep -aE "$CONSOLE_FATAL" <<<"$text" | head -n 3)" >&2
			return 2
		fi
		grep -qaE "$regex" <<<"$text" && return 0
		if ! console_alive; then
			echo "console: QEMU exited while waiting for /$regex/ ($(tail -n 3 "$CONSOLE_DIR/qemu.log"))" >&2
			return 1
		fi
		if [ "$SECONDS" -ge "$deadline" ]; then
			local silent=$(($(date +%s) - $(stat -c %Y "$CONSOLE_LOG")))
			# shellcheck disable=SC2034 # read by boot-stages.sh
			[ "$silent" -lt "$CONSOLE_STALL_SECONDS" ] || CONSOLE_STALLED=1
			echo "console: no /$regex/ within $2 s (console silent for the last $silent s); last lines: $(console_text | tail -n 3 | tr '\n' '|')" >&2
			return 1
		fi
		sleep 0.5
	done
}

# Types slowly: input crosses Xen's small serial receive ring to reach dom0.
console_type() {
	local s=$1 i
	for ((i = 0; i < ${#s}; i += 8)); do
		printf '%s' "${s:i:8}" >&"$CONSOLE_IN"
		sleep 0.05
	done
}

console_run() {
	local cmd=$1 timeout=$2 n text rc
	CONSOLE_SEQ=$((CONSOLE_SEQ + 1)); n=$CONSOLE_SEQ
	console_mark
	# The markers are arithmetic, so the echoed command line never matches them.
	console_type "echo \"@@begin-\$(($n))@@\"; $cmd; echo \"@@end-\$(($n))-rc-\$?@@\""$'\r'
	console_wait "^@@end-$n-rc-[0-9]+@@" "$timeout" || return 125
	text=$(console_text)
	rc=$(sed -n "s/^@@end-$n-rc-\([0-9]*\)@@.*/\1/p" <<<"$text" | head -n 1)
	# The begin marker may share its line with the tail of the typed command
	# echoed late (a busy shell); the echo itself never has it (arithmetic).
	sed -n "/@@begin-$n@@/,/^@@end-$n-rc-/p" <<<"$text" | sed '1d;$d'
	return "$rc"
}

# Presses an entry's hotkey (livecd/boot-entries), then Enter for menus
# where a hotkey only moves the selection.  One plain letter survives a slow
# serial line where arrow-key escape sequences may not.  Must come before
# the menu's timeout.
console_choose_entry() {
	console_type "$1"
	sleep 1
	console_type $'\r'
}

console_monitor() {
	printf '%s\n' "$1" | socat - "UNIX-CONNECT:$CONSOLE_DIR/monitor.sock" >/dev/null
}

# Presses each KEY (QEMU's sendkey names: n, ret, ctrl-bracket_right...) on
# the machine's own keyboard, SECONDS apart, as a person at the PC would:
# for the screen, where the serial console does not reach.
console_sendkeys() {
	local pause=$1 key
	shift
	console_monitor "sendkey $1"
	shift
	for key in "$@"; do
		sleep "$pause"
		console_monitor "sendkey $key"
	done
}

console_stop() {
	[ -n "$CONSOLE_QEMU_PID" ] || return 0
	# Both were killed, so their exit statuses say nothing.
	kill "$CONSOLE_QEMU_PID" 2>/dev/null || true
	wait "$CONSOLE_QEMU_PID" 2>/dev/null || true
	kill "$CONSOLE_READER_PID" 2>/dev/null || true
	wait "$CONSOLE_READER_PID" 2>/dev/null || true
	[ -z "$CONSOLE_IN" ] || exec {CONSOLE_IN}>&-
	CONSOLE_QEMU_PID="" CONSOLE_IN=""
	rm -f "$CONSOLE_DIR"/serial.{in,out} "$CONSOLE_DIR/monitor.sock"
}
