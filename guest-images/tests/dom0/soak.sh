#!/bin/bash
# shellcheck disable=SC2154  # pass, fail, check, spawn, ... come from guest-tests.sh
# Sourced by guest-tests.sh: reliability under churn and races.
#   soak[:N]  N spawn/destroy cycles (default 6; `make soak` runs 500): in
#             each, two shells at once run xenlive-spawn for a CentOS-style
#             and a Debian guest (in opposite orders), then the four are
#             destroyed two at a time; every fifth cycle they live until
#             the CentOS-style ones hold DHCP leases.  xtop's full screen
#             runs throughout, on a pseudo-terminal.  Before: the launch
#             lock makes a launch wait.  After: one guest of each image
#             resolves by name to its own lease; then, with every guest
#             gone, each figure against the start: Xen's free memory to
#             the kB, XenStore entries of dead domains, loop devices, vifs,
#             xl's per-domain files and daemons, /run/xenlive, xenconsoled's
#             open files, xtop's RSS.
#   catalog   a corrupt catalogue file beside the good ones: one sentence,
#             and xenlive-spawn, the boot-menu autospawn and xtop still work
#             with the good entries.
# race_last_memory (called by suite_fill with memory full): two launches
# race for room for one guest; exactly one starts.

soak_dir=/tmp/xenlive-soak
soak_lock=/run/xenlive/launch.lock
# Instance names xenlive-spawn prints, one per line.
soak_names() { sed -n 's/^\(\(centos\|debian\)-[0-9][0-9]*\)\( .*\)\{0,1\}$/\1/p' "$@"; }

# Xen's free memory in kB: libxenstat's (Xen's free pages), which xtop -b
# --json prints; xl info and xentop -b say it in MiB or not at all.
xen_free_kb() { xtop -b --json -d 0.1 -i 1 2>/dev/null | sed -n 's/.*"mem_free_kib":\([0-9]*\).*/\1/p' | tail -n 1; }
# Xen's free memory once it stops moving (freed pages are scrubbed first).
settled_free_kb() {
	local a b i
	a=$(xen_free_kb)
	for i in $(seq 30); do
		sleep 2
		b=$(xen_free_kb)
		[ "$a" = "$b" ] && break
		a=$b
	done
	echo "$b"
}
live_ids() { xl list | awk 'NR > 1 { printf " %s", $2 } END { print " " }'; }
# Every XenStore path, vif, loop device or xl file that belongs to a domain
# no longer running, one per line.
dead_domain_traces() {
	local live id t uuids uuid f
	live=$(live_ids)
	for id in $(xenstore-list /local/domain 2>/dev/null); do
		[[ $live == *" $id "* ]] || echo "XenStore /local/domain/$id"
	done
	for id in $(xenstore-list /libxl 2>/dev/null); do
		[[ $live == *" $id "* ]] || echo "XenStore /libxl/$id"
	done
	for t in $(xenstore-list /local/domain/0/backend 2>/dev/null); do
		for id in $(xenstore-list "/local/domain/0/backend/$t" 2>/dev/null); do
			[[ $live == *" $id "* ]] || echo "XenStore /local/domain/0/backend/$t/$id"
		done
	done
	for id in $(xenstore-list /local/domain/0/device-model 2>/dev/null); do
		[[ $live == *" $id "* ]] || echo "XenStore /local/domain/0/device-model/$id"
	done
	uuids=" "
	for id in $live; do
		uuids+="$(xenstore-read "/local/domain/$id/vm" 2>/dev/null | sed 's|^/vm/||') "
	done
	for uuid in $(xenstore-list /vm 2>/dev/null); do
		[[ $uuids == *" $uuid "* ]] || grep -qx "$uuid" "$soak_dir/vm.start" 2>/dev/null || echo "XenStore /vm/$uuid"
	done
	for id in $(ip -o link | sed -n 's/^[0-9]*: vif\([0-9]*\)\..*/\1/p' | sort -u); do
		[[ $live == *" $id "* ]] || echo "network interface vif$id.*"
	done
	for f in /var/lib/xen/userdata-d*; do
		[ -e "$f" ] || continue
		# userdata-d.DOMID.UUID.KEY
		id=${f#/var/lib/xen/userdata-d.}
		id=${id%%.*}
		[[ $live == *" $id "* ]] || echo "xl file $f"
	done
	losetup -nl -O BACK-FILE | grep guests/ | sort | uniq -d | sed 's/^/a second loop device on /'
}
xtop_rss_kb() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$1/status" 2>/dev/null; }
fd_count() { find "/proc/$(pidof "$1" | cut -d' ' -f1)/fd" -mindepth 1 2>/dev/null | wc -l; }
run_xenlive_state() { find /run/xenlive -mindepth 1 ! -name dnsmasq.leases ! -path '/run/xenlive/saved/*' | sort; }

# Starts xtop's full screen on a pseudo-terminal; its pid in $xtop_pid.
start_xtop() {
	rm -f "$soak_dir/xtop.pid"
	python3 "$here/xtop-pty.py" "$soak_dir/xtop.screen" "$soak_dir/xtop.pid" -d 1 >/dev/null 2>&1 &
	xtop_runner=$!
	wait_until 10 test -s "$soak_dir/xtop.pid"
	xtop_pid=$(cat "$soak_dir/xtop.pid" 2>/dev/null)
}
stop_xtop() {
	kill "$xtop_runner" 2>/dev/null
	wait "$xtop_runner" 2>/dev/null
}

# A launch waits while another holds the launch lock.
launch_waits_for_lock() {
	local holder t0 waited name
	flock "$soak_lock" sleep 8 &
	holder=$!
	sleep 1
	t0=$(now)
	name=$(xenlive-spawn centos | soak_names)
	waited=$(elapsed "$t0")
	wait "$holder"
	echo "  xenlive-spawn centos ($name) returned after $waited s while the lock was held for 7 s more"
	[ -n "$name" ] && xl destroy "$name" >/dev/null 2>&1
	awk -v w="$waited" 'BEGIN { exit !(w >= 6.5) }'
}

# One cycle: two shells spawn at once, then destroy two at a time.
# Problems go to $soak_dir/problems, one line each.
soak_cycle() {
	local n=$1 pa pb names name
	(xenlive-spawn centos; xenlive-spawn debian) >"$soak_dir/a" 2>&1 &
	pa=$!
	(xenlive-spawn debian; xenlive-spawn centos) >"$soak_dir/b" 2>&1 &
	pb=$!
	wait "$pa" "$pb"
	names=$(soak_names "$soak_dir/a" "$soak_dir/b")
	if [ "$(wc -w <<<"$names")" -ne 4 ]; then
		echo "cycle $n: $(wc -w <<<"$names") of 4 spawns started: $(grep -hv '^\(centos\|debian\)-' "$soak_dir/a" "$soak_dir/b" | head -n 2 | tr '\n' ' ')" >>"$soak_dir/problems"
	fi
	[ -z "$(sort <<<"$names" | uniq -d)" ] || echo "cycle $n: a name given twice: $(sort <<<"$names" | uniq -d | tr '\n' ' ')" >>"$soak_dir/problems"
	for name in $names; do
		xl domid "$name" >/dev/null 2>&1 || echo "cycle $n: $name was reported started but is not running" >>"$soak_dir/problems"
	done
	if [ $((n % 5)) -eq 0 ]; then
		grep '^centos-' <<<"$names" | while read -r name; do
			guest_ip "$name" 60 >/dev/null || echo "cycle $n: $name got no DHCP lease within 60 s" >>"$soak_dir/problems"
		done
	else
		sleep $((n % 3))
	fi
	# shellcheck disable=SC2086 # name lists
	set -- $names
	(for name in "${@:1:2}"; do xenlive-spawn destroy "$name"; done) >/dev/null 2>"$soak_dir/da" &
	pa=$!
	(for name in "${@:3}"; do xenlive-spawn destroy "$name"; done) >/dev/null 2>"$soak_dir/db" &
	pb=$!
	wait "$pa" "$pb"
	[ ! -s "$soak_dir/da" ] && [ ! -s "$soak_dir/db" ] ||
		echo "cycle $n: destroy said: $(cat "$soak_dir/da" "$soak_dir/db" | head -n 2 | tr '\n' ' ')" >>"$soak_dir/problems"
	[ -z "$(guests)" ] || echo "cycle $n: left running: $(guests | tr '\n' ' ')" >>"$soak_dir/problems"
}

# Every running guest's name resolves in dom0 to its own lease (by MAC).
names_resolve_to_leases() {
	local name ip dns bad=0
	for name in $(guests); do
		ip=$(guest_ip "$name" 90)
		dns=$(getent hosts "$name" | awk '{ print $1 }' | tr '\n' ' ')
		echo "  $name: lease by MAC ${ip:-none}, dom0 resolves it to ${dns:-nothing}"
		[ -n "$ip" ] && [ "$dns" = "$ip " ] || bad=1
	done
	return "$bad"
}

suite_soak() {
	local cycles=${1:-6} i t0 free0 freew='' free1 rss0 rss1 xl0 xl1 fd0 fd1 log0 log1 traces name
	case $cycles in '' | *[!0-9]* | 0) fail "soak:N takes a number of cycles above 0, not '$cycles'"; return ;; esac
	rm -rf "$soak_dir"
	mkdir -p "$soak_dir"
	: >"$soak_dir/problems"
	destroy_all
	xenstore-list /vm >"$soak_dir/vm.start" 2>/dev/null
	check "the launch lock ($soak_lock) makes a second launch wait" launch_waits_for_lock
	free0=$(settled_free_kb)
	xl0=$(pgrep -cx xl)
	fd0=$(fd_count xenconsoled)
	log0=$(du -sk /var/log/xen | cut -f1)
	run_xenlive_state >"$soak_dir/run.start"
	start_xtop
	check "xtop's full screen runs on a pseudo-terminal (pid ${xtop_pid:-none})" kill -0 "${xtop_pid:-0}"
	echo "  start: Xen free ${free0} kB; xl processes $xl0; xenconsoled open files $fd0; /var/log/xen ${log0} kB"
	t0=$(now)
	for i in $(seq "$cycles"); do
		soak_cycle "$i"
		# After a first cycle of both images: xtop's steady RSS, and Xen's
		# free memory once its own tables have grown to what such guests need
		# (the first guests cost Xen a page or so for good, e.g. dom0's
		# grant maptrack); leaks are measured from here.
		if [ "$i" -eq 1 ]; then
			rss0=$(xtop_rss_kb "$xtop_pid")
			[ "$cycles" -eq 1 ] || freew=$(settled_free_kb)
		fi
		if [ $((i % 50)) -eq 0 ] || [ "$i" -eq "$cycles" ]; then
			echo "  cycle $i/$cycles: $(elapsed "$t0") s; Xen free $(xen_free_kb) kB; xtop RSS $(xtop_rss_kb "$xtop_pid") kB; problems so far $(wc -l <"$soak_dir/problems")"
		fi
	done
	sed 's/^/  | /' "$soak_dir/problems" | head -n 20
	check "$cycles cycles: every spawn started, names unique, every destroy complete" test ! -s "$soak_dir/problems"

	# Names after the churn: each name had many guests, each with its own MAC.
	xenlive-spawn centos >/dev/null && xenlive-spawn debian >/dev/null
	check "each running guest's name resolves to its own lease (by MAC), not a stale one" names_resolve_to_leases

	destroy_all
	free1=$(settled_free_kb)
	rss1=$(xtop_rss_kb "$xtop_pid")
	check "xtop still runs after $cycles cycles" kill -0 "${xtop_pid:-0}"
	check "xtop's screen showed the guests come and go" grep -q 'debian-[0-9]' "$soak_dir/xtop.screen"
	stop_xtop
	freew=${freew:-$free0}
	echo "  Xen free memory: before the first cycle $free0 kB, after it $freew kB, at the end $free1 kB ($(( (free1 - freew) / 4 )) pages from after the first cycle, $(( (free1 - free0) / 4 )) from before it); xl info: $(free_mb) MiB"
	check "Xen's free memory at the end equals that after the first cycle, to the kB ($freew kB)" test "$free1" = "$freew"
	traces=$(dead_domain_traces)
	[ -z "$traces" ] || indent <<<"$traces"
	check "nothing of a dead domain left: XenStore (/local/domain, /libxl, /vm, backends), vifs, loop devices, xl files" test -z "$traces"
	losetup -nl -O NAME,BACK-FILE | grep guests/ | sed 's/^/  /'
	check "one loop device per guest image at most" test "$(losetup -nl -O BACK-FILE | grep -c guests/)" -le 2
	xl1=$(pgrep -cx xl)
	check "xl's per-guest daemons all ended (xl processes: $xl0 at the start, $xl1 now)" test "$xl1" -le "$xl0"
	fd1=$(fd_count xenconsoled)
	check "xenconsoled holds no more open files than at the start ($fd0, now $fd1)" test "$fd1" -le "$fd0"
	run_xenlive_state >"$soak_dir/run.end"
	diff "$soak_dir/run.start" "$soak_dir/run.end" | grep '^[<>]' | sed 's/^/  | /'
	check "/run/xenlive holds what it held at the start, nothing stale" cmp -s "$soak_dir/run.start" "$soak_dir/run.end"
	echo "  xtop RSS: ${rss0:-?} kB after the first cycle, ${rss1:-?} kB at the end"
	check "xtop's RSS has not grown (${rss0:-?} -> ${rss1:-?} kB; 64 kB of slack)" test "${rss1:-999999}" -le "$((${rss0:-0} + 64))"
	log1=$(du -sk /var/log/xen | cut -f1)
	echo "  /var/log/xen (in RAM): ${log0} kB at the start, ${log1} kB at the end (guests' console logs are kept by name)"
	echo "  $cycles cycles in $(elapsed "$t0") s"
}

# With memory full (suite_fill): one guest is destroyed, so that Xen has
# room for exactly one more, and two launches race for it.
race_last_memory() {
	local last room pa pb ra=0 rb=0 before
	last=$(guests | grep '^centos-' | sort -t- -k2 -n | tail -n 1)
	[ -n "$last" ] || { fail "no CentOS-style guest to make room with"; return; }
	xl destroy "$last"
	sleep 3
	# Room for one CentOS-style guest: its memory plus Xen's 2 MiB.
	room=$(( $(free_mb) / ($(sed -n 's/^memory *= *//p' /etc/xenlive/guests.d/centos.conf) + 2) ))
	echo "  destroyed $last: Xen has $(free_mb) MiB free, room for $room"
	while [ "$room" -gt 1 ] && xenlive-spawn centos >/dev/null 2>&1; do
		room=$((room - 1))
	done
	before=$(guests | wc -l)
	xenlive-spawn centos >"$soak_dir.ra" 2>&1 &
	pa=$!
	xenlive-spawn centos >"$soak_dir.rb" 2>&1 &
	pb=$!
	wait "$pa" || ra=$?
	wait "$pb" || rb=$?
	sed 's/^/  | /' "$soak_dir.ra" "$soak_dir.rb"
	check "two launches racing for the last room: exactly one starts" \
		test "$((ra == 0 ? 1 : 0))$((rb == 0 ? 1 : 0))" = 10 -o "$((ra == 0 ? 1 : 0))$((rb == 0 ? 1 : 0))" = 01
	check "the other gets xenlive-spawn's sentence (not enough memory)" \
		grep -qh '^xenlive-spawn: not enough memory: ' "$soak_dir.ra" "$soak_dir.rb"
	check "one guest more, none paused or half-made" \
		test "$(guests | wc -l)" -eq "$((before + 1))" -a -z "$(xl list | awk 'NR > 2 && $5 ~ /p|c|d/')"
	rm -f "$soak_dir.ra" "$soak_dir.rb"
}

# A corrupt catalogue file beside the good ones.
lists_good_images() { grep -q '^centos ' <<<"$1" && grep -q '^debian ' <<<"$1"; }
one_sentence_naming() { # FILE PATTERN: FILE holds one line, matching PATTERN
	[ "$(wc -l <"$1")" -eq 1 ] && grep -q "$2" "$1"
}
suite_catalog() {
	local bad=/etc/xenlive/guests.d/zz-broken.conf out name err
	err=$(mktemp)
	printf 'name = broken\n\001\002 this is not a catalogue line\n' >"$bad"
	out=$(xenlive-spawn images 2>"$err")
	indent <"$err"
	check "xenlive-spawn images: the good images are still listed" lists_good_images "$out"
	check "xenlive-spawn images: one sentence names the bad file and line, and what to do" \
		one_sentence_naming "$err" 'zz-broken.conf:2: .*fix or remove it'
	XENLIVE_CMDLINE="quiet xenlive.spawn=centos" /usr/lib/xenlive/autospawn.sh 2>"$err"
	name=$(head -n 1 /run/xenlive/autospawn.names 2>/dev/null)
	check "the boot-menu autospawn still starts a good image (${name:-none})" xl domid "${name:-none}"
	check "xtop -b still runs and lists it" sh -c "xtop -b -d 0.5 -i 2 | grep -q '^ *${name:-none} '"
	refused "xenlive-spawn broken (the corrupt entry) refused, naming the file" xenlive-spawn broken
	rm -f "$bad"
	xenlive-spawn images >/dev/null 2>"$err"
	check "with the file removed, xenlive-spawn images says nothing on stderr" test ! -s "$err"
	rm -f "$err"
	[ -z "$name" ] || xl destroy "$name" >/dev/null 2>&1
}
