#!/bin/bash
# check-pool: two Xen Live machines on a private cable (QEMU -netdev socket
# on 127.0.0.1, no other NIC) form a pool and live-migrate a PVH guest from
# one to the other.  One boot of both machines for every pool test:
#   - B joins at boot (UEFI, the boot option xenlive.pool=SECRET typed into
#     GRUB's entry editor as a user would); before a join A listens on
#     nothing outside loopback and xenbr0;
#   - a host with another secret joins nothing (announcements ignored), and
#     the secret is in no process list or log;
#   - A joins (xenlive-pool join -): peers listed, ssh by name, tunnel;
#   - too little memory on the peer: one sentence, the guest stays;
#   - xl migrate GUEST PEER while B's dom0 fetches its page every 0.2 s:
#     it runs on B, not on A, and answers at the same address from both;
#   - the peer powered off mid-migration (B -> A, A's QEMU killed): the
#     guest runs on at B;
#   - leave: listeners, keys and tunnels gone.
#   run.sh ISO [--memory MB] [--cpus N] [--bench]   (--bench: only the figures)
# Each machine gets its own share of this host's cores (--cpus, default
# half of them, at least one), as two PCs would: with more vCPUs than
# that, the two QEMUs' vCPU threads take turns on the same cores, and a
# migration's pause and the guest's reconnection after it took several
# times as long (bench/RESULTS.md, "Live migration between two machines").
# Ends with "N passed, N failed"; logs under $O/tests/pool.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=../lib/report.sh
. "$top/tests/lib/report.sh"
# shellcheck source=../lib/console.sh
. "$top/tests/lib/console.sh"
# shellcheck source=../lib/boot-stages.sh
. "$top/tests/lib/boot-stages.sh"

usage="usage: run.sh ISO [--memory MB] [--cpus N] [--bench]"
[ "$#" -ge 1 ] || { echo "$usage" >&2; exit 2; }
iso=$1; shift
[ -f "$iso" ] || { echo "pool tests: $iso does not exist; build it with 'make iso'." >&2; exit 2; }
iso=$(realpath "$iso")
memory=1024 bench=0 cpus=$(($(nproc) / 2))
[ "$cpus" -ge 1 ] || cpus=1
while [ "$#" -gt 0 ]; do
	case $1 in
	--memory) memory=$2; shift 2 ;;
	--cpus) cpus=$2; shift 2 ;;
	--bench) bench=1; shift ;;
	*) echo "pool tests: unknown option '$1'; $usage" >&2; exit 2 ;;
	esac
done
case $cpus in ''|*[!0-9]*|0) echo "pool tests: --cpus must be a positive number of vCPUs per machine, not '$cpus'." >&2; exit 2 ;; esac
[ -n "${O:-}" ] || { echo "pool tests: O, the output directory, is not set; run this through make (make check-pool)." >&2; exit 2; }
out=$O/tests/pool
mkdir -p "$out"
payload=$(mktemp -d "${TMPDIR:-/tmp}/pool-payload.XXXXXX")

# Two machines, one set of console.sh globals: use NAME saves the current
# machine's and loads NAME's.
declare -A M=()
machine=""
save_machine() {
	[ -n "$machine" ] || return 0
	M[$machine.dir]=$CONSOLE_DIR M[$machine.log]=$CONSOLE_LOG M[$machine.pid]=$CONSOLE_QEMU_PID
	M[$machine.reader]=$CONSOLE_READER_PID M[$machine.in]=$CONSOLE_IN M[$machine.mark]=$CONSOLE_MARK
}
use() {
	save_machine
	machine=$1 mode=pool-$1
	CONSOLE_DIR=${M[$1.dir]:-} CONSOLE_LOG=${M[$1.log]:-} CONSOLE_QEMU_PID=${M[$1.pid]:-}
	CONSOLE_READER_PID=${M[$1.reader]:-} CONSOLE_IN=${M[$1.in]:-} CONSOLE_MARK=${M[$1.mark]:-0}
}
stop_all() {
	local m
	save_machine
	for m in A B; do
		[ -n "${M[$m.pid]:-}" ] || continue
		use "$m"
		console_stop
		M[$m.pid]=""
	done
	rm -rf "$payload"
}
trap stop_all EXIT

# A free port pair for the cable (another helper's QEMU may hold one).
port=$((20000 + $$ % 20000))
while ss -ltnH "sport = :$port" | grep -q .; do port=$((port + 1)); done

mkdir "$payload/files"
cp "$here/dom0.sh" "$here/http-poll.py" "$here/stamp-lines.py" "$payload/files/"
payload_cd "$payload/files" "$payload/tests.iso"

# Names follow the MACs: xenlive-<last two bytes>, guest network 10.99.<last byte>.0.
A=xenlive-340a B=xenlive-340b
secret="pool-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
wrong="other-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"

# run MACHINE 'COMMAND' SECONDS: COMMAND in that dom0; output on stdout.
on() { use "$1"; console_run "$2" "$3"; }
t() { on "$1" "/mnt/xlt/dom0.sh $2" "${3:-120}"; }
ok() { # NAME MACHINE 'COMMAND' [SECONDS]: COMMAND succeeds there
	local output status=0
	use "$2"
	output=$(on "$2" "$3" "${4:-120}") || status=$?
	if [ "$status" -eq 0 ]; then pass "$mode: $1"; else fail "$mode: $1 (exit $status: $(tail -n 3 <<<"$output" | tr '\n' '|'))"; fi
	[ "$status" -eq 0 ]
}

boot_both() {
	SECONDS=0
	echo "two machines, $memory MiB and $cpus vCPU(s) each, on a host with $(nproc) cores"
	use A
	console_start "$out/A" --iso "$iso" --memory "$memory" --data-cd "$payload/tests.iso" \
		--lan "listen:$port" --mac 52:54:00:12:34:0a --cpus "$cpus"
	sleep 2
	use B
	console_start "$out/B" --iso "$iso" --memory "$memory" --data-cd "$payload/tests.iso" \
		--lan "connect:$port" --mac 52:54:00:12:34:0b --firmware uefi --cpus "$cpus"
	stage "GRUB menu" 'Xen Live' 240 || return 1
	grub_add_option "xenlive.pool=$secret"
	for m in A B; do
		use "$m"
		stage "Xen banner" 'Xen version 4\.17' 240 &&
			stage "autologin root shell" 'root@xenlive:~# ' 600 || return 1
	done
	for m in A B; do
		on "$m" 'dmesg -n 1; mkdir -p /mnt/xlt && mount -o ro LABEL=XLTESTS /mnt/xlt' 60 >/dev/null ||
			{ fail "$mode: test scripts mounted"; return 1; }
	done
}

# grub_add_option WORD: in GRUB's menu, edits the default entry (e), goes
# down to dom0's kernel line (Ctrl-N: GRUB shows "setparams 'Xen Live'", a
# blank line, then the entry's multiboot2 and module2 lines), to the end of
# it (Ctrl-E), appends WORD and boots (Ctrl-X): what a user does to give a
# boot option.
grub_add_option() {
	console_type e; sleep 2
	console_type $'\x0e'; sleep 0.5
	console_type $'\x0e'; sleep 0.5
	console_type $'\x0e'; sleep 1
	console_type $'\x05'; sleep 1
	# One key at a time: GRUB redraws the line after each one, and keys
	# typed faster came out of order.
	local word=" $1" i
	for ((i = 0; i < ${#word}; i++)); do
		printf '%s' "${word:i:1}" >&"$CONSOLE_IN"
		sleep 0.2
	done
	sleep 1
	console_type $'\x18'
}

# matches NAME TEXT REGEX: TEXT (what a machine printed) matches REGEX.
matches() {
	if grep -qE "$3" <<<"$2"; then pass "$mode: $1"; else fail "$mode: $1 (got: $(head -c 300 <<<"$2" | tr '\n' '|'))"; fi
}

# quiet MACHINE WHEN: nothing listens there outside loopback and xenbr0.
quiet() {
	local listen
	listen=$(t "$1" listeners)
	use "$1"
	if [ -z "$listen" ]; then pass "$mode: $2 nothing listens outside loopback and xenbr0"
	else fail "$mode: $2, listening outside loopback and xenbr0: $(tr '\n' '|' <<<"$listen")"; fi
}

lan_of() { t "$1" "lan-addr 150" 180 | awk '$1 == "lan" { print $2 }'; }

# spawn_on_a 'NAME [IMAGE]' SECONDS: starts a guest on A (dom0.sh spawn),
# shows the figures it printed (its indented lines) and sets ip to the
# address it answers HTTP at, "" where it does not.
spawn_on_a() {
	local text
	text=$(t A "spawn $1" "$2") || true
	echo "$text" | grep '^  ' || true
	ip=$(awk '$1 == "ip" { print $2 }' <<<"$text")
}

pool_tests() {
	local a_lan b_lan listen text ip res gap mig line
	boot_both || return 1
	a_lan=$(lan_of A) b_lan=$(lan_of B)
	use A; matches "wired NIC up with a link-local address ($a_lan; no DHCP server on this cable)" "$a_lan" '^169\.254\.'
	use B; matches "wired NIC up with a link-local address ($b_lan)" "$b_lan" '^169\.254\.'
	quiet A "before a join"
	ok "booted with xenlive.pool=SECRET: a pool member" B \
		"{ grep -qw 'xenlive.pool=$secret' /proc/cmdline || { cat /proc/cmdline; false; }; } && systemctl is-active xenlive-pool.service" 60
	ok "its secret is in no process list" B "ps -eo args >/tmp/ps.txt; ! grep -q -- '$secret' /tmp/ps.txt" 60

	# A wrong secret joins nothing: A announces with another key.
	ok "xenlive-pool join SECRET (another secret, on argv)" A "xenlive-pool join $wrong" 60
	ok "B's announcements are ignored" A \
		"(for i in \$(seq 120); do grep -qE '\"ignored\": [1-9]' /run/xenlive/pool/state.json 2>/dev/null && exit 0; sleep 1; done; exit 1)" 150
	ok "a host with another secret is not joined (A lists itself only)" A \
		"xenlive-pool list; test \$(xenlive-pool list --batch | grep -c ^host) -eq 1" 30
	ok "nor does B list A" B "test \$(xenlive-pool list --batch | grep -c ^host) -eq 1" 30
	ok "xenlive-pool leave" A "xenlive-pool leave" 300
	quiet A "after leave"

	# The same secret: A joins B's pool.
	ok "xenlive-pool join - with the pool's secret" A "echo '$secret' | xenlive-pool join -" 60
	ok "the secret is in no process list" A "ps -eo args >/tmp/ps.txt; ! grep -q -- '$secret' /tmp/ps.txt" 60
	ok "B finds A ($A)" B "/mnt/xlt/dom0.sh wait-peer $A 240" 260 || return 1
	ok "A finds B ($B)" A "/mnt/xlt/dom0.sh wait-peer $B 240" 260 || return 1
	on A 'xenlive-pool list' 30 | sed 's/^/  /'
	ok "host name from the MAC ($A)" A "test \$(hostname) = $A" 30
	ok "the secret is in no log" A "journalctl -b --no-pager >/tmp/journal.txt; ! grep -q -- '$secret' /tmp/journal.txt" 60
	# A boot option is on the kernel's command line, which the kernel logs
	# first thing; nothing else may repeat it.
	ok "B's secret is in no log but the kernel's command line" B \
		"journalctl -b --no-pager >/tmp/journal.txt; ! grep -- '$secret' /tmp/journal.txt | grep -vE 'kernel: (Kernel command|Command) line: '" 60
	listen=$(t A listeners)
	while read -r line; do echo "  joined, listening: $line"; done <<<"$listen"
	use A; matches "joined: the pool's UDP port and sshd on the LAN address only" "$listen" "udp [^ ]*%[a-z0-9]+:7711"
	ok "ssh $B by name (keys exchanged, known host by name)" A "ssh $B hostname | grep -x $B" 60
	ok "B's key is authorized from B's address only" A "grep -q '^from=\"$b_lan\",restrict ssh-ed25519 ' /run/xenlive/pool/authorized_keys" 30
	ok "a gretap tunnel to B is a port of xenbr0" A "ip -d link show xp-340b | grep -q 'master xenbr0' && ip -d link show xp-340b | grep -q 'gretap remote $b_lan'" 30
	ok "xenbr0 is 10.99.10.1/16 on A" A "ip -4 addr show xenbr0 | grep -q 'inet 10\\.99\\.10\\.1/16'" 30

	# A guest on A.
	spawn_on_a centos-pvh-1 300
	use A; matches "centos-pvh-1 on A answers HTTP at an address of A's range ($ip)" "$ip" '^10\.99\.10\.' 
	[ -n "$ip" ] || return 1

	if [ "$bench" = 0 ]; then
		# Too little memory on B.
		text=$(t B fill 120) || true
		echo "  B: $text"
		sleep 6
		text=$(t A "migrate centos-pvh-1 $B pool" 120) || true
		echo "$text"
		use A; matches "xenlive-pool migrate to a host short of memory: refused" "$(grep -m 1 '^rc ' <<<"$text")" "^rc [1-9]"
		use A; matches "in one sentence" "$text" "has [0-9]+ MiB free and centos-pvh-1 needs [0-9]+ MiB"
		text=$(t A "migrate centos-pvh-1 $B xl" 300) || true
		echo "$text"
		use A; matches "xl migrate to a host short of memory fails" "$(grep -m 1 '^rc ' <<<"$text")" "^rc [1-9]"
		use A; check_on_console "the guest stays on A, running" "/mnt/xlt/dom0.sh where centos-pvh-1" "^state centos-pvh-1 [-rb]+$" 30
		ok "and answering" A "/mnt/xlt/dom0.sh http $ip 30" 60
		use B; check_on_console "nothing left on B" "/mnt/xlt/dom0.sh where centos-pvh-1" "^absent" 30
		t B unfill 60 >/dev/null || true
	fi

	t A "faults --reset" 30 >/dev/null; t B "faults --reset" 30 >/dev/null
	migrate_measured centos-pvh-1 "$ip"
	# Under QEMU's emulated nested paging a PVH guest now and then dies
	# (Xen: "Triple fault"; docs/pool.md, "Migration"): not the pool's
	# doing.  Reported, and tried once more with a new guest.
	if [ "$(triple_faults)" -gt 0 ]; then
		echo "  centos-pvh-1 died during its migration (Xen logged a triple fault); once more with a new guest"
		t A "gone centos-pvh-1" 60 >/dev/null; t B "gone centos-pvh-1" 60 >/dev/null
		spawn_on_a centos-pvh-1 300
		[ -n "$ip" ] || { fail "pool-A: centos-pvh-1 started again on A"; return 1; }
		migrate_measured centos-pvh-1 "$ip"
	fi
	use A; matches "xl migrate centos-pvh-1 $B" "$(grep -m 1 '^rc ' <<<"$mig")" "^rc 0 "
	use A; check_on_console "centos-pvh-1 is no longer on A" "/mnt/xlt/dom0.sh where centos-pvh-1" "^absent" 30
	use B; check_on_console "centos-pvh-1 runs on B" "/mnt/xlt/dom0.sh where centos-pvh-1" "^state centos-pvh-1 [-rb]+$" 30
	ok "it answers at its address from A (across the tunnel)" A "/mnt/xlt/dom0.sh http $ip 30" 60
	ok "and from B" B "/mnt/xlt/dom0.sh http $ip 30" 60
	ok "B resolves its name (A's lease, shared)" B "getent hosts centos-pvh-1 | grep -q '^$ip '" 60
	ok "ssh to it by name from B (the guest took B's dom0 key when it moved)" B "ssh -o ConnectTimeout=30 centos-pvh-1 true" 90
	if [ "$bench" = 1 ]; then
		# The second image, for the bench only (make check keeps one boot
		# and one migration).
		spawn_on_a "debian-pvh-1 debian-pvh" 400
		[ -n "$ip" ] || { fail "pool-A: debian-pvh-1 did not answer HTTP"; return 1; }
		migrate_measured debian-pvh-1 "$ip"
		use B; check_on_console "debian-pvh-1 runs on B" "/mnt/xlt/dom0.sh where debian-pvh-1" "^state debian-pvh-1 [-rb]+$" 30
		ok "and answers at its address" B "/mnt/xlt/dom0.sh http $ip 30" 60
		return 0
	fi

	# The peer powered off mid-migration: B -> A, A's QEMU killed.
	t B "migrate-bg centos-pvh-1 $A" 30 >/dev/null
	if on A "(for i in \$(seq 240); do xl list | grep -q centos-pvh-1--incoming && exit 0; sleep 0.5; done; exit 1)" 200 >/dev/null; then
		pass "pool-A: the incoming guest shows on A"
	else
		fail "pool-A: the migration back to A never started"
	fi
	use A
	kill "$CONSOLE_QEMU_PID" 2>/dev/null || true
	echo "  A powered off (QEMU killed) mid-migration"
	text=$(t B "migrate-wait 180" 200) || true
	echo "$text"
	use B; matches "xl migrate to a host that vanished fails" "$(grep -m 1 '^rc ' <<<"$text")" "^rc [1-9]"
	use B; check_on_console "the guest runs on at B, under its own name" "/mnt/xlt/dom0.sh where centos-pvh-1" "^state centos-pvh-1 [-rb]+$" 30
	ok "and answers" B "/mnt/xlt/dom0.sh http $ip 60" 90
	ok "xenlive-pool list shows A lost" B "sleep 20; xenlive-pool list --batch | grep -q '^host $A .* lost '" 60

	ok "xenlive-pool leave on B" B "xenlive-pool leave" 300
	quiet B "after leave"
	ok "leave removed the keys, tunnels and the host name" B \
		"! test -e /run/xenlive/pool/authorized_keys && ! ip link show xp-340a 2>/dev/null && test \$(hostname) = xenlive" 30
	ok "xenbr0 is 10.99.0.1/24 again" B "ip -4 addr show xenbr0 | grep -q 'inet 10\\.99\\.0\\.1/24'" 30
}

# Xen's "Triple fault" lines on both hosts since their last "faults --reset".
triple_faults() {
	local a b
	a=$(t A faults 30 | awk '$1 == "faults" { print $2 }')
	b=$(t B faults 30 | awk '$1 == "faults" { print $2 }')
	echo $(( ${a:-0} + ${b:-0} ))
}

# migrate_measured NAME ADDR: moves NAME from A to B while B's dom0 fetches
# its page every 0.2 s (as the issue has it: the receiving side polls, and
# A's dom0, busy sending, is not the client); sets mig (dom0.sh migrate's
# report) and prints the figures, and the BENCH line make bench-pool reports.
migrate_measured() {
	local res gap paused image=${1%-[0-9]*}
	t B "poll-start $2" 30 >/dev/null
	sleep 2
	mig=$(t A "migrate $1 $B" 600) || true
	sleep 2
	res=$(t B poll-stop 30) || true
	echo "$mig"
	gap=$(awk '$1 == "http" { print $7 }' <<<"$res")
	paused=$(awk '$1 == "paused" { print $2 }' <<<"$mig")
	echo "  during the migration: $(awk '$1 == "http" { print $2 " answered, " $4 " missed" }' <<<"$res"); longest gap ${gap:-?} s; guest paused ${paused:-?} s (xl's log)"
	# Where the gap fell, from the migration's start (A's clock against B's:
	# both QEMUs take the host's time at power-on, to within a second).
	awk -v t0="$(awk '$1 == "t0" { print $2 }' <<<"$mig")" '$1 == "gap-at" && t0 {
		printf "  the longest gap: from %.2f s to %.2f s of the migration\n", $2 - t0, $3 - t0 }' <<<"$res"
	# On B's clock alone: its vif's appearance (device setup) and carrier
	# (the guest connected again), against the gap's end.
	awk '$1 == "gap-at" { from = $2; to = $3 } $1 == "vif-at" && $3 && from {
		printf "  on B, from the gap'"'"'s start: the guest'"'"'s vif appeared at %.2f s, had its carrier (front end connected) at %.2f s; first answer at %.2f s\n", $2 - from, $3 - from, to - from }' <<<"$res"
	# The guest's own account of its suspend and resume (kernel timestamps).
	on B "ssh -o ConnectTimeout=20 $1 dmesg 2>/dev/null | tail -n 15 | sed 's/^/  guest| /'" 60 || true
	echo "BENCH pool migration ($image): $(awk '$1 == "rc" { print $4 }' <<<"$mig") s; longest HTTP gap (downtime) ${gap:-?} s; paused ${paused:-?} s"
}

pool_tests || true
for m in A B; do
	use "$m"
	no_fatal_output
done
report_summary
