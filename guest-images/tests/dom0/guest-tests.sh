#!/bin/bash
# In-ISO checks of the demo guests, run as root in the live dom0 (by
# guest-images/tests/iso-checks.sh over the serial console).
#   guest-tests.sh [SUITE...]
#   suites: basic isolation control perf crash bad ssh catalog autospawn fill soak[:N] cleanup smoke:IMAGE
#           hvm hvm-os hvm-screen-on hvm-screen-off hvm-media hvm-uefi hvm-unplugged
#   (control, perf and crash: Xen's features, in xen-features.sh; soak and
#   catalog: churn, races and a corrupt catalogue, in soak.sh; hvm*: HVM
#   guests, in hvm-tests.sh)
# Guests a suite starts stay up for the next one; "cleanup" (last) destroys
# them all.  Ends with "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
# pass, fail, check, refused, indent, report_summary: the project's test
# library, on the payload CD beside this script.
# shellcheck source=tests/lib/report.sh
. "$here/report.sh"
logdir=/var/log/xen/console
leases=/run/xenlive/dnsmasq.leases
console() { python3 "$here/guest-console.py" "$@"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

[ "$#" -gt 0 ] || set -- basic isolation bad ssh crash catalog autospawn fill soak cleanup

# Every domain but Domain-0, sorted (xl list: a header, then Domain-0).
guests() { xl list | awk 'NR > 2 { print $1 }' | sort; }
free_mb() { xl info free_memory; }
spawn() { # IMAGE NAME [xl key=value...]: xl create, timed
	local image=$1 name=$2 t0 out
	shift 2
	t0=$(now)
	if out=$(xl create "/etc/xen/$image.cfg" "name=\"$name\"" "$@" 2>&1); then
		echo "  xl create $image name=$name: $(elapsed "$t0") s"
		return 0
	fi
	echo "$out" | tail -n 5 | sed 's/^/  /'
	return 1
}
wait_login() { # NAME TIMEOUT: login prompt in xenconsoled's log
	local i=0
	while [ "$i" -lt "$(($2 * 2))" ]; do
		grep -q 'login:' "$logdir/guest-$1.log" 2>/dev/null && return 0
		sleep 0.5
		i=$((i + 1))
	done
	tail -n 20 "$logdir/guest-$1.log" 2>/dev/null | sed 's/^/  | /'
	return 1
}
guest_ip() { # NAME TIMEOUT: its DHCP lease, by its vif's MAC (a name can
	# have stale leases from earlier guests of that name)
	local i=0 ip mac
	mac=$(xl network-list "$1" 2>/dev/null | awk 'NR == 2 { print $3 }')
	while [ "$i" -lt "$2" ]; do
		ip=$(awk -v m="$mac" '$2 == m { print $3 }' "$leases" 2>/dev/null | tail -n 1)
		[ -n "$ip" ] && { echo "$ip"; return 0; }
		sleep 1
		i=$((i + 1))
	done
	return 1
}
destroy_all() {
	local d
	for d in $(guests); do
		xl destroy "$d" >/dev/null 2>&1
	done
}

suite_basic() {
	local t0 dip cip page
	t0=$(now)
	check "xl create debian (name=debian-1)" spawn debian debian-1
	check "debian-1 reaches its login prompt" wait_login debian-1 180
	echo "  debian-1: create -> login $(elapsed "$t0") s"
	t0=$(now)
	check "xl create centos (name=centos-1)" spawn centos centos-1
	check "centos-1 reaches its login prompt" wait_login centos-1 90
	echo "  centos-1: create -> login $(elapsed "$t0") s"
	dip=$(guest_ip debian-1 60)
	check "debian-1 got a DHCP address ($dip)" test -n "$dip"
	cip=$(guest_ip centos-1 60)
	check "centos-1 got a DHCP address ($cip)" test -n "$cip"
	page=$(curl -s -m 10 "http://$dip/")
	indent <<<"$page"
	check "debian-1 answers HTTP from dom0 with its name" grep -q '^name: debian-1$' <<<"$page"
	check "debian-1's page names Debian and its kernel" grep -q 'Debian GNU/Linux 12' <<<"$page"
	page=$(curl -s -m 10 "http://$cip/")
	indent <<<"$page"
	check "centos-1 answers HTTP from dom0 with its name" grep -q '^name: centos-1$' <<<"$page"
	check "centos-1's page names CentOS-style" grep -q '^distribution: CentOS-style' <<<"$page"
	page=$(console centos-1 "wget -q -O - http://$dip/" 60)
	check "centos-1 reaches debian-1 over xenbr0 (HTTP)" grep -q '^name: debian-1' <<<"$page"
	page=$(console debian-1 "ping -c 3 -W 3 $cip >/tmp/ping.out; r=\$?; tail -n 2 /tmp/ping.out; echo reach-\$r" 180)
	indent <<<"$page"
	check "debian-1 reaches centos-1 over xenbr0 (ping)" grep -q '^reach-0' <<<"$page"
	check "guests reach dom0 (10.99.0.1)" grep -q '^dom0-ping-0' <<<"$(console centos-1 'ping -c 1 -W 2 10.99.0.1 >/dev/null; echo dom0-ping-$?' 30)"
	check "xtop knows every domain's uptime (Domain-0, debian-1, centos-1)" every_uptime_known
}
# xtop -b --json: no domain without an uptime.
every_uptime_known() {
	local json
	json=$(xtop -b --json -d 0.5 -i 2 | tail -n 1)
	python3 -c '
import json, sys
doms = json.loads(sys.argv[1])["domains"]
for d in doms:
    print("  | %s: uptime %s s" % (d["name"], d["uptime_s"]))
sys.exit(0 if len(doms) >= 3 and all(isinstance(d["uptime_s"], int) for d in doms) else 1)' "$json"
}

# smoke:IMAGE - one guest of IMAGE: login prompt, address, HTTP.
suite_smoke() {
	local image=$1 t0 ip page
	t0=$(now)
	check "xl create $image (name=$image-1)" spawn "$image" "$image-1"
	check "$image-1 reaches its login prompt" wait_login "$image-1" 180
	echo "  $image-1: create -> login $(elapsed "$t0") s"
	ip=$(guest_ip "$image-1" 60)
	check "$image-1 got a DHCP address ($ip)" test -n "$ip"
	page=$(curl -s -m 10 "http://$ip/")
	indent <<<"$page"
	check "$image-1 answers HTTP from dom0 with its name" grep -q "^name: $image-1\$" <<<"$page"
}

# Outputs are matched on text the command computes ($((40 + 2)), $?), so an
# echoed command line can never match by itself.
mark_of() { # NAME: what NAME's /root/isolation-mark holds, "none" if absent
	console "$1" "echo mark=\$(cat /root/isolation-mark 2>/dev/null || echo none)" 60 | sed -n 's/^mark=//p'
}
write_mark() { # NAME: writes mark-42-NAME to its /root/isolation-mark
	console "$1" "echo mark-\$((40 + 2))-$1 >/root/isolation-mark; sync" 60 >/dev/null
}

suite_isolation() {
	local image out
	for image in centos debian; do
		xl domid "$image-1" >/dev/null 2>&1 || { spawn "$image" "$image-1" && wait_login "$image-1" 180; }
	done
	write_mark centos-1
	check "centos-1: a file written in the guest is there" test "$(mark_of centos-1)" = mark-42-centos-1
	check "debian-1 (another guest): centos-1's file is absent" test "$(mark_of debian-1)" = none
	for image in centos debian; do
		check "xl create $image (name=$image-2)" spawn "$image" "$image-2"
		# Said apart: a guest with no login yet answers nothing, which the
		# mark checks below would report as someone else's file.
		check "$image-2 reaches its login prompt" wait_login "$image-2" 300
	done
	check "centos-2 (second instance of the image): centos-1's file is absent" test "$(mark_of centos-2)" = none
	write_mark debian-1
	check "debian-2 (second instance of the image): debian-1's file is absent" test "$(mark_of debian-2)" = none
	check "centos-1 still has its own file, not debian-1's" test "$(mark_of centos-1)" = mark-42-centos-1
	out=$(console centos-2 "echo overlay-roots=\$(mount | grep -c ' on / type overlay')" 60)
	indent <<<"$out"
	check "centos-2 root is a tmpfs overlay on the read-only image" grep -q '^overlay-roots=1' <<<"$out"
	xl destroy debian-2 >/dev/null 2>&1; xl destroy centos-2 >/dev/null 2>&1
}

suite_bad() {
	local before tmpcfg tmpcat args
	xl domid centos-1 >/dev/null 2>&1 || spawn centos centos-1 >/dev/null
	before=$(guests)
	refused "duplicate name refused" xl create /etc/xen/centos.cfg 'name="centos-1"'
	check "duplicate name: nothing left behind" test "$(guests)" = "$before"
	refused "memory larger than free refused" xl create /etc/xen/centos.cfg 'name="centos-huge"' "memory=$(( $(free_mb) + 4096 ))"
	check "memory larger than free: nothing left behind" test "$(guests)" = "$before"
	tmpcfg=$(mktemp /tmp/centos-missing.XXXXXX.cfg)
	sed 's|root.squashfs|no-such-image.squashfs|' /etc/xen/centos.cfg >"$tmpcfg"
	refused "missing image file refused" xl create "$tmpcfg" 'name="centos-missing"'
	sleep 2
	check "missing image file: nothing left behind" test "$(guests)" = "$before"
	rm -f "$tmpcfg"
	if command -v xenlive-spawn >/dev/null; then
		for args in "nosuchimage" "centos --memory 0" "centos --memory -5" "centos --memory abc" \
			"centos --vcpus 0" "centos --memory $(( $(free_mb) + 4096 ))"; do
			# shellcheck disable=SC2086 # word list
			refused "xenlive-spawn $args refused" xenlive-spawn $args
		done
		refused "xenlive-spawn centos --name centos-1 (duplicate) refused" xenlive-spawn centos --name centos-1
		tmpcat=$(mktemp -d)
		sed 's|root.squashfs|no-such-image.squashfs|' /etc/xenlive/guests.d/centos.conf >"$tmpcat/centos.conf"
		refused "xenlive-spawn with a missing image file refused" xenlive-spawn --catalog "$tmpcat" centos
		rm -rf "$tmpcat"
		check "xenlive-spawn bad input: nothing left behind" test "$(guests)" = "$before"
	fi
}

# ssh: dom0 reaches every guest by its domain name, and itself (xl migrate
# NAME localhost), without a password or a host-key prompt; sshd only on
# loopback and xenbr0.  stdin is /dev/null: nothing could answer a prompt.
ssh_q() { # NAME COMMAND...: ssh as a user types it; its stderr: ssh_err
	timeout 60 ssh "$@" </dev/null 2>/tmp/ssh.err
}
has_domain() { xl domid "$1" >/dev/null 2>&1; }
ssh_err() { cat /tmp/ssh.err 2>/dev/null; }
wait_ssh() { # NAME TIMEOUT: until `ssh NAME uname -n` prints NAME
	local i=0 t0
	t0=$(now)
	while [ "$i" -lt "$2" ]; do
		[ "$(ssh_q "$1" uname -n 2>/dev/null)" = "$1" ] && { echo "  ssh $1 answered after $(elapsed "$t0") s"; return 0; }
		sleep 2
		i=$((i + 2))
	done
	ssh_err | tail -n 3 | indent
	return 1
}
listeners_ok() { # every TCP listener on loopback or 10.99.0.1; sshd on 127.0.0.1, ::1, 10.99.0.1
	local all bad22 other
	all=$(ss -Hltn | awk '{ print $4 }' | sort -u)
	indent <<<"$all"
	bad22=$(grep -E ':22$' <<<"$all" | grep -vxE '127\.0\.0\.1:22|\[::1\]:22|10\.99\.0\.1:22')
	other=$(grep -vE '^(127\.[0-9.]+|\[::1\]|10\.99\.0\.1):[0-9]+$' <<<"$all")
	[ -z "$bad22" ] && [ -z "$other" ] && grep -qx '127.0.0.1:22' <<<"$all" && grep -qx '10.99.0.1:22' <<<"$all"
}
made_at_boot() { # FILE...: each modified after this boot began
	local boot f
	boot=$(($(date +%s) - $(cut -d. -f1 /proc/uptime)))
	for f; do [ "$(stat -c %Y "$f")" -ge "$boot" ] || { echo "  $f is older than this boot"; return 1; }; done
}
mem_line() { # NAME: MemAvailable and the SSH processes' memory, inside the guest
	# shellcheck disable=SC2016 # expanded in the guest
	ssh_q "$1" 'echo "MemTotal $(sed -n "s/^MemTotal: *//p" /proc/meminfo), MemAvailable $(sed -n "s/^MemAvailable: *//p" /proc/meminfo)"; for p in /proc/[0-9]*; do c=$(tr "\0" " " <$p/cmdline 2>/dev/null | cut -c1-60); case $c in *dropbear*|*xs-read*) echo "RSS $(sed -n "s/^VmRSS: *//p" $p/status), anon $(sed -n "s/^RssAnon: *//p" $p/status): $c";; esac; done' | indent
}
pv_refused() { # XL_MIGRATE_OUTPUT: the receiver started, the sender could not enable log-dirty
	grep -q 'migration target' <<<"$1" && grep -q 'Failed to enable logdirty' <<<"$1"
}
published() { # NAME: NAME's host key is in its XenStore directory
	xenstore-read "/local/domain/$(xl domid "$1")/data/ssh-host-key" >/dev/null 2>&1
}

suite_ssh() {
	local image name old new up0 up1 key t0 out ip status
	check "dom0: TCP listeners only on loopback and xenbr0; sshd on 127.0.0.1, ::1, 10.99.0.1" listeners_ok
	check "dom0: host key and root's key made at this boot" \
		made_at_boot /etc/ssh/ssh_host_ed25519_key /root/.ssh/id_ed25519
	# shellcheck disable=SC2016 # expanded by the shell ssh starts
	check "dom0: ssh localhost runs a command, no prompt, nothing on stderr" \
		test "$(ssh_q localhost 'echo local-$((40 + 2))')" = local-42 -a -z "$(ssh_err)"
	key=$(xenstore-read /xenlive/ssh/authorized_keys 2>/dev/null)
	check "dom0's public key is in XenStore (/xenlive/ssh/authorized_keys), readable by every domain" \
		test -n "$key" -a "$(xenstore-ls -p /xenlive/ssh 2>/dev/null | sed -n 's/.*(\(.*\))$/\1/p')" = r0
	for image in centos debian; do
		name=ssh-$image
		xl destroy "$name" >/dev/null 2>&1
		# The Debian guest must still fit in 96 MiB with its SSH server.
		if [ "$image" = debian ]; then
			check "xl create $image (name=$name, memory=96)" spawn "$image" "$name" memory=96
		else
			check "xl create $image (name=$name), by hand with xl" spawn "$image" "$name"
		fi
		check "$name reaches its login prompt" wait_login "$name" 180
		check "ssh $name uname -n prints $name (no password, no host-key prompt)" wait_ssh "$name" 120
		check "ssh $name: nothing on stderr (no warning, no prompt)" test -z "$(ssh_err)"
		out=$(ssh_q "$name" 'cat /proc/loadavg')
		indent <<<"$out"
		check "ssh $name 'cat /proc/loadavg' prints the guest's load" grep -qE '^[0-9]+\.[0-9]+ [0-9]+\.[0-9]+ ' <<<"$out"
		ip=$(guest_ip "$name" 10)
		check "$name resolves in dom0 to its lease by MAC ($ip)" test -n "$ip" -a "$(getent hosts "$name" | awk '{ print $1 }')" = "$ip"
		mem_line "$name"
	done
	# What the SSH server costs the 24 MiB guest, idle: MemAvailable with
	# and without it (dropbear and the key keeper), on its console.
	# shellcheck disable=SC2016 # expanded in the guest
	out=$(console ssh-centos 'm() { sed -n "s/^MemAvailable: *//p" /proc/meminfo; }; a=$(m); /etc/rc.d/init.d/sshd stop >/dev/null; sleep 2; b=$(m); /etc/rc.d/init.d/sshd start >/dev/null; echo "sshd-idle-cost: MemAvailable $a with sshd, $b without"' 90)
	grep sshd-idle-cost <<<"$out" | indent
	check "each guest has its own host key (published keys differ)" test \
		"$(xenstore-read "/local/domain/$(xl domid ssh-centos)/data/ssh-host-key")" != \
		"$(xenstore-read "/local/domain/$(xl domid ssh-debian)/data/ssh-host-key")"
	check "no guest image ships a host key (none in either read-only image)" \
		test -z "$(ssh_q ssh-centos 'ls /run/xenlive/lower/etc/dropbear/')"
	# A guest keeps its key published: what a migration's new domain needs.
	xenstore-rm "/local/domain/$(xl domid ssh-centos)/data/ssh-host-key"
	sleep 3
	check "ssh-centos publishes its host key again when it is removed" published ssh-centos
	check "a name that is no guest is not taken for one" bash -c '! /usr/lib/xenlive/ssh-guest-key no-such-guest'
	refused "ssh to a guest whose published key is not its own is refused" \
		timeout 60 ssh -n -o "KnownHostsCommand=/bin/echo %H $(xenstore-read "/local/domain/$(xl domid ssh-debian)/data/ssh-host-key")" ssh-centos true

	# Local live migration: xl migrate runs `ssh localhost xl migrate-receive`.
	# Live migration needs Xen's log-dirty mode.  For a PV guest Xen keeps it
	# with its shadow pager, which Debian's Xen 4.17 is built without
	# (CONFIG_SHADOW_PAGING is not set): a PV guest cannot move live, and the
	# attempt must leave it as it was.  A PVH guest uses HAP (EPT/NPT; under
	# QEMU the CPU's npt flag) and moves.
	old=$(xl domid ssh-centos)
	out=$(timeout 300 xl migrate ssh-centos localhost 2>&1 </dev/null)
	status=$?
	grep -E 'logdirty|migration target|Migration' <<<"$out" | tail -n 4 | indent
	if [ "$status" -eq 0 ]; then
		pass "xl migrate ssh-centos localhost (PV) succeeds: this Xen has PV log-dirty"
	else
		check "xl migrate ssh-centos localhost (PV): the receiver ran over ssh; refused for want of PV log-dirty (no shadow paging in Debian's Xen)" \
			pv_refused "$out"
		check "the refused migration leaves ssh-centos running as it was (domain $old), nothing else" \
			test "$(xl domid ssh-centos 2>/dev/null)" = "$old" -a "$(xl list | grep -c ssh-centos)" -eq 1
		check "ssh ssh-centos still works after the refused migration" wait_ssh ssh-centos 60
	fi
	xl destroy ssh-centos >/dev/null 2>&1
	xl destroy ssh-debian >/dev/null 2>&1

	if ! xl info | grep -q '^virt_caps.* hap'; then
		echo "  Xen has no HAP here (xl info virt_caps): PVH live migration not tried"
		return
	fi
	name=mig-centos
	xl destroy "$name" >/dev/null 2>&1
	check "xl create centos (name=$name, type=pvh)" spawn centos "$name" 'type="pvh"'
	check "$name (PVH) reaches its login prompt" wait_login "$name" 180
	check "ssh $name uname -n prints $name" wait_ssh "$name" 120
	old=$(xl domid "$name")
	up0=$(ssh_q "$name" 'cut -d. -f1 /proc/uptime')
	# HTTP by name once a second meanwhile: what a user of the guest sees.
	(while :; do curl -s -m 2 -o /dev/null "http://$name/" && echo ok || echo missed; sleep 1; done) >/tmp/mig-http.log 2>&1 &
	t0=$(now)
	out=$(timeout 600 xl migrate "$name" localhost 2>&1 </dev/null)
	status=$?
	kill $! 2>/dev/null
	echo "  xl migrate $name localhost: $(elapsed "$t0") s, exit $status; HTTP meanwhile: $(grep -c '^ok' /tmp/mig-http.log) answered, $(grep -c '^missed' /tmp/mig-http.log) missed"
	grep -E 'migration (sender|target)|Migration' <<<"$out" | tail -n 3 | indent
	check "xl migrate $name localhost (PVH) succeeds" test "$status" -eq 0
	# The receiving xl renames NAME--incoming to NAME as it lets the guest
	# run, which can come a moment after the sender has returned.
	wait_until 30 has_domain "$name"
	new=$(xl domid "$name" 2>/dev/null)
	check "$name runs as a new domain ($old -> $new), nothing else left" \
		test -n "$new" -a "$new" != "$old" -a "$(xl list | grep -c "$name")" -eq 1
	check "ssh $name works after the migration (host key published again in the new domain)" wait_ssh "$name" 60
	up1=$(ssh_q "$name" 'cut -d. -f1 /proc/uptime')
	check "$name kept running through the migration (uptime $up0 -> $up1 s)" test "${up1:-0}" -ge "${up0:-999999}"
	xl destroy "$name" >/dev/null 2>&1
}

# The boot-menu path: xenlive.spawn=IMAGE starts one guest of IMAGE.
suite_autospawn() {
	local name
	destroy_all
	check "autospawn with xenlive.spawn=centos,nosuch exits non-zero (unknown image)" \
		bash -c '! XENLIVE_CMDLINE="quiet xenlive.spawn=centos,nosuch" /usr/lib/xenlive/autospawn.sh'
	name=$(head -n 1 /run/xenlive/autospawn.names 2>/dev/null)
	check "autospawn started a CentOS-style guest ($name)" xl domid "$name"
	check "$name reaches its login prompt" wait_login "$name" 90
	check "autospawn without xenlive.spawn= does nothing" env XENLIVE_CMDLINE=quiet /usr/lib/xenlive/autospawn.sh
	check "units are installed and enabled" systemctl is-enabled -q xenlive-autospawn.service xenlive-dhcp.service
	destroy_all
}

suite_fill() {
	local free0 n=0 out i name t0
	destroy_all
	sleep 3
	free0=$(free_mb)
	echo "  Xen free memory before: $free0 MB"
	t0=$(now)
	while [ "$n" -lt 200 ]; do
		if command -v xenlive-spawn >/dev/null; then
			out=$(xenlive-spawn centos 2>&1) || break
		else
			out=$(xl create /etc/xen/centos.cfg "name=\"centos-$((n + 1))\"" 2>&1) || break
		fi
		n=$((n + 1))
	done
	echo "  spawned $n CentOS-style guests in $(elapsed "$t0") s; free now $(free_mb) MB; then: $(echo "$out" | tail -n 1)"
	check "memory fills up with CentOS-style guests ($n), then spawning refuses" test "$n" -gt 0 -a "$n" -lt 200
	check "the refusal is xenlive-spawn's own sentence naming memory needed and free" \
		grep -qE "^xenlive-spawn: not enough memory: the guest needs [0-9]+ MiB .*Xen has [0-9]+ MiB free" <<<"$out"
	race_last_memory
	destroy_all
	for i in $(seq 60); do
		[ "$(free_mb)" -ge "$free0" ] && break
		sleep 1
	done
	echo "  Xen free memory after destroying all: $(free_mb) MB (waited ${i} s)"
	check "Xen's free memory returns to its value before" test "$(free_mb)" -ge "$free0"
	check "only Domain-0 is left" test -z "$(guests)"
}

suite_cleanup() {
	destroy_all
	sleep 2
	guests | indent
	check "every guest destroyed; only Domain-0 is left" test -z "$(guests)"
	losetup -a | grep guests/ | indent
	check "at most one (shared, read-only) loop device per guest image" \
		test "$(losetup -a | grep -c guests/)" -le "$(find /etc/xenlive/guests.d -name "*.conf" | wc -l)"
}

# shellcheck source=guest-images/tests/dom0/xen-features.sh
. "$here/xen-features.sh"
# shellcheck source=guest-images/tests/dom0/soak.sh
. "$here/soak.sh"
# shellcheck source=guest-images/tests/dom0/hvm-tests.sh
. "$here/hvm-tests.sh"

for s in "$@"; do
	echo "=== guests: $s"
	case $s in
	smoke:*) suite_smoke "${s#smoke:}" ;;
	soak:*) suite_soak "${s#soak:}" ;;
	basic | isolation | control | perf | crash | bad | ssh | catalog | autospawn | fill | soak | cleanup) "suite_$s" ;;
	hvm | hvm-os | hvm-screen-on | hvm-screen-off | hvm-media | hvm-uefi | hvm-unplugged) "suite_${s//-/_}" ;;
	*) fail "no suite named '$s'; suites: basic isolation control perf crash bad ssh catalog autospawn fill soak[:N] cleanup smoke:IMAGE hvm hvm-os hvm-screen-on hvm-screen-off hvm-media hvm-uefi hvm-unplugged" ;;
	esac
done
report_summary
