# shellcheck shell=bash
# shellcheck disable=SC2154 # iso and out come from the sourcing suite
# Boot stages and checks on the serial console, shared by the suites that
# boot the ISO (tests/boot, the in-ISO guest checks).  Source it after
# report.sh and console.sh.  Reads $iso (the ISO) and $out (the log folder);
# sets $mode, which prefixes every result line.
#
#   stage NAME REGEX SECONDS          one boot stage, timed
#   check NAME COMMAND REGEX [SECS]   COMMAND in the booted system succeeds
#                                     and its output matches REGEX
#   no_fatal_output                   no panic, Oops or crash on the console
#   boot_to_dom0 MODE [run-qemu args] menu's default entry to the dom0 shell
#   with_stall_retry COMMAND...       one more boot when the machine froze

# stage NAME REGEX SECONDS: one boot stage, timed.
stage() {
	local start=$SECONDS
	if console_wait "$2" "$3"; then
		pass "$mode: $1 (${SECONDS}s total, stage $((SECONDS - start))s)"
	else
		fail "$mode: $1 (gave up after $((SECONDS - start))s; log $CONSOLE_LOG)"
		return 1
	fi
}

# check_on_console NAME COMMAND REGEX [SECONDS]: COMMAND, typed on the
# booted machine's serial console, succeeds there and its output matches
# REGEX.  (report.sh's check runs a command on this host.)
check_on_console() {
	local output status=0
	output=$(console_run "$2" "${4:-120}") || status=$?
	if [ "$status" -eq 0 ] && grep -qE "$3" <<<"$output"; then
		pass "$mode: $1"
	else
		fail "$mode: $1 (exit $status; output: $(head -c 300 <<<"$output" | tr '\n' '|'))"
	fi
}

no_fatal_output() {
	if grep -aqE "$CONSOLE_FATAL" "$CONSOLE_LOG"; then
		fail "$mode: console shows $(grep -aoE "$CONSOLE_FATAL" "$CONSOLE_LOG" | head -n 1)"
	else
		pass "$mode: no panic, Oops or crash on the console"
	fi
}

# Boots to the dom0 shell through the menu's default entry.
boot_to_dom0() {
	mode=$1; shift
	SECONDS=0
	console_start "$out/$mode" --iso "$iso" "$@"
	stage "boot menu shown" 'Xen Live' 120 &&
	stage "Xen banner" 'Xen version 4\.17' 120 &&
	stage "dom0 kernel up" 'Linux version 6\.1' 180 &&
	stage "live root mounted from squashfs with overlay" 'xenlive: live root mounted: squashfs' 240 &&
	stage "autologin root shell" 'root@xenlive:~# ' 420
}

# Runs COMMAND (a boot and its checks).  When it failed because the machine
# froze - its console went silent, as a dom0 under QEMU/TCG now and then
# does early in boot - the results of that attempt are set aside and
# COMMAND runs once more.  A second freeze fails.  Returns COMMAND's status.
with_stall_retry() {
	local passed=$report_passed failed=$report_failed status=0
	"$@" || status=$?
	if [ "$CONSOLE_STALLED" = 1 ] && [ "$report_failed" -gt "$failed" ]; then
		echo "RETRY $mode: the machine froze (console silent, log kept as $CONSOLE_LOG.stalled); the results above are set aside, booting once more"
		cp "$CONSOLE_LOG" "$CONSOLE_LOG.stalled" 2>/dev/null || true
		report_passed=$passed report_failed=$failed status=0
		"$@" || status=$?
	fi
	return "$status"
}
