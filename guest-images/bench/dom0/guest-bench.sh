#!/bin/bash
# Demo-guest benchmarks, run as root in the live dom0 (guest-images/bench/
# guests.sh boots the ISO and runs this over the serial console).  Reports
# numbers; asserts nothing.
#   guest-bench.sh [sizes] [memory[:IMAGE]] [idle] [latency] [scaling] [density] [isolation] [boottrace] [wakeups] [dom0boot] [kernel]
set -u
here=$(cd "$(dirname "$0")" && pwd)
lib=/usr/lib/xenlive/guests
logdir=/var/log/xen/console
leases=/run/xenlive/dnsmasq.leases
[ "$#" -gt 0 ] || set -- sizes memory idle wakeups latency boottrace isolation scaling density

now() { date +%s.%N; }
diff_s() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
free_mb() { xl info free_memory; }
destroy_all() {
	xl list | awk 'NR > 2 { print $1 }' | while read -r d; do xl destroy "$d" >/dev/null 2>&1; done
	sleep 2
}
wait_login() { # NAME TIMEOUT -> 0 when "login:" is in its console log
	local end
	end=$(( $(date +%s) + $2 ))
	while [ "$(date +%s)" -lt "$end" ]; do
		grep -q 'login:' "$logdir/guest-$1.log" 2>/dev/null && return 0
		sleep 0.2
	done
	return 1
}
# spawn_timed IMAGE NAME: prints "create_s login_s" (login_s "-" on time-out)
spawn_timed() {
	local t0 t1 t2
	rm -f "$logdir/guest-$2.log"
	t0=$(now)
	xl create "/etc/xen/$1.cfg" "name=\"$2\"" >/dev/null 2>&1 || { echo "failed -"; return 1; }
	t1=$(now)
	if wait_login "$2" 300; then t2=$(now); echo "$(diff_s "$t0" "$t1") $(diff_s "$t0" "$t2")"; else echo "$(diff_s "$t0" "$t1") -"; fi
}
http_name_ok() { # NAME: its page, fetched by its leased address, names it
	local ip mac
	mac=$(xl network-list "$1" 2>/dev/null | awk 'NR == 2 { print $3 }')
	ip=$(awk -v m="$mac" '$2 == m { print $3 }' "$leases" 2>/dev/null | tail -n 1)
	[ -n "$ip" ] && curl -s -m 5 "http://$ip/" | grep -q "^name: $1\$"
}

bench_sizes() {
	echo "--- image sizes (compressed squashfs; kernel; ramdisk)"
	for d in "$lib"/*/; do
		printf '  %-8s image %6s KiB  kernel %6s KiB  ramdisk %6s KiB\n' "$(basename "$d")" \
			"$(( $(stat -c %s "$d/root.squashfs") / 1024 ))" "$(( $(stat -c %s "$d/vmlinuz") / 1024 ))" \
			"$( [ -f "$d/initrd.gz" ] && echo $(( $(stat -c %s "$d/initrd.gz") / 1024 )) || echo 0)"
	done
}

# What a guest really needs: each image at falling memory sizes, whether it
# reaches its login and answers HTTP, and what its kernel has left
# (MemAvailable, asked over its console).
bench_memory() { # [IMAGE]: one image (memory:centos), else both
	local image m name r avail
	echo "--- memory a guest needs (create -> login within 120 s -> HTTP; MemAvailable inside)"
	destroy_all
	for image in ${1:-centos debian}; do
		case $image in centos) set -- 32 28 24 22 20 ;; debian) set -- 128 96 80 64 ;; esac
		for m in "$@"; do
			name=$image-mem$m
			rm -f "$logdir/guest-$name.log"
			if ! xl create "/etc/xen/$image.cfg" "name=\"$name\"" "memory=$m" >/dev/null 2>&1; then
				echo "  $image ${m} MiB: xl create refused"; continue
			fi
			avail=-
			if wait_login "$name" 120; then
				r="login, no HTTP"
				for _ in 1 2 3 4 5 6 7 8 9 10; do http_name_ok "$name" && { r="login + HTTP"; break; }; sleep 2; done
				avail=$(python3 "$here/guest-console.py" "$name" "awk '/^MemAvailable/ { print \$2 }' /proc/meminfo" 60 2>/dev/null | tail -n 1)
			else
				r="no login"
			fi
			echo "  $image ${m} MiB: $r; MemAvailable ${avail:-?} KiB"
			xl destroy "$name" >/dev/null 2>&1
		done
	done
}

# wait_ssh NAME: until the guest answers ssh, up to 3 min (a loaded host
# can take a guest past its login before its lease and host key are there).
wait_ssh() {
	for _ in $(seq 36); do
		timeout 30 ssh -o ConnectTimeout=20 "$1" true </dev/null >/dev/null 2>&1 && return 0
		sleep 5
	done
	return 1
}

# What an idle guest costs: its CPU% (of one pCPU) over 30 s as xtop -b
# measures it, once it has reached its login prompt and settled; and, over
# a window around the same 30 s, its interrupts per second as the guest's
# own /proc/interrupts counts them (read over ssh, whose connection is quiet
# while the remote side sleeps; a login on the console would itself wake
# the guest), timer interrupts apart: every timer interrupt is a wake-up,
# and under emulation each one costs the host milliseconds.
idle_irqs() { # NAME SECONDS: "uptime timer-irqs all-irqs" twice, SECONDS apart
	wait_ssh "$1"
	# shellcheck disable=SC2016 # expanded in the guest
	timeout $(($2 + 120)) ssh -o ConnectTimeout=60 "$1" 'S() { echo "IRQS $(cut -d" " -f1 /proc/uptime) $(awk "/timer/ { for (i = 2; i <= NF && \$i ~ /^[0-9]+\$/; i++) t += \$i } \$1 ~ /:\$/ { for (i = 2; i <= NF && \$i ~ /^[0-9]+\$/; i++) a += \$i } END { print t + 0, a + 0 }" /proc/interrupts)"; }; S; sleep '"$2"'; S' </dev/null 2>/dev/null
}
bench_idle() {
	local image f
	echo "--- idle cost: each guest's CPU over 30 s once both sit idle, login + 20 s (xtop -b, % of one pCPU),"
	echo "    and over the next 30 s, in which the measuring ssh sessions end; interrupts/s inside it over 45 s"
	destroy_all
	for image in centos debian; do
		spawn_timed "$image" "$image-idle" >/dev/null
	done
	wait_login centos-idle 300; wait_login debian-idle 300
	sleep 20
	for image in centos debian; do
		idle_irqs "$image-idle" 45 >"/tmp/idle-irqs-$image" &
	done
	# xtop's first window starts once both guests are in their 45 s sleep
	# (the ssh logins themselves are work, kept out of it), or after 4 min;
	# its second one holds the end of that sleep and the logouts (in the
	# Debian guest each SSH connection is a systemd unit of its own, stopped
	# and cleaned up at the logout): shown apart, as what a login costs, not
	# an idle guest.  Each printed iteration of xtop -b has rates over its
	# full interval (a priming sample comes first).
	for _ in $(seq 480); do
		[ "$(cat /tmp/idle-irqs-centos /tmp/idle-irqs-debian 2>/dev/null | grep -c '^IRQS')" -ge 2 ] && break
		sleep 0.5
	done
	xtop -b -f -d 30 -i 2 | awk '
		$1 == "NAME" { n++ } $1 ~ /^(Domain-0|centos-idle|debian-idle)$/ { print n, $1, $4 }' >/tmp/idle-cpu
	wait
	printf '  %-12s %7s %9s\n' "" idle logouts
	for d in Domain-0 centos-idle debian-idle; do
		f=/tmp/idle-irqs-${d%-idle}
		printf '  %-12s %5s %% %7s %%' "$d" "$(awk -v d="$d" '$1 == 1 && $2 == d { print $3 }' /tmp/idle-cpu)" \
			"$(awk -v d="$d" '$1 == 2 && $2 == d { print $3 }' /tmp/idle-cpu)"
		[ "$d" = Domain-0 ] || awk '/^IRQS/ { n++; u[n] = $2; t[n] = $3; a[n] = $4 }
			END { if (n == 2 && u[2] > u[1]) printf "   %.2f timer interrupts/s, %.2f interrupts/s in all", (t[2] - t[1]) / (u[2] - u[1]), (a[2] - a[1]) / (u[2] - u[1]); else printf "   interrupts: no answer over ssh" }' "$f"
		echo
	done
	rm -f /tmp/idle-irqs-centos /tmp/idle-irqs-debian /tmp/idle-cpu
	destroy_all
}

bench_latency() {
	local image i r
	echo "--- spawn latency on an idle host (xl create return; create -> login prompt), 3 runs"
	destroy_all
	for image in centos debian; do
		for i in 1 2 3; do
			r=$(spawn_timed "$image" "$image-lat$i")
			echo "  $image run $i: xl create ${r% *} s, login ${r#* } s"
			xl destroy "$image-lat$i" >/dev/null 2>&1
			sleep 1
		done
	done
}

# Spawn latency against idle guests already running: at each step, one
# CentOS-style guest is spawned with xenlive-spawn and timed (its return,
# create -> login prompt, create -> HTTP answer), with Xen's free memory.
# Rows "SCALING n spawn login http free" feed the host's table and plot.
bench_scaling() {
	local running=0 target t0 t1 t2 t3 spawn login http name=centos-probe
	echo "--- spawn latency against idle CentOS-style guests already running (steps: ${SCALING_STEPS:=0 10 20 30 40})"
	destroy_all
	for target in $SCALING_STEPS; do
		while [ "$running" -lt "$target" ]; do
			running=$((running + 1))
			xl create /etc/xen/centos.cfg "name=\"centos-bg$running\"" >/dev/null 2>&1 || { echo "  could not start background guest $running"; break; }
		done
		[ "$running" -eq 0 ] || wait_login "centos-bg$running" 300 >/dev/null
		sleep 10   # let the last ones settle into idle
		rm -f "$logdir/guest-$name.log"
		t0=$(now)
		xenlive-spawn centos --name "$name" >/dev/null 2>&1 || { echo "  $running running: xenlive-spawn failed"; continue; }
		t1=$(now)
		login=- http=-
		if wait_login "$name" 300; then
			t2=$(now); login=$(diff_s "$t0" "$t2")
			for _ in $(seq 150); do http_name_ok "$name" && { t3=$(now); http=$(diff_s "$t0" "$t3"); break; }; sleep 0.2; done
		fi
		spawn=$(diff_s "$t0" "$t1")
		echo "SCALING $running $spawn $login $http $(free_mb)"
		xl destroy "$name" >/dev/null 2>&1
		sleep 2
	done
	destroy_all
}

bench_density() {
	local image free0 n ok name t0
	echo "--- density: guests running at once, all answering HTTP"
	for image in centos debian; do
		destroy_all
		free0=$(free_mb)
		n=0
		t0=$(now)
		while xl create "/etc/xen/$image.cfg" "name=\"$image-d$((n + 1))\"" >/dev/null 2>&1; do
			n=$((n + 1))
		done
		echo "  $image: $n guests started in $(diff_s "$t0" "$(now)") s; Xen free memory $free0 -> $(free_mb) MB"
		sleep 20
		ok=0
		for name in $(seq -f "$image-d%g" 1 "$n"); do
			wait_login "$name" 120 >/dev/null
		done
		sleep 10
		for name in $(seq -f "$image-d%g" 1 "$n"); do
			http_name_ok "$name" && ok=$((ok + 1))
		done
		echo "  $image: $ok of $n answer HTTP with their name; memory per guest $(( (free0 - $(free_mb)) / (n > 0 ? n : 1) )) MB (Xen's accounting)"
		echo "  dom0 with $n $image guests: $(free -m | awk '/^Mem:/ { print $7 " MB available of " $2 }')"
	done
	destroy_all
}

# Where a guest's boot goes: its console lines timed from the start of xl
# create (a reader in dom0), then from inside the guest (over ssh) the
# kernel's own timestamps up to init and, for Debian, systemd's account.
bench_boottrace() {
	local image name t0 reader
	echo "--- boot trace: console lines timed from xl create; the kernel's and systemd's own figures"
	for image in centos debian; do
		destroy_all
		name=$image-trace
		rm -f "$logdir/guest-$name.log"
		t0=$EPOCHREALTIME
		# The console log appears once xenconsoled sees the domain.
		( until [ -e "$logdir/guest-$name.log" ]; do sleep 0.05; done
		  tail -n +1 -F "$logdir/guest-$name.log" 2>/dev/null | while IFS= read -r line; do
			printf '  %6.2f s  %s\n' "$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')" "${line%$'\r'}"
		  done ) >"/tmp/trace-$name" &
		reader=$!
		xl create "/etc/xen/$image.cfg" "name=\"$name\"" >/dev/null 2>&1
		echo "  $image: xl create returned at $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }') s"
		wait_login "$name" 300
		sleep 1
		{ pkill -P "$reader"; kill "$reader"; wait "$reader"; } 2>/dev/null
		grep -v '^ *[0-9.]* s  $' "/tmp/trace-$name" | head -n 60
		rm -f "/tmp/trace-$name"
		wait_ssh "$name"
		echo "  $image, inside: kernel timestamps of its landmarks"
		timeout 60 ssh "$name" "dmesg | grep -E 'Linux version|Run /init|Freeing unused kernel|xen_netfront|blkfront|EXT4|squashfs|overlay|systemd\[1\]: (systemd|Reached|Startup)|random: crng init' | head -n 20" </dev/null 2>/dev/null | sed 's/^/    /'
		if [ "$image" = debian ]; then
			timeout 60 ssh "$name" 'systemd-analyze; systemd-analyze critical-chain xenlive-console-getty.service; systemd-analyze blame | head -n 12' \
				</dev/null 2>/dev/null | sed 's/^/    /'
		fi
	done
	destroy_all
}

# What still wakes an idle guest: 30 s of the kernel's timer and workqueue
# events (tracefs, inside the guest over ssh, 40 s after its login), counted
# by function.  An ssh session sleeping in `sleep 30` adds nothing.
bench_wakeups() {
	local image name
	echo "--- wake-ups of an idle guest: timer and workqueue events over 30 s, by function"
	for image in centos debian; do
		destroy_all
		name=$image-wake
		spawn_timed "$image" "$name" >/dev/null
		sleep 40
		wait_ssh "$name"
		echo "  $image:"
		# shellcheck disable=SC2016 # expanded in the guest
		timeout 120 ssh "$name" 't=/sys/kernel/tracing; [ -e $t/trace ] || mount -t tracefs tracefs $t 2>/dev/null
			[ -e $t/events/timer ] || { echo "no tracefs in this kernel"; exit 0; }
			echo > $t/trace
			for e in timer/hrtimer_expire_entry timer/timer_expire_entry workqueue/workqueue_execute_start; do echo 1 > $t/events/$e/enable; done
			sleep 30
			for e in timer/hrtimer_expire_entry timer/timer_expire_entry workqueue/workqueue_execute_start; do echo 0 > $t/events/$e/enable; done
			grep -oE "(function|callback)[= ][^ ]+" $t/trace | tr " " = | sort | uniq -c | sort -rn | head -n 15' </dev/null 2>/dev/null | sed 's/^/    /'
	done
	destroy_all
}

# What the CentOS-style guest's kernel is used for, the measurement its
# config (guest-kernels/centos/xen-guest.config) is cut to: the kernel's
# size, the file systems mounted, every device with the driver bound to
# it, the socket families in use, and the ACPI devices Xen gives it.
bench_kernel() {
	local name=centos-kernel image
	echo "--- what the CentOS-style guest's kernel is used for (PV and PVH)"
	for image in centos centos-pvh; do
		destroy_all
		rm -f "$logdir/guest-$name.log"
		xl create "/etc/xen/$image.cfg" "name=\"$name\"" >/dev/null 2>&1 ||
			{ echo "  $image: xl create failed"; continue; }
		if ! wait_login "$name" 300 || ! wait_ssh "$name"; then
			echo "  $image: no login or ssh"; continue
		fi
		echo "  $image:"
		# shellcheck disable=SC2016 # expanded in the guest
		timeout 120 ssh "$name" 'echo "kernel $(uname -r), $(wc -c </proc/kallsyms 2>/dev/null || echo ?) bytes of symbols"
			echo "mounted: $(awk "{ print \$3 }" /proc/mounts | sort -u | tr "\n" " ")"
			echo "devices bound to a driver:"
			for d in /sys/bus/*/devices/*; do [ -e "$d/driver" ] && echo "  ${d#/sys/bus/} -> $(basename "$(readlink "$d/driver")")"; done
			echo "ACPI devices: $(ls /sys/bus/acpi/devices 2>/dev/null | tr "\n" " ")"
			echo "socket families in use (/proc/net/protocols: name, sockets):"
			awk "NR > 1 && \$3 > 0 { print \"  \" \$1, \$3 }" /proc/net/protocols' </dev/null 2>/dev/null | sed 's/^/    /'
		echo "    memory: $(xl list "$name" | awk 'NR == 2 { print $3 }') MiB; dmesg's account: $(timeout 60 ssh "$name" "dmesg | grep -m1 'Memory:'" </dev/null 2>/dev/null)"
	done
	destroy_all
}

# Where dom0's own boot went (this boot): systemd's account up to the
# serial console's login shell and to xtop on tty1.
bench_dom0boot() {
	echo "--- dom0's boot, systemd's account (this boot)"
	{ systemd-analyze
	  for u in serial-getty@hvc0.service getty@tty1.service; do systemd-analyze critical-chain "$u"; done
	  systemd-analyze blame | head -n 15; } 2>&1 | sed 's/^/  /'
}

# Performance isolation: the guests suite's perf run (B's HTTP latency idle,
# beside A's CPU burner, A capped at 20 %), its PERF lines reported.
bench_isolation() {
	echo "--- performance isolation (guest-tests.sh perf)"
	destroy_all
	"$here/guest-tests.sh" perf | grep -E '^(PERF|PASS|FAIL|  )' | sed 's/^PERF /  /'
	destroy_all
}

# HVM guests (the unmodified debian-pc): create -> its first screen text and
# login prompt, what one costs (Xen's memory and its device model's in
# dom0), the idle CPU of the guest and of its device model, and how many
# fit in what Xen has free.  Under emulation every emulated device access
# is a trip to dom0's QEMU, so these are far from a real PC's.
dm_pid() { pgrep -f "xen-qemu-system-i386 -xen-domid $(xl domid "$1") " | head -n 1; }
screen_has_text() { # NAME: its VGA screen (QMP screendump) is not blank
	local sock f=/tmp/hvm-screen.ppm
	sock=/var/run/xen/qmp-libxl-$(xl domid "$1")
	python3 - "$sock" "$f" <<'EOF2' && [ -s "$f" ] && [ "$(tail -c +16 "$f" | tr -d '\000' | head -c 1 | wc -c)" = 1 ]
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile("rw")
f.readline()
for c in ({"execute": "qmp_capabilities"}, {"execute": "screendump", "arguments": {"filename": sys.argv[2]}}):
    f.write(json.dumps(c) + "\n"); f.flush(); f.readline()
EOF2
}
bench_hvm() {
	local t0 first login free0 free1 rss cpu0 cpu1 dm0 dm1 hz n
	echo "--- HVM guest (debian-pc: Debian's stock kernel from a CD through SeaBIOS), under emulation"
	destroy_all
	free0=$(free_mb)
	t0=$(now)
	xenlive-spawn debian-pc >/dev/null || { echo "  debian-pc did not start"; return; }
	first=-
	for _ in $(seq 300); do
		screen_has_text debian-pc-1 2>/dev/null && { first=$(diff_s "$t0" "$(now)"); break; }
		sleep 1
	done
	login=-
	python3 "$here/guest-console.py" debian-pc-1 true 900 >/dev/null 2>&1 && login=$(diff_s "$t0" "$(now)")
	free1=$(free_mb)
	rss=$(ps -o rss= -p "$(dm_pid debian-pc-1)")
	echo "  create -> first text on its screen: ${first} s; -> login on its serial port: ${login} s"
	echo "  memory: $((free0 - free1)) MiB of Xen's for memory = 192 (its video memory included);" \
		"its device model in dom0: $((rss / 1024)) MiB resident"
	sleep 30
	hz=$(getconf CLK_TCK)
	cpu0=$(xl list debian-pc-1 | awk 'NR == 2 { print $6 }'); dm0=$(awk '{ print $14 + $15 }' "/proc/$(dm_pid debian-pc-1)/stat")
	sleep 60
	cpu1=$(xl list debian-pc-1 | awk 'NR == 2 { print $6 }'); dm1=$(awk '{ print $14 + $15 }' "/proc/$(dm_pid debian-pc-1)/stat")
	awk -v a="$cpu0" -v b="$cpu1" -v c="$dm0" -v d="$dm1" -v hz="$hz" 'BEGIN {
		printf "  idle, over 60 s: the guest %.1f %% of a pCPU, its device model in dom0 %.1f %%\n", (b - a) / 60 * 100, (d - c) / hz / 60 * 100 }'
	n=1
	while xenlive-spawn debian-pc >/dev/null 2>&1; do n=$((n + 1)); done
	echo "  debian-pc guests started before Xen or dom0 had no room: $n (Xen had $free0 MiB free," \
		"dom0 $(awk '/MemAvailable/ { print int($2 / 1024) }' /proc/meminfo) MiB available at the end)"
	destroy_all
}

echo "guest benchmarks on $(xl info xen_version 2>/dev/null), $(xl info total_memory) MB total, $(free_mb) MB free for guests"
# BENCH or BENCH:ARG (memory:centos).
for b in "$@"; do
	if [ "${b%%:*}" = "$b" ]; then "bench_$b"; else "bench_${b%%:*}" "${b#*:}"; fi
done
destroy_all
echo "0 passed, 0 failed"
