#!/bin/bash
# check-pool: two Xen Live machines on a private cable (QEMU -netdev socket
# on 127.0.0.1, no other NIC) form a pool, the second booted from the first
# over the network, and live-migrate a PVH guest between them.  One boot
# of A and one of B (a second of B, under UEFI) for every pool test:
#   - before a join A listens on nothing outside loopback and xenbr0;
#     serving is refused until it joins;
#   - A joins (the secret has shell and boot-loader characters) and serves
#     (xenlive-pool serve: full DHCP, as no DHCP server is on this cable),
#     on its NIC only; serving twice is refused;
#   - B has no disk and no CD: its NIC's iPXE ROM boots pxelinux from A,
#     Xen and dom0 by TFTP, the live image by HTTP, checked by sha256, and
#     B joins A's pool with the secret from the boot menu; B cannot serve
#     beside A (one boot server per segment);
#   - the secret is in no process list or log;
#   - ssh by name, tunnel; too little memory on the peer: one sentence, the
#     guest stays;
#   - xl migrate GUEST B while B's dom0 fetches its page every 0.2 s: it
#     runs on B, not on A, and answers at the same address from both; and
#     back to A;
#   - a host with another secret is not joined;
#   - B again, under UEFI (GRUB from A): a corrupted image gives the
#     emergency shell and its sentence, 'exit' fetches it again, and B is a
#     member again;
#   - the peer powered off mid-migration (A -> B, B's QEMU killed): the
#     guest runs on at A;
#   - serve --stop: listening as before; leave: serving, listeners, keys
#     and tunnels gone.
#   run.sh ISO [--memory MB] [--cpus N] [--bench | --bench-netboot]
# (--bench: only the figures; --bench-netboot: only power-on to pool member,
# B from the network under BIOS and UEFI and from the CD)
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

usage="usage: run.sh ISO [--memory MB] [--cpus N] [--bench | --bench-netboot]"
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
	--bench-netboot) bench=netboot; shift ;;
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

# Names follow the MACs: xenlive-<last two bytes>, guest network 10.99.<last byte>.0.
A=xenlive-340a B=xenlive-340b
# The pool's secret has characters a shell, GRUB and the kernel's command
# line each treat specially; it reaches A from a file on the test CD and B
# from the boot menu A serves, and the checks grep for it with grep -F -f.
secret="pool-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')'\"\$(reboot);|&<>*\`x\`\\"
printf '%s\n' "$secret" >"$payload/files/secret"
wrong="other-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
payload_cd "$payload/files" "$payload/tests.iso"
# B holds the live image in RAM besides what A holds.
memory_b=$((memory + 256))
# The initramfs's words (livecd/initramfs/init) on a network boot.
FETCHED_RE='xenlive: fetched [0-9]+ MB in [0-9]+s; checking it'
CORRUPT_RE='xenlive: ERROR: the live system image fetched from http://[^ ]+ is corrupt \(its sha256 differs'

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

boot_a() {
	SECONDS=0
	echo "two machines, $memory and $memory_b MiB and $cpus vCPU(s) each, on a host with $(nproc) cores"
	use A
	console_start "$out/A" --iso "$iso" --memory "$memory" --data-cd "$payload/tests.iso" \
		--lan "listen:$port" --mac 52:54:00:12:34:0a --cpus "$cpus"
	stage "Xen banner" 'Xen version 4\.17' 240 &&
		stage "autologin root shell" 'root@xenlive:~# ' 600 || return 1
	on A 'dmesg -n 1; mkdir -p /mnt/xlt && mount -o ro LABEL=XLTESTS /mnt/xlt' 60 >/dev/null ||
		{ fail "$mode: test scripts mounted"; return 1; }
}

# power_on_b FIRMWARE: B, with no disk and no CD, boots from the network.
power_on_b() {
	use B
	if [ -n "$CONSOLE_QEMU_PID" ]; then
		no_fatal_output
		console_stop
	fi
	B_ON=$SECONDS
	console_start "$out/B-$1" --netboot --memory "$memory_b" --lan "connect:$port" \
		--mac 52:54:00:12:34:0b --firmware "$1" --cpus "$cpus"
}

# b_up: B's boot from the menu A serves to its shell, stage by stage;
# b_fetch: from the initramfs on.
b_up() {
	use B
	stage "Xen banner (Xen loaded from A by TFTP)" 'Xen version 4\.17' 300 && b_fetch
}
b_fetch() {
	use B
	stage "the live image fetched from A and checked (sha256)" "$FETCHED_RE" 600 &&
		stage "live root mounted from the image in RAM" 'xenlive: live root mounted: squashfs' 240 &&
		stage "autologin root shell" 'root@xenlive:~# ' 600 &&
		on B 'dmesg -n 1' 30 >/dev/null
}

# b_joined: A lists B (its pool joined with the menu's secret), and B gets
# the test scripts from A over the pool's ssh.
b_joined() {
	ok "A finds B ($B), which joined at boot" A "/mnt/xlt/dom0.sh wait-peer $B 300" 320 &&
		ok "B gets the test scripts from A (ssh $B as a pool peer)" A \
			"ssh $B mkdir -p /mnt/xlt && scp -q /mnt/xlt/* $B:/mnt/xlt/" 120 &&
		ok "B finds A ($A)" B "/mnt/xlt/dom0.sh wait-peer $A 240" 260
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

# lan_side: the lines of `ss -tulnH | awk '{ print $1, $5 }'` on stdin
# outside loopback and xenbr0 (as dom0.sh listeners filters them).
lan_side() { grep -vE ' (127\.[0-9.]+|\[::1\]|10\.99\.[0-9.]+|[^ ]*%(lo|xenbr0)):[0-9]+$' || true; }

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
	local a_lan b_lan listen text ip res gap mig line before during other
	boot_a || return 1
	a_lan=$(lan_of A)
	use A; matches "wired NIC up with a link-local address ($a_lan; no DHCP server on this cable)" "$a_lan" '^169\.254\.'
	quiet A "before a join"
	text=$(on A 'xenlive-pool serve; echo "rc $?"' 60) || true
	use A; matches "serve before a join: refused in one sentence" "$text" \
		"^xenlive-pool: serving boots other PCs into this machine's pool: join one first.*\$" 
	matches "with exit 1" "$text" '^rc 1'

	ok "xenlive-pool join - with the pool's secret (shell and boot-loader characters)" A "xenlive-pool join - </mnt/xlt/secret" 60
	ok "the secret is in no process list" A "ps -eo args >/tmp/ps.txt; ! grep -qF -f /mnt/xlt/secret /tmp/ps.txt" 60
	# The join settles first: the pool's port, sshd on the LAN address and
	# the guests' DHCP again on xenbr0 (the join restarts it).
	before=$(on A "for i in \$(seq 90); do ss -ulnH | grep -q ':7711 ' && ss -tlnH | grep -q '$a_lan:22 ' && ss -ulnH | grep -q '%xenbr0:67 ' && break; sleep 1; done; sleep 2; ss -tulnH | awk '{ print \$1, \$5 }' | sort" 120)
	text=$(on A 'xenlive-pool serve; echo "rc $?"' 120) || true
	awk '{ print "  A| " $0 }' <<<"$text"
	use A; matches "xenlive-pool serve: full DHCP, said in one line with why (no DHCP server, link-local address)" "$text" \
		"^serving Xen Live on en[a-z0-9]+ \($a_lan\): addresses too, as no DHCP server answers on this segment"
	during=$(on A "ss -tulnH | awk '{ print \$1, \$5 }' | sort" 60)
	line=$(comm -13 <(echo "$before") <(echo "$during"))
	awk '{ print "  serving, new listener: " $0 }' <<<"$line"
	use A
	if grep -qE '^udp [^ ]*:67$' <<<"$line" && grep -qE '^udp [^ ]*:69$' <<<"$line" && grep -qE '^tcp [^ ]*:80$' <<<"$line"; then
		pass "$mode: serving: DHCP (67), TFTP (69) and HTTP (80) listen"
	else fail "$mode: serving: DHCP (67), TFTP (69) and HTTP (80) listen (got: $(tr '\n' '|' <<<"$line"))"; fi
	use A
	other=$(awk -v a="$a_lan" '!(index($2, "%en") || index($2, a ":") == 1 || index($2, a "%") == 1)' <<<"$line")
	if [ -z "$other" ]; then pass "$mode: serving listens on the pool's NIC only, nothing on xenbr0"
	else fail "$mode: serving listens on the pool's NIC only (also: $(tr '\n' '|' <<<"$other"))"; fi
	text=$(on A 'xenlive-pool serve; echo "rc $?"' 60) || true
	use A; matches "serve twice: refused in one sentence, exit 1" "$(tr '\n' ' ' <<<"$text")" \
		"^xenlive-pool: this machine serves already .*'xenlive-pool serve --stop' ends it\. rc 1"

	# B: no disk, no CD.
	power_on_b bios
	stage "network boot menu from A (pxelinux by PXE)" "Xen Live.*from $A" 300 || return 1
	b_up || return 1
	BENCH_B_BIOS=$((SECONDS - B_ON))
	ok "B booted from the network: no medium, image URL and the secret (hex) on its command line" B \
		"! mountpoint -q /run/live/medium && grep -q 'xenlive.fetch=http://$a_lan/live/filesystem.squashfs' /proc/cmdline && grep -q 'xenlive.poolhex=' /proc/cmdline" 60
	b_joined || return 1
	BENCH_B_MEMBER=$((SECONDS - B_ON))
	echo "BENCH netboot power-on to pool member (BIOS, PXE): ${BENCH_B_MEMBER} s (to its shell ${BENCH_B_BIOS} s)"
	b_lan=$(lan_of B)
	use B; matches "B's address from A's DHCP ($b_lan)" "$b_lan" '^169\.254\.10\.'
	ok "B's pool member has the very secret (its HMAC key joins A's pool) and keeps it out of processes" B \
		"ps -eo args >/tmp/ps.txt; ! grep -qF -f /mnt/xlt/secret /tmp/ps.txt && cmp -s /run/xenlive/pool/secret /mnt/xlt/secret" 60
	text=$(on B 'xenlive-pool serve; echo "rc $?"' 120) || true
	use B; matches "a second server on the segment (B while A serves): refused in one sentence" "$(tr '\n' ' ' <<<"$text")" \
		"^xenlive-pool: another boot server \($a_lan\) answers PXE on .* rc 1"
	ok "and B serves nothing" B "! systemctl is-active --quiet xenlive-serve.service && ! ss -ulnH | grep -v '%xenbr0:' | grep -q ':67 '" 60
	# One Python start: under emulation, with B just booted, one took over 30 s.
	text=$(on A 'xenlive-pool list' 120) || true
	awk '{ print "  " $0 }' <<<"$text"
	use A; matches "xenlive-pool list on A says it serves" "$text" "^serving this CD on en[a-z0-9]+ \\($a_lan, full DHCP\\)"
	ok "host name from the MAC ($A)" A "test \$(hostname) = $A" 30
	ok "the secret is in no log" A "journalctl -b --no-pager >/tmp/journal.txt; ! grep -qF -f /mnt/xlt/secret /tmp/journal.txt" 60
	ok "B's secret is in no log (the command line has it in hex only)" B \
		"journalctl -b --no-pager >/tmp/journal.txt; ! grep -qF -f /mnt/xlt/secret /tmp/journal.txt" 60
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
		netboot_against_cd
		return 0
	fi

	# And back: B -> A.
	text=$(t B "migrate centos-pvh-1 $A pool" 600) || true
	echo "$text"
	use B; matches "and back: xenlive-pool migrate centos-pvh-1 $A (from the network-booted B)" "$(grep -m 1 '^rc ' <<<"$text")" "^rc 0 "
	use A; check_on_console "centos-pvh-1 runs on A again" "/mnt/xlt/dom0.sh where centos-pvh-1" "^state centos-pvh-1 [-rb]+$" 30
	ok "and answers" A "/mnt/xlt/dom0.sh http $ip 30" 60

	# A wrong secret joins nothing: B joins again with another.
	ok "xenlive-pool leave on B" B "xenlive-pool leave" 300
	ok "xenlive-pool join SECRET on B (another secret, on argv)" B "xenlive-pool join $wrong" 60
	ok "B's announcements are ignored" A \
		"(for i in \$(seq 120); do grep -qE '\"ignored\": [1-9]' /run/xenlive/pool/state.json 2>/dev/null && exit 0; sleep 1; done; exit 1)" 150
	ok "a host with another secret is not joined (B lists itself only)" B \
		"sleep 8; xenlive-pool list; test \$(xenlive-pool list --batch | grep -c ^host) -eq 1" 120

	# B again, under UEFI, with the image corrupted on the way: the same
	# size, other bytes (a sparse file in A's RAM costs nothing).
	ok "A serves a corrupted image (same size, zeros)" A \
		"img=/run/xenlive/pool/serve/root/live/filesystem.squashfs; truncate -s \$(stat -L -c %s \$img) /tmp/zeros.img && ln -sfn /tmp/zeros.img \$img" 30
	power_on_b uefi
	stage "network boot menu from A (GRUB by PXE under UEFI)" "Xen Live.*from $A" 400 || return 1
	stage "Xen banner (from A by TFTP)" 'Xen version 4\.17' 300 || return 1
	stage "a corrupted image: the emergency shell and its sentence" "$CORRUPT_RE" 600 || return 1
	ok "A serves the image again" A \
		"ln -sfn /run/live/medium/live/filesystem.squashfs /run/xenlive/pool/serve/root/live/filesystem.squashfs && rm /tmp/zeros.img" 30
	use B
	console_mark
	console_type $'exit\r'
	b_fetch || return 1
	ok "after 'exit' the image was fetched again and B (UEFI, from the network) is up" B "! mountpoint -q /run/live/medium" 30
	b_joined || return 1

	# The peer powered off mid-migration: A -> B, B's QEMU killed.
	t A "migrate-bg centos-pvh-1 $B" 30 >/dev/null
	if on B "(for i in \$(seq 240); do xl list | grep -q centos-pvh-1--incoming && exit 0; sleep 0.5; done; exit 1)" 200 >/dev/null; then
		pass "pool-B: the incoming guest shows on B"
	else
		fail "pool-B: the migration to B never started"
	fi
	use B
	kill "$CONSOLE_QEMU_PID" 2>/dev/null || true
	echo "  B powered off (QEMU killed) mid-migration"
	text=$(t A "migrate-wait 180" 200) || true
	echo "$text"
	use A; matches "xl migrate to a host that vanished fails" "$(grep -m 1 '^rc ' <<<"$text")" "^rc [1-9]"
	use A; check_on_console "the guest runs on at A, under its own name" "/mnt/xlt/dom0.sh where centos-pvh-1" "^state centos-pvh-1 [-rb]+$" 30
	ok "and answers" A "/mnt/xlt/dom0.sh http $ip 60" 90
	# The daemon's list file (what list --batch prints, and xtop reads):
	# a Python start each second would be slower than the wait.
	ok "xenlive-pool list shows B lost" A "(for i in \$(seq 60); do grep -q '^host $B .* lost ' /run/xenlive/pool/list && exit 0; sleep 1; done; exit 1)" 90

	text=$(on A 'xenlive-pool serve --stop; echo "rc $?"' 120) || true
	use A; matches "xenlive-pool serve --stop" "$text" '^stopped serving: nothing answers DHCP, PXE, TFTP or HTTP'
	# Outside loopback and xenbr0: the guest network's own listeners follow
	# its addresses, which the pool's migrations change meanwhile.
	line=$(on A "sleep 3; ss -tulnH | awk '{ print \$1, \$5 }' | sort" 60)
	if [ "$(lan_side <<<"$line")" = "$(lan_side <<<"$before")" ]; then
		pass "$mode: after serve --stop, ss lists what it listed before serving"
	else fail "$mode: after serve --stop, ss differs from before serving: $(diff <(lan_side <<<"$before") <(lan_side <<<"$line") | grep '^[<>]' | tr '\n' '|')"; fi
	ok "serve --stop left no files" A "! test -e /run/xenlive/pool/serve && ! test -e /run/xenlive/pool/serving && ! pgrep -f 'dnsmasq.*serve'" 30
	# Leaving the pool ends serving too.
	ok "serving again" A "xenlive-pool serve" 120
	ok "xenlive-pool leave on A" A "xenlive-pool leave" 300
	quiet A "after leave (which ended serving)"
	ok "leave removed serving, the keys, tunnels and the host name" A \
		"! systemctl is-active --quiet xenlive-serve.service && ! test -e /run/xenlive/pool/serve && ! test -e /run/xenlive/pool/authorized_keys && ! ip link show xp-340b 2>/dev/null && test \$(hostname) = xenlive" 30
	ok "xenbr0 is 10.99.0.1/24 again" A "ip -4 addr show xenbr0 | grep -q 'inet 10\\.99\\.0\\.1/24'" 30
}

# a_tx: bytes A's wired NIC has sent.
a_tx() { on A "cat /sys/class/net/\$(ip -4 -o addr show | awk '\$2 ~ /^en/ { print \$2; exit }')/statistics/tx_bytes" 30 | tr -dc 0-9; }

# netboot_against_cd: power-on to pool member for B booted from A over the
# network and from the CD, side by side under UEFI, and the bytes A sent
# (make bench-pool; the BIOS network boot's figure is printed above).
netboot_against_cd() {
	local tx0 secs typed hex
	tx0=$(a_tx)
	power_on_b uefi
	stage "network boot menu from A (UEFI)" "Xen Live.*from $A" 400 && b_up &&
		ok "A finds B" A "/mnt/xlt/dom0.sh wait-peer $B 300" 320 || return 1
	secs=$((SECONDS - B_ON))
	echo "BENCH netboot power-on to pool member (UEFI, from the network): $secs s; A sent $(( ($(a_tx) - tx0) / 1048576 )) MiB"
	on A "xenlive-pool list --batch | grep -q '^host $B .* lost ' || sleep 25" 60 >/dev/null
	use B
	no_fatal_output
	console_stop
	B_ON=$SECONDS
	console_start "$out/B-cd" --iso "$iso" --memory "$memory_b" --lan "connect:$port" \
		--mac 52:54:00:12:34:0b --firmware uefi --cpus "$cpus"
	stage "GRUB menu (CD)" 'Xen Live' 240 || return 1
	# The pool's secret typed into GRUB's entry editor, in hex (a user
	# types xenlive.pool=SECRET); the typing is not counted.
	hex=$(printf '%s' "$secret" | od -An -tx1 | tr -d ' \n')
	typed=$SECONDS
	grub_add_option "xenlive.poolhex=$hex"
	typed=$((SECONDS - typed))
	stage "autologin root shell (CD)" 'root@xenlive:~# ' 900 &&
		ok "A finds B (booted from the CD)" A "/mnt/xlt/dom0.sh wait-peer $B 300" 320 || return 1
	echo "BENCH CD power-on to pool member (UEFI, from the CD): $((SECONDS - B_ON - typed)) s (the secret's typing, ${typed} s, left out)"
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

# netboot_bench: power-on to pool member of B from the network (BIOS, then
# UEFI) and from the CD, with no migration.
netboot_bench() {
	local tx0
	boot_a || return 1
	ok "join" A "xenlive-pool join - </mnt/xlt/secret" 60 && ok "serve" A "xenlive-pool serve" 120 || return 1
	tx0=$(a_tx)
	power_on_b bios
	stage "network boot menu from A (BIOS)" "Xen Live.*from $A" 300 && b_up &&
		ok "A finds B" A "/mnt/xlt/dom0.sh wait-peer $B 300" 320 || return 1
	echo "BENCH netboot power-on to pool member (BIOS, from the network): $((SECONDS - B_ON)) s; A sent $(( ($(a_tx) - tx0) / 1048576 )) MiB"
	netboot_against_cd
}

if [ "$bench" = netboot ]; then netboot_bench || true; else pool_tests || true; fi
for m in A B; do
	use "$m"
	no_fatal_output
done
report_summary
