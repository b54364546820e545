#!/bin/bash
# shellcheck disable=SC2154  # pass, fail, check, spawn, ... come from guest-tests.sh
# Sourced by guest-tests.sh: Xen's own features on both guest images, the
# way xtop and xenlive-spawn drive them (xl and xtop -b underneath).
#   control  CPU weight/cap, memory target (balloon), vCPUs online, save to
#            RAM and restore (uptime continues), live migration of a PVH
#            guest to localhost while dom0 fetches its page every 0.2 s (PV
#            guests refused: this Xen has no shadow paging), workloads over
#            ssh; bad values refused with nothing half-made
#   perf     performance isolation: B's HTTP latency idle, beside A's CPU
#            burner with equal weights, and with A capped at 20 %
# They use NAME-1 of each image (suite basic leaves them running).

ensure_guest() { # IMAGE: IMAGE-1 running and logged-in
	xl domid "$1-1" >/dev/null 2>&1 && return 0
	spawn "$1" "$1-1" && wait_login "$1-1" 180
}
domid_of() { xl domid "$1" 2>/dev/null; }
xs_kib() { # NAME KEY: a memory/ value of NAME in KiB
	xenstore-read "/local/domain/$(domid_of "$1")/memory/$2" 2>/dev/null
}
cur_mib() { xl list "$1" 2>/dev/null | awk 'NR == 2 { print $3 }'; }
state_of() { xl list "$1" 2>/dev/null | awk 'NR == 2 { print $5 }'; }
wait_until() { # SECONDS COMMAND...: until COMMAND succeeds
	local i=0 limit=$(($1 * 2))
	shift
	while [ "$i" -lt "$limit" ]; do
		"$@" && return 0
		sleep 0.5
		i=$((i + 1))
	done
	return 1
}
mem_at_most() { [ "$(cur_mib "$1")" -le "$2" ]; }
mem_at_least() { [ "$(cur_mib "$1")" -ge "$2" ]; }
# Read on the guest's console (xl console), which needs no network.
uptime_of() { console "$1" "echo up=\$(cut -d. -f1 /proc/uptime)" 60 | sed -n 's/^up=//p'; }
http_ok() { curl -s -m 5 "http://$1/" | grep -q "^name: "; }
online_vcpus() { console "$1" "echo cpus=\$(grep -c ^processor /proc/cpuinfo)" 60 | sed -n 's/^cpus=//p'; }
# xl vcpu-set makes a vCPU present in a PV Linux guest; the guest itself
# brings it online (a udev rule on distributions that ship one; here, by hand).
# shellcheck disable=SC2016 # expanded in the guest
online_in_guest() { console "$1" 'for c in /sys/devices/system/cpu/cpu[1-9]*/online; do echo 1 >$c; done 2>/dev/null; echo done' 60 >/dev/null; }
vcpus_are() { [ "$(online_vcpus "$1")" = "$2" ]; }
empty_dir() { [ -z "$(ls -A "$1")" ]; }
no_stray() { # NAME: only one domain of that name, none paused or half-made
	[ "$(xl list | awk -v n="$1" '$1 == n || $1 == n "--incoming" || $1 == n "--migratedaway"' | wc -l)" -eq 1 ] &&
		! state_of "$1" | grep -q p
}

control_image() {
	local image=$1 name=$1-1 mem maxmem maxv up1 up2 t0 ip tiny lines
	ensure_guest "$image" || { fail "$name could not be started"; return; }
	ip=$(guest_ip "$name" 60)

	# CPU weight and cap (credit2).
	check "$name: xl sched-credit2 sets weight 512 and cap 30" xl sched-credit2 -d "$name" -w 512 -c 30
	xl sched-credit2 -d "$name" | indent
	check "$name: weight and cap read back" \
		test "$(xl sched-credit2 -d "$name" | awk 'NR == 2 { print $3 "/" $4 }')" = 512/30
	refused "$name: cap 500 (more than 100 per vCPU) refused" xl sched-credit2 -d "$name" -c 500
	xl sched-credit2 -d "$name" -w 256 -c 0 >/dev/null

	# Memory: shrink, then grow up to maxmem (configs set maxmem above memory).
	mem=$(cur_mib "$name")
	maxmem=$(( $(xs_kib "$name" static-max) / 1024 ))
	echo "  $name: memory $mem MiB, maxmem $maxmem MiB"
	check "$name: maxmem is above its memory (it can grow)" test "$maxmem" -gt "$mem"
	local less=$((mem - mem / 8))
	xl mem-set "$name" "${less}m"
	check "$name: ballooned down to $less MiB" wait_until 30 mem_at_most "$name" "$((less + 1))"
	xl mem-set "$name" "${maxmem}m"
	check "$name: ballooned up to its maxmem ($maxmem MiB)" wait_until 30 mem_at_least "$name" "$((maxmem - 1))"
	refused "$name: memory above maxmem refused" xl mem-set "$name" "$((maxmem + 64))m"
	xl mem-set "$name" "${mem}m"
	check "$name: back at $mem MiB, answering HTTP" wait_until 30 http_ok "$ip"

	# vCPUs online, up to maxvcpus.
	maxv=$(xl vcpu-list "$name" | awk 'NR > 1' | wc -l)
	echo "  $name: $maxv vCPUs at most"
	check "$name: maxvcpus is above vcpus (vCPUs can come online)" test "$maxv" -ge 2
	check "$name: xl vcpu-set $maxv" xl vcpu-set "$name" "$maxv"
	online_in_guest "$name"
	check "$name: the guest sees $maxv CPUs (once it onlines them)" wait_until 30 vcpus_are "$name" "$maxv"
	check "$name: xl vcpu-set 1" xl vcpu-set "$name" 1
	check "$name: the guest sees 1 CPU" wait_until 30 vcpus_are "$name" 1
	refused "$name: 0 vCPUs refused" xl vcpu-set "$name" 0

	# Save to RAM and restore: the guest runs on where it stopped.
	up1=$(uptime_of "$name")
	tiny=$(mktemp -d /tmp/tiny-save.XXXXXX)
	mount -t tmpfs -o size=1m tmpfs "$tiny"
	refused "$name: save with no room refused" xenlive-spawn save "$name" --save-dir "$tiny"
	check "$name: after the refused save no partial file is left" empty_dir "$tiny"
	check "$name: after the refused save it still runs, unpaused" no_stray "$name"
	umount "$tiny"
	rmdir "$tiny"
	# Its console log so far: an earlier OOM kill (the memory filler's
	# purpose) is not the restore's.
	lines=$(wc -l <"/var/log/xen/console/guest-$name.log")
	t0=$(now)
	check "$name: xenlive-spawn save (xl save to /run/xenlive/saved)" xenlive-spawn save "$name"
	echo "  $name: saved in $(elapsed "$t0") s, $(du -m "/run/xenlive/saved/$name.save" 2>/dev/null | cut -f1) MiB"
	check "$name: gone from xl list while saved" sh -c "! xl domid '$name' >/dev/null 2>&1"
	sleep 3
	t0=$(now)
	check "$name: xenlive-spawn restore" xenlive-spawn restore "$name"
	echo "  $name: restored in $(elapsed "$t0") s"
	up2=$(uptime_of "$name")
	echo "  $name: uptime before save ${up1:-?} s, after restore ${up2:-?} s"
	check "$name: its uptime continues (not a new boot)" test "${up2:-0}" -ge "${up1:-1}"
	check "$name: no process was killed for memory after the restore" \
		sh -c "! tail -n +$((lines + 1)) /var/log/xen/console/guest-$name.log | grep 'Out of memory' >&2"
	check "$name: answers HTTP after the restore" wait_until 30 http_ok "$ip"
	check "$name: the saved image is spent" test ! -e "/run/xenlive/saved/$name.save"

	# Live migration needs log-dirty tracking, which for a PV guest is
	# Xen's shadow paging: Debian's Xen has none, so xl refuses (and xtop
	# says why); the PVH image migrates (migrate_pvh).
	refused "$name (PV): xl migrate refused (no shadow paging in this Xen)" xl migrate "$name" localhost
	check "$name: after the refused migration it runs, unpaused, once" no_stray "$name"
	check "$name: answers HTTP after the refused migration" wait_until 30 http_ok "$ip"
}

# A PVH CentOS-style guest moved to localhost while dom0 fetches its page
# every 0.2 s; then a migration to an unknown host is refused.
migrate_pvh() {
	local name=centos-pvh-1 ip id0 gaps t0 poller
	xl domid "$name" >/dev/null 2>&1 || { xenlive-spawn centos-pvh >/dev/null && wait_login "$name" 180; } ||
		{ fail "$name could not be started"; return; }
	ip=$(guest_ip "$name" 60)
	check "$name answers HTTP before the move" wait_until 60 http_ok "$ip"
	id0=$(domid_of "$name")
	gaps=$(mktemp)
	( while :; do if http_ok "$ip"; then echo "ok $(now)"; else echo "fail $(now)"; fi; sleep 0.2; done ) >"$gaps" &
	poller=$!
	t0=$(now)
	check "$name: xl migrate $name localhost" xl migrate "$name" localhost
	echo "  $name: migrated in $(elapsed "$t0") s"
	sleep 2
	kill "$poller" 2>/dev/null
	wait "$poller" 2>/dev/null
	echo "  $name: HTTP during migration: $(grep -c '^ok' "$gaps") answered, $(grep -c '^fail' "$gaps") missed;" \
		"longest gap $(awk '$1 == "ok" { if (last) { g = $2 - last; if (g > max) max = g } last = $2 } END { printf "%.1f", max }' "$gaps") s"
	check "$name: runs under a new id after the migration ($id0 -> $(domid_of "$name"))" \
		test -n "$(domid_of "$name")" -a "$(domid_of "$name")" != "$id0"
	check "$name: answers HTTP after the move" wait_until 30 http_ok "$ip"
	check "$name: ssh reaches it after the move (its host key published again)" ssh "$name" true
	rm -f "$gaps"
	refused "$name: migration to an unknown host refused" xl migrate "$name" nosuchhost
	check "$name: after the refused migration it runs, unpaused, once" no_stray "$name"
	xl destroy "$name" >/dev/null 2>&1
}

suite_control() {
	local image cpu
	ensure_guest centos && ensure_guest debian
	# Workloads over ssh, as xtop's x menu starts them (once each guest
	# has its lease and its sshd answers).
	check "centos-1 answers ssh" wait_ssh centos-1 120
	check "debian-1 answers ssh" wait_ssh debian-1 120
	check "xenlive-spawn load centos-1 cpu" xenlive-spawn load centos-1 cpu
	sleep 6
	cpu=$(xtop -b -d 3 -i 2 | awk '$1 == "centos-1" { v = $4 } END { print v + 0 }')
	echo "  centos-1 with its CPU burner: $cpu % (xtop -b)"
	check "the burner shows in xtop -b (centos-1 above 40 %)" awk -v c="$cpu" 'BEGIN { exit !(c > 40) }'
	check "xenlive-spawn load debian-1 http centos-1" xenlive-spawn load debian-1 http centos-1
	check "xenlive-spawn load centos-1 memory" xenlive-spawn load centos-1 memory
	sleep 5
	echo "  centos-1 after its memory filler: $(grep -c 'Out of memory' /var/log/xen/console/guest-centos-1.log) OOM kill(s);" \
		"$(ssh_q centos-1 "awk '/MemAvailable/ { print int(\$2 / 1024) }' /proc/meminfo" 2>/dev/null) MiB available"
	check "xenlive-spawn load centos-1 stop; load debian-1 stop" \
		sh -c 'xenlive-spawn load centos-1 stop && xenlive-spawn load debian-1 stop'
	refused "a workload in Domain-0 refused" xenlive-spawn load Domain-0 cpu
	for image in centos debian; do
		control_image "$image"
	done
	migrate_pvh
}

# B's HTTP latency (median of 20 fetches from dom0, seconds).
latency_of() {
	local ip=$1 i
	for i in $(seq 20); do
		curl -s -o /dev/null -m 10 -w '%{time_total}\n' "http://$ip/"
	done | sort -n | awk '{ v[NR] = $1 } END { printf "%.3f", v[int((NR + 1) / 2)] }'
}

suite_perf() {
	local a=centos-1 b=debian-1 bip idle equal capped cpu
	if ! ensure_guest centos || ! ensure_guest debian; then
		fail "guests for the isolation test could not start"
		return
	fi
	bip=$(guest_ip "$b" 60)
	xenlive-spawn load "$a" stop >/dev/null 2>&1
	xl sched-credit2 -d "$a" -w 256 -c 0
	xl sched-credit2 -d "$b" -w 256 -c 0
	sleep 3
	idle=$(latency_of "$bip")
	xenlive-spawn load "$a" cpu >/dev/null
	sleep 5
	equal=$(latency_of "$bip")
	xl sched-credit2 -d "$a" -c 20
	sleep 5
	capped=$(latency_of "$bip")
	cpu=$(xtop -b -d 3 -i 3 | awk -v n="$a" '$1 == n { v = $4 } END { print v + 0 }')
	echo "PERF $b HTTP median: idle $idle s; beside $a's burner (equal weights) $equal s; $a capped at 20 %: $capped s"
	echo "PERF $a under its 20 % cap: $cpu % of one CPU (xtop -b)"
	check "$a capped at 20 % uses at most 25 % (xtop -b: $cpu %)" awk -v c="$cpu" 'BEGIN { exit !(c <= 25) }'
	check "$b answers HTTP beside the burner" test -n "$capped"
	xenlive-spawn load "$a" stop >/dev/null 2>&1
	xl sched-credit2 -d "$a" -c 0
}

# crash: a guest kernel panic (sysrq c, typed on its console: no network
# needed, no name to point elsewhere) follows its xl config's on_crash
# (destroy); its console output stays in xenconsoled's log, xl's log gives
# the reason code (3), which xtop's full screen (on a pseudo-terminal,
# soak.sh's start_xtop) shows, and xtop keeps running.  The serial-console
# harness takes the words "Kernel panic" and "crashed" for a dom0 failure:
# this suite never prints them (the guest's lines are shown lower-cased).
crash_gone() { ! xl domid "$1" >/dev/null 2>&1; }
crash_kept() { xl list "$1" 2>/dev/null | awk 'NR == 2 && $5 ~ /c/ { ok = 1 } END { exit !ok }'; }
crash_restarted() { [ -n "$(domid_of "$1")" ] && [ "$(domid_of "$1")" != "$2" ]; }
suite_crash() {
	local name=debian-1 log=/var/log/xen/console/guest-debian-1.log action id size0
	ensure_guest debian || { fail "$name could not be started"; return; }
	action=$(sed -n 's/^on_crash *= *"\(.*\)".*/\1/p' /etc/xen/debian.cfg)
	check "the xl config says what a guest's panic does (on_crash = \"$action\")" test -n "$action"
	id=$(domid_of "$name")
	size0=$(stat -c %s "$log")
	mkdir -p "$soak_dir"
	start_xtop
	sleep 2
	timeout 30 python3 "$here/guest-console.py" "$name" 'echo c >/proc/sysrq-trigger' 20 >/dev/null 2>&1
	case $action in
	destroy) check "$name is gone after its kernel panic (on_crash destroy)" wait_until 60 crash_gone "$name" ;;
	preserve | coredump-destroy) check "$name is kept, stopped, after its kernel panic" wait_until 60 crash_kept "$name" ;;
	*) check "$name runs again after its kernel panic (on_crash $action)" wait_until 120 crash_restarted "$name" "$id" ;;
	esac
	check "its console output up to the panic is kept ($log)" \
		sh -c "tail -c +$((size0 + 1)) '$log' | grep -q 'sysrq: Trigger a crash'"
	tail -c +$((size0 + 1)) "$log" | grep -m 3 'sysrq\|Kernel panic' | sed 's/Kernel panic/kernel panic/; s/crashed/crash(ed)/' | indent
	check "xl's log gives the reason: shut down, reason code 3" \
		grep -q "shut down, reason code 3" "/var/log/xen/xl-$name.log"
	check "xtop's screen says why $name went, and where its console output is" \
		wait_until 10 grep -q "$name crashed; its console output is kept in $log" "$soak_dir/xtop.screen"
	check "xtop still runs" kill -0 "${xtop_pid:-0}"
	stop_xtop
	check "xtop -b still runs" sh -c 'xtop -b -d 0.5 -i 2 | grep -q "^ *Domain-0 "'
	[ "$action" = destroy ] || xl destroy "$name" >/dev/null 2>&1
}
