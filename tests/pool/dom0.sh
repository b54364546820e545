#!/bin/bash
# The dom0 side of the pool tests (tests/pool/run.sh brings it on a second
# CD-ROM and runs it over each machine's serial console).  Each command
# prints what the host side checks; none asserts by itself.
#   dom0.sh lan-addr SECS          wait for a wired NIC's IPv4 address: "lan ADDR NIC"
#   dom0.sh listeners              sockets listening outside loopback and xenbr0
#   dom0.sh wait-peer HOST SECS    until `xenlive-pool list` has HOST up
#   dom0.sh spawn NAME [IMAGE]     a guest of IMAGE (default centos-pvh): login,
#                                  address, HTTP: "ip ADDR"
#   dom0.sh http ADDR              exit 0 when ADDR answers with a guest's page
#   dom0.sh poll-start ADDR | poll-stop   fetch ADDR every 0.2 s; the figures
#   dom0.sh migrate NAME HOST [xl|pool]   timed: "rc N seconds S"
#   dom0.sh migrate-bg NAME HOST | migrate-wait SECS   the same, in the background
#   dom0.sh where NAME             "state S" of NAME here, or "absent"
#   dom0.sh faults [--reset]       "faults N": Xen's "Triple fault" lines since
#                                  the last --reset (which empties Xen's log)
#   dom0.sh gone NAME              destroys NAME, under its migration names too
#   dom0.sh fill | unfill          a paused domain takes all but 16 MiB of Xen's free memory
set -u
PATH=/usr/sbin:/usr/bin:/sbin:/bin
leases=/run/xenlive/dnsmasq.leases
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
http_ok() { curl -s -m 3 "http://$1/" | grep -q '^name: '; }
here=$(dirname "$0")
# migrate_phases T0 LOG: the steps of a timed xl migrate log, seconds from
# T0, and the guest's pause: from its suspend on the sender to its start on
# the receiver.
migrate_phases() {
	awk -v t0="$1" '
		/guest has suspended/ && !s { s = $1 }
		# The steps, and every line while the guest is paused.
		/suspend|migration (sender|target)|[Mm]igration successful|unpause/ || (s && !e) {
			if (++n <= 80) printf "  + %6.2f s %s\n", $1 - t0, substr($0, index($0, " ") + 1)
		}
		/migration target: Domain started/ { e = $1 }
		END { if (s && e) printf "paused %.2f\n", e - s }' "$2"
}

case ${1:-} in
lan-addr)
	for _ in $(seq "$2"); do
		line=$(ip -4 -o addr show | awk '$2 ~ /^(en|eth)/ { sub("/.*", "", $4); print $4, $2; exit }')
		[ -z "$line" ] || { echo "lan $line"; exit 0; }
		sleep 1
	done
	exit 1 ;;
listeners)
	# Loopback, xenbr0's own addresses (10.99.*) and sockets bound to xenbr0.
	ss -tulnH | awk '{ print $1, $5 }' |
		grep -vE ' (127\.[0-9.]+|\[::1\]|10\.99\.[0-9.]+|[^ ]*%(lo|xenbr0)):[0-9]+$' || true ;;
wait-peer)
	for _ in $(seq "$3"); do
		xenlive-pool list --batch | grep -q "^host $2 [^ ]* [0-9-]* up " && exit 0
		sleep 1
	done
	xenlive-pool list
	exit 1 ;;
spawn)
	t0=$(now)
	# Once more when it failed: on a loaded host, a hotplug script can
	# exceed libxl's time limit, and under QEMU's emulation a PVH guest now
	# and then dies early in its boot (Xen: "Triple fault").
	# xenlive-spawn leaves nothing behind; the first failure is reported.
	image=${3:-centos-pvh}
	faults=$(xl dmesg | grep -c 'Triple fault')
	if ! xenlive-spawn "$image" --name "$2" >/dev/null 2>/tmp/pool-spawn.err; then
		echo "  $2: first start failed ($(tail -n 1 /tmp/pool-spawn.err); Xen logged $(( $(xl dmesg | grep -c 'Triple fault') - faults )) triple fault(s)); once more"
		sleep 5
		xenlive-spawn "$image" --name "$2" >/dev/null || exit 1
	fi
	for _ in $(seq 240); do
		grep -q 'login:' "/var/log/xen/console/guest-$2.log" 2>/dev/null && break
		sleep 0.5
	done
	mac=$(xl network-list "$2" 2>/dev/null | awk 'NR == 2 { print $3 }')
	for _ in $(seq 90); do
		ip=$(awk -v m="$mac" '$2 == m { print $3 }' "$leases" 2>/dev/null | tail -n 1)
		[ -n "$ip" ] && http_ok "$ip" && { echo "ip $ip"; echo "  $2: spawn -> HTTP $(elapsed "$t0") s"; exit 0; }
		sleep 1
	done
	tail -n 5 "/var/log/xen/console/guest-$2.log" | sed 's/^/  | /'
	exit 1 ;;
http)
	for _ in $(seq "${3:-1}"); do
		http_ok "$2" && exit 0
		sleep 1
	done
	exit 1 ;;
poll-start)
	setsid python3 "$here/http-poll.py" "$2" 0.2 3 >/tmp/pool-poll.log 2>&1 </dev/null &
	echo $! >/tmp/pool-poll.pid
	# The vifs' link changes on this clock: when the incoming guest's vif
	# appears (B's device setup) and gets its carrier (the guest's front
	# end connected after its resume).
	setsid ip -ts monitor link >/tmp/pool-link.log 2>&1 </dev/null &
	echo $! >/tmp/pool-link.pid ;;
poll-stop)
	# The poller lets its running tries end (each at most 3 s).
	pid=$(cat /tmp/pool-poll.pid)
	kill "$pid" 2>/dev/null
	for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
	# By the time each request went out: the gap runs from the poll's start
	# (the guest answered just before) to the first answer, between answers,
	# and from the last answer to the end: misses at either end count too.
	sort -n -k2,2 /tmp/pool-poll.log | awk 'NR == 1 { last = $2 }
		{ end = $2 }
		$1 == "ok" { g = $2 - last; if (g > max) { max = g; from = last; to = $2 } last = $2; ok++ }
		$1 == "fail" { bad++ }
		END { if (end - last > max) { max = end - last; from = last; to = end }
			printf "http %d answered %d missed gap %.1f\n", ok, bad, max
			printf "gap-at %.3f %.3f\n", from, to }'
	kill "$(cat /tmp/pool-link.pid)" 2>/dev/null
	# "[2026-11-27T00:11:21.203005] 4: vif2.0: <...,LOWER_UP> ..." -> epoch
	link_at() { grep -m1 -E "$1" /tmp/pool-link.log | sed -n 's/^\[\([^]]*\)\].*/\1/p' | xargs -r -I{} date -d {} +%s.%N; }
	echo "vif-at $(link_at ': vif[0-9.]+: ' || true) $(link_at ': vif[0-9.]+: <[^>]*LOWER_UP' || true)" ;;
migrate)
	rm -f /tmp/pool-migrate.log
	t0=$(now)
	if [ "${4:-xl}" = pool ]; then
		xenlive-pool migrate "$2" "$3" >/tmp/pool-migrate.out 2>&1
		rc=$?
	else
		# xl's debug log, each line timed on arrival: the sender's and
		# (through ssh) the receiver's steps, to tell the guest's pause
		# from the time the copy takes.
		xl -vvv migrate "$2" "$3" 2>&1 | python3 "$here/stamp-lines.py" >/tmp/pool-migrate.log
		rc=${PIPESTATUS[0]}
		grep -v ': debug: \|: detail: \|^[0-9.]* xencall:' /tmp/pool-migrate.log | cut -d' ' -f2- >/tmp/pool-migrate.out
	fi
	echo "rc $rc seconds $(elapsed "$t0")"
	echo "t0 $t0"
	tail -n 4 /tmp/pool-migrate.out | sed 's/^/  | /'
	# A failed transfer: say whether this machine's NIC hung (the kernel's
	# transmit watchdog), which no test of the pool itself would show.
	[ "$rc" = 0 ] || dmesg | grep -m 3 'NETDEV WATCHDOG\|TX timeout\|Tx Unit Hang' | sed 's/^/  nic| /'
	[ -s /tmp/pool-migrate.log ] && migrate_phases "$t0" /tmp/pool-migrate.log ;;
migrate-bg)
	rm -f /tmp/pool-migrate.rc
	setsid sh -c "t0=\$(date +%s.%N); xl migrate $2 $3 >/tmp/pool-migrate.out 2>&1; rc=\$?; echo \"rc \$rc seconds \$(awk -v a=\$t0 -v b=\$(date +%s.%N) 'BEGIN { printf \"%.1f\", b - a }')\" >/tmp/pool-migrate.rc" \
		</dev/null >/dev/null 2>&1 & ;;
migrate-wait)
	for _ in $(seq "$2"); do
		[ -s /tmp/pool-migrate.rc ] && { cat /tmp/pool-migrate.rc; tail -n 4 /tmp/pool-migrate.out | sed 's/^/  | /'; exit 0; }
		sleep 1
	done
	exit 1 ;;
where)
	# The name, or its name during a migration (NAME--incoming; the sender's copy is
	# NAME--migratedaway until xl destroys it).
	xl list | awk -v n="$2" '$1 == n || $1 == n "--incoming" || $1 == n "--migratedaway" { print "state", $1, $5; f = 1 }
		END { if (!f) print "absent" }' ;;
faults)
	if [ "${2:-}" = --reset ]; then xl dmesg -c >/dev/null; exit 0; fi
	echo "faults $(xl dmesg | grep -c 'Triple fault')" ;;
gone)
	for n in "$2" "$2--incoming" "$2--migratedaway"; do xl destroy "$n" >/dev/null 2>&1; done
	exit 0 ;;
fill)
	free=$(xl info free_memory)
	xl create -p /etc/xen/centos.cfg 'name="pool-filler"' "memory=$((free - 16))" "maxmem=$((free - 16))" >/dev/null 2>&1 || exit 1
	echo "filler $((free - 16)) MiB, free now $(xl info free_memory) MiB" ;;
unfill)
	xl destroy pool-filler ;;
*)
	echo "dom0.sh: unknown command '${1:-}'; see its header." >&2
	exit 2 ;;
esac
