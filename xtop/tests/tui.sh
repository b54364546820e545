#!/bin/bash
# shellcheck disable=SC2154  # out, work, check, ... come from run.sh
# Sourced by run.sh: drives the interactive screen in tmux with the fake
# backend and asserts on capture-pane text.
set -eu

tui_scenario="$work/tui-scenario"
cat >"$tui_scenario" <<'SCEN'
host cpus=4 memory=16384 free=12000 version=4.17-test noise=1
domain 0 Domain-0 vcpus=4 memory=2048 maxmem=none load=0.30
domain 1 web-frontend-with-a-rather-long-name vcpus=2 memory=512 load=1.20 net_rx=150000
domain 2 db vcpus=2 memory=1024 load=0.60 blk_rd=2000000
domain 3 temp vcpus=1 memory=256 load=0.10 from=4 until=12 gone=crash
SCEN
# The same without the domain that comes and goes: for tests that read the
# status line, which its "temp crashed" would take at a moment of its own.
tui_calm_scenario="$work/tui-calm-scenario"
grep -v '^domain 3 temp ' "$tui_scenario" >"$tui_calm_scenario"
tui_record="$work/tui-record"
tui_bin="$out/gcc/xtop"
sock="xtop-test-$$"

tm() { tmux -L "$sock" "$@"; }
# Each session keeps its settings (xtoprc) in a directory of its own, so one
# test's sort order or CPU% mode never carries into the next; the tmux
# server started for the session inherits it.
tui_seed_config=""    # a settings file for the next session to start with
fresh_config() {
	# mktemp, not a counter: each test runs in a subshell of its own.
	XDG_CONFIG_HOME=$(mktemp -d "$work/tui-config.XXXXXX")
	export XDG_CONFIG_HOME
	if [ -n "$tui_seed_config" ]; then
		mkdir -p "$XDG_CONFIG_HOME/xtop"
		printf '%s' "$tui_seed_config" >"$XDG_CONFIG_HOME/xtop/xtoprc"
	fi
}
screen() { tm capture-pane -p -t xt; }
# wait_for PATTERN [SECONDS]: until the screen shows PATTERN (grep -E).
wait_for() {
	local i
	for ((i = 0; i < ${2:-6} * 10; i++)); do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.1
	done
	echo "screen never showed '$1':"
	screen
	return 1
}
wait_gone() {
	local i
	for ((i = 0; i < ${2:-6} * 10; i++)); do
		screen | grep -Eq -- "$1" || return 0
		sleep 0.1
	done
	echo "screen still shows '$1':"
	screen
	return 1
}
keys() { tm send-keys -t xt "$@"; }
# typed TEXT: TEXT as characters, even when it starts with '-'.
typed() { tm send-keys -t xt -l -- "$1"; }
# clear_field: Backspace enough for any prefilled value.
clear_field() {
	local bs=(BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace)
	keys "${bs[@]}" "${bs[@]}" "${bs[@]}" "${bs[@]}"
}
screen_has() { screen | grep -Eq -- "$1"; }
# The screen as one line, so a sentence wrapped over lines reads whole.
screen_joined() { screen | tr '\n' ' ' | tr -s ' '; }
wait_for_text() {
	local i
	for ((i = 0; i < ${2:-6} * 10; i++)); do
		screen_joined | grep -Fq -- "$1" && return 0
		sleep 0.1
	done
	echo "screen never showed '$1':"
	screen
	return 1
}
# mouse BUTTON X Y: xterm's (X10) report of a press at column X, row Y
# (from 0), and for the first button (0) its release; 64 and 65 are the
# wheel.  tmux's mouse option is off, so the bytes reach xtop.
hexbyte() { printf '%x' "$1"; }
mouse() {
	keys -H 1b 5b 4d "$(hexbyte $((32 + $1)))" "$(hexbyte $((33 + $2)))" "$(hexbyte $((33 + $3)))"
	if [ "$1" -eq 0 ]; then
		keys -H 1b 5b 4d 23 "$(hexbyte $((33 + $2)))" "$(hexbyte $((33 + $3)))"
	fi
}
# column_of TEXT: the screen column where the column titles show TEXT.
column_of() {
	local line
	line=$(screen | grep -m 1 '^NAME')
	line=${line%%"$1"*}
	echo "${#line}"
}

# start_tui [PREFIX...]: xtop in a 120x30 tmux pane; the pane then shows
# "XTOP-EXIT=<status>" when it quits.
start_tui() {
	tm kill-server 2>/dev/null || true
	: >"$tui_record"
	local cmd
	cmd=$(printf '%q ' "$@" "$tui_bin" --fake-script "$tui_scenario" --fake-record "$tui_record" \
		--catalog "$cat_dir" --save-dir "$work/tui-saved" -d 0.2)
	fresh_config
	tm new-session -d -s xt -x 120 -y 30 "env LANG=C.UTF-8 $cmd; echo XTOP-EXIT=\$?; sleep 60"
	wait_for '^Domain-0 '
}
stop_tui() { tm kill-server 2>/dev/null || true; }

# The domain rows, names only, in screen order.
row_names() { screen | awk '/^NAME/{t=1; next} t && NF > 3 && $2 ~ /^[0-9]+$/ {print $1}'; }

tui_rows() {
	start_tui
	wait_for '^web-frontend-with-a-rather-long-name +1 '   # full name, not cut to 10
	wait_for '^db +2 '
	wait_for '^temp +3 ' 5
	wait_gone '^temp +3 ' 5
	wait_for 'temp crashed; its console output is kept in /var/log/xen/console/guest-temp.log' 2
	screen | grep -q '^xtop - Xen 4.17-test'
	# stderr never lands raw: at most the footer quotes its last line once.
	[ "$(screen | grep -c 'fake-libxenstat')" -le 1 ]
	not screen_has '^fake-libxenstat' 
	screen | head -n 1 | grep -q '^xtop - Xen'
}
check_steps "TUI: rows appear and vanish, full names, stderr kept off the screen" tui_rows

tui_sort() {
	keys N
	sleep 0.5
	[ "$(row_names | tr '\n' ' ')" = "db Domain-0 web-frontend-with-a-rather-long-name " ] || { row_names; return 1; }
	keys N   # again: reversed
	sleep 0.5
	[ "$(row_names | head -n 1)" = web-frontend-with-a-rather-long-name ]
	keys C   # CPU, biggest first
	sleep 0.5
	[ "$(row_names | tr '\n' ' ')" = "web-frontend-with-a-rather-long-name db Domain-0 " ] || { row_names; return 1; }
	screen | grep -q 'sort CPU% v'
	keys r
	sleep 0.5
	[ "$(row_names | head -n 1)" = Domain-0 ]
}
check_steps "TUI: sorting by name and CPU, reverse" tui_sort

tui_filter() {
	keys / w e b
	wait_for 'Filter by name: web_'
	keys Enter
	sleep 0.5
	[ "$(row_names)" = web-frontend-with-a-rather-long-name ] || { row_names; return 1; }
	screen | grep -q 'filter: web'
	sleep 0.3
	keys Escape
	wait_for '^db '
}
check_steps "TUI: / filters by name, Esc clears" tui_filter

tui_help() {
	keys h
	wait_for 'xtop help'
	screen | grep -Eq 's shut down   D or F9 destroy +│'
	screen | grep -q '(both ask: y yes, A yes and no more questions this session)'
	screen | grep -q 'xenlive-report in a shell'
	keys x
	wait_gone 'xtop help'
}
check_steps "TUI: help screen opens and closes" tui_help

# htop's keys: F1 help, F3 search, F4 filter, F6 sort menu (the columns
# on screen only), F9 destroy (asks), and a key that does nothing says so.
tui_fkeys() {
	keys F1
	wait_for 'xtop help'
	keys Escape
	wait_gone 'xtop help'
	keys g F3 d b
	wait_for 'Search: db_'
	keys Enter
	wait_gone 'Search:'
	keys a   # the actions menu's title is the selected row's name
	wait_for '─ db ─'
	keys Escape
	keys g F3    # F3 with the text from last time: the next row with it
	wait_for 'Search: db_'
	keys Enter a
	wait_for '─ db ─'
	keys Escape
	keys F3 BSpace BSpace x y z
	wait_for 'Search: xyz_ +no name has it'
	# Like every field, a key that cannot go in says why: here, full.
	typed "$(printf '%061d' 0 | tr 0 x)"
	wait_for '\(full at 63 characters: Backspace to correct it\) Search: xyzx+'
	keys Escape
	keys F4
	wait_for 'Filter by name: _'
	keys Escape
	wait_gone 'Filter by name'
	keys / d b Enter
	sleep 0.3
	keys F9
	wait_for 'Destroy db \(id 2\)\?'
	keys n
	wait_for 'not destroyed'
	not file_has 'destroy db' "$tui_record"
	keys Escape
	keys F7
	wait_for 'F7 does nothing here; h for help'
	keys z
	wait_for 'z does nothing here; h for help'
	keys F6
	wait_for 'Sort by'
	screen | grep -q '│ NETTX/s'      # on screen at 120 columns, so offered
	not screen_has '│ BLKRD/s'        # off screen, so not
	keys Home Enter
	wait_for 'sort NAME \^'
	keys F6 Enter   # the current column again: the other way
	wait_for 'sort NAME v'
	[ "$(row_names | tr '\n' ' ')" = "web-frontend-with-a-rather-long-name Domain-0 db " ] || { row_names; return 1; }
}
check_steps "TUI: F1 help, F3 search, F4 filter, F6 sort menu of the columns shown, F9 destroy asks; idle keys say so" tui_fkeys

# < and > go through the columns on screen only: at 40 columns, with the
# long name, NAME, CPU% and MEM.
tui_sort_visible() {
	tm resize-window -t xt -x 40 -y 10
	wait_for '^NAME[v^]? +CPU%[v^]? +MEM[v^]?$'
	local i
	for i in 1 2 3 4 5 6 7; do
		keys '>'
		sleep 0.2
		screen | grep -Eq '^NAME[v^]? +CPU%[v^]? +MEM[v^]?$' || { screen; return 1; }
		screen | grep '^NAME' | grep -Eq '[v^]' || { screen; return 1; }
	done
	keys '<'
	sleep 0.2
	screen | grep '^NAME' | grep -Eq '[v^]' || { screen; return 1; }
	tm resize-window -t xt -x 120 -y 30
	wait_for '^xtop - Xen'
	keys N
}
check_steps "TUI: < and > sort by the columns on screen only" tui_sort_visible

# The mouse (xterm reports): a click selects a row, a click on a column
# title sorts by it (again: the other way), a click on the key bar
# presses that key.
tui_mouse() {
	wait_for '^web-frontend'
	mouse 0 3 6      # the second row (by name: db, Domain-0, web-...)
	keys a
	wait_for '─ Domain-0 ─'
	keys Escape
	mouse 0 "$(column_of CPU%)" 4
	wait_for 'sort CPU% v'
	[ "$(row_names | head -n 1)" = web-frontend-with-a-rather-long-name ] || { row_names; return 1; }
	mouse 0 "$(column_of CPU%)" 4
	wait_for 'sort CPU% \^'
	wait_for '^F1Help' 6   # a message, while it shows, takes the key bar's place
	mouse 0 1 29     # F1Help on the key bar
	wait_for 'xtop help'
	mouse 0 1 29     # a click closes help
	wait_gone 'xtop help'
	local bar
	bar=$(screen | tail -n 1)
	bar=${bar%%F6Sort*}
	mouse 0 "$((${#bar} + 1))" 29
	wait_for 'Sort by'
	keys Escape
	wait_gone 'Sort by'
	keys N
}
check_steps "TUI: mouse: a click selects a row, sorts by a column title, presses a key-bar key" tui_mouse

tui_launch() {
	: >"$tui_record"
	keys n
	wait_for 'Launch guests'
	screen | grep -q 'Debian 12 (bookworm)'
	wait_for 'room for [0-9]+ more of 256 MiB'   # centos sorts first: 256 MiB
	keys Down
	wait_for 'room for [0-9]+ more of 128 MiB'
	keys Tab Tab Tab BSpace 2 Enter
	wait_for '^debian-1 '
	wait_for '^debian-2 '
	wait_for 'launched debian-1, debian-2'
	grep -qx "create debian-1 memory=128 vcpus=1" "$tui_record"
	grep -qx "create debian-2 memory=128 vcpus=1" "$tui_record"
}
check_steps "TUI: launch dialog creates through the backend and new rows appear" tui_launch

tui_launch_refused() {
	: >"$tui_record"
	keys n
	wait_for 'Launch guests'
	keys Tab BSpace BSpace BSpace 9 9 9 9 9 Enter
	wait_for 'not enough memory: the guest needs'
	keys Escape
	wait_gone 'Launch guests'
	not file_has create "$tui_record"
}
check_steps "TUI: launch refused when it does not fit" tui_launch_refused

tui_pause_destroy() {
	keys / d e b i a n - 2
	sleep 0.3
	keys Enter
	sleep 0.5
	[ "$(row_names)" = debian-2 ] || { row_names; return 1; }
	keys p
	wait_for '^debian-2 +[0-9]+ ----p-'
	grep -qx 'pause debian-2' "$tui_record"
	keys D
	wait_for 'Destroy debian-2 \(id [0-9]+\)\?'
	keys n
	wait_for 'not destroyed'
	not file_has 'destroy debian-2' "$tui_record"
	keys D
	wait_for 'Destroy debian-2'
	keys y
	wait_gone '^debian-2 '
	grep -qx 'destroy debian-2' "$tui_record"
	keys Escape
	sleep 0.3
	keys I   # by id: Domain-0 first; it refuses destructive keys
	sleep 0.3
	keys g
	sleep 0.3
	keys D
	wait_for 'control domain'
}
check_steps "TUI: pause, destroy after confirmation, Domain-0 protected" tui_pause_destroy

tui_resize() {
	tm resize-window -t xt -x 40 -y 10
	wait_for '^NAME +CPU% +MEM'
	wait_for '^web-frontend-with-a-r.*… +[0-9.]+ +512M'
	[ "$(screen | sed 's/…/~/g' | awk 'length > 40' | wc -l)" -eq 0 ]
	tm resize-window -t xt -x 120 -y 30
	wait_for '^web-frontend-with-a-rather-long-name +1 '
	wait_for '^xtop - Xen'
}
check_steps "TUI: resize to 40x10 and back" tui_resize

tui_console() {
	keys g   # still sorted by id: Domain-0
	sleep 0.3
	keys c
	wait_for 'fake console for Domain-0'
	keys Enter
	wait_for '^Domain-0 '
	wait_for '^xtop - Xen'
}
check_steps "TUI: console leaves curses and comes back" tui_console

# The domain menu and its dialogs on db (2 vCPUs, 1024 MiB, maxmem 1024):
# each bad value gets its sentence and the dialog stays; good ones reach
# the backend and show in the row within a refresh.
tui_control() {
	keys / d b Enter
	sleep 0.3
	keys o
	wait_for 'WEIGHT +CAP +TARGET'
	wait_for '^db +2 .* 256 +none +1.0G'
	keys a   # the actions menu (Enter opens the domain page)
	wait_for 'CPU weight and cap'
	keys w
	wait_for 'CPU weight and cap: db'
	keys Tab BSpace 5 0 0 Enter
	wait_for 'cap 500 is out of range: choose 0 \(no cap\) to 200'
	not file_has '^sched' "$tui_record"
	keys BSpace BSpace BSpace 5 0 Enter
	wait_for 'db: weight 256, cap 50'
	wait_for '^db +2 .* 256 +50%'
	grep -qx 'sched db weight=256 cap=50' "$tui_record"
	keys m
	wait_for 'Memory target: db'
	keys BSpace BSpace BSpace BSpace 4 0 9 6 Enter
	wait_for 'memory 4096 MiB is out of range for db: choose 1 to 1024 MiB'
	keys BSpace BSpace BSpace BSpace 5 1 2 Enter
	wait_for '^db +2 .* 512M'
	grep -qx 'mem-set db 512' "$tui_record"
	keys v
	wait_for 'vCPUs online: db'
	keys BSpace 0 Enter
	wait_for '0 vCPUs is out of range for db: choose 1 to 2'
	keys BSpace 1 Enter
	wait_for '^db +2 +[^ ]+ +PVH +[0-9.-]+ +1/2 '
	grep -qx 'vcpu-set db 1' "$tui_record"
	keys L
	wait_for 'Live migration: db'
	keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace - x Enter
	wait_for "'-x' is not a host name"
	keys Escape
	keys S
	wait_for '^db +- +saved .* [0-9.]+[BKMG] +[0-9.]+[BKMG] '   # no id, sizes with units
	[ -s "$work/tui-saved/db.save" ]
	grep -q '^save db ' "$tui_record"
	keys p
	wait_for 'db is saved, not running: restore it first'
	keys R
	wait_for 'restored db: it runs on where it stopped'
	wait_for '^db +[0-9]+ +-----r'
	[ ! -e "$work/tui-saved/db.save" ]
	grep -qx 'restore db' "$tui_record"
	keys L
	wait_for 'Live migration: db'
	keys Enter
	wait_for 'migrated db to localhost'
	grep -qx 'migrate db localhost' "$tui_record"
	# Workloads: the CPU burner shows in db's CPU% within a refresh.
	keys x
	wait_for 'db: workloads'
	keys c
	wait_for 'db: CPU burner running'
	grep -qx 'workload db cpu' "$tui_record"
	wait_for '^db +[0-9]+ +-----r +PVH +200\.0 '
	keys x h
	wait_for 'HTTP load: db'
	keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace \
		BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace \
		BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
	keys n o s u c h Enter
	wait_for 'cannot find the address of nosuch'
	keys x s
	wait_for 'db: every workload stopped'
	grep -qx 'workload db stop' "$tui_record"
	keys o Escape
	wait_gone 'WEIGHT'
}
check_steps "TUI: domain menu; weight/cap, memory, vCPUs with bad values refused; save, restore, migrate" tui_control

# A pool (xenlive-pool): each host's free memory and guests under the
# table; "migrate to" offers the first peer; a peer short of memory or not
# heard from is refused in one sentence; a migration moves the guest into
# the peer's list.
tui_pool() {
	local scen=$work/tui-pool-scenario saved=$tui_scenario
	cat >"$scen" <<'SCEN'
host cpus=4 memory=16384 free=12000 version=4.17-test
domain 0 Domain-0 vcpus=4 memory=2048 maxmem=none load=0.30
domain 5 mig-1 vcpus=1 memory=28 load=0.01 type=pvh
domain 6 big vcpus=1 memory=4096 load=0.01 type=pvh
pool host xenlive-340a 169.254.1.10 11900 self 2
pool domain xenlive-340a mig-1 28 1 -b----
pool domain xenlive-340a big 4096 1 -b----
pool host xenlive-340b 169.254.1.11 900 up 1
pool domain xenlive-340b web-9 128 1 -b----
pool host xenlive-340c 169.254.1.12 5000 lost 0
SCEN
	tui_scenario=$scen
	# A server being killed still holds the socket for a moment: a new
	# session then meets "server exited unexpectedly".
	stop_tui
	sleep 0.5
	start_tui
	tui_scenario=$saved
	wait_for '^POOL HOST +ADDRESS +FREE +STATE +GUESTS'
	wait_for '^ +xenlive-340a +169\.254\.1\.10 +12G +this +mig-1, big'
	wait_for '^ +xenlive-340b +169\.254\.1\.11 +900M +up +web-9$'
	wait_for '^ +xenlive-340c +169\.254\.1\.12 +4\.9G +lost +-$'
	keys / b i g Enter
	sleep 0.3
	keys a
	wait_for 'L  migrate to \.\.\. \(live\)'
	keys L
	wait_for 'Live migration: big'
	wait_for 'Host +\[xenlive-340b +\]'
	wait_for 'pool: xenlive-340b \(900 MiB free\), xenlive-340c \(lost\); or localhost'
	keys Enter
	wait_for 'xenlive-340b has 900 MiB free and big needs 4098 MiB; free memory there first'
	keys L
	wait_for 'Live migration: big'
	keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
	keys x e n l i v e - 3 4 0 c Enter
	wait_for 'xenlive-340c has not been heard from lately'
	not file_has '^migrate' "$tui_record"
	keys Escape
	keys / m i g Enter
	sleep 0.3
	keys L
	wait_for 'Live migration: mig-1'
	keys Enter
	wait_for 'migrated mig-1 to xenlive-340b'
	grep -qx 'migrate mig-1 xenlive-340b' "$tui_record"
	wait_for '^ +xenlive-340b +169\.254\.1\.11 +870M +up +web-9, mig-1$'
	wait_gone '^mig-1 +5 '
}
check_steps "TUI: pool hosts with free memory and guests; migrate to a peer, refused when short of memory or lost" tui_pool

# P: join a pool by its secret, typed as stars; a short one is refused in
# one sentence; the secret reaches the backend on stdin, never the screen.
tui_pool_join() {
	stop_tui
	sleep 0.5
	start_tui
	keys P
	wait_for 'Join a pool - its secret'
	keys s h o r t Enter
	wait_for 'the secret must be 8 to 63 printable characters without spaces'
	not file_has '^pool-join' "$tui_record"
	keys P
	keys p o o l - s e c r e t - 1
	wait_for 'Join a pool - its secret .*: \*{13}_'
	not screen_has 'pool-secret-1'
	keys Enter
	wait_for 'joining the pool: its hosts show under the table'
	grep -qx 'pool-join 13' "$tui_record"
	wait_for '^ +xenlive-0000 +169\.254\.0\.1 +[0-9.]+[MG] +this +-$'
	keys P Enter
	wait_for 'this host is in a pool already'
}
check_steps "TUI: P joins a pool (secret shown as stars, short one refused), then the pool shows" tui_pool_join

# B: serve Xen Live to the LAN (xenlive-pool serve).  The pool panel says
# whether it serves; starting asks every time (it answers other PCs' network
# boot; A does not count), stopping does not; the tool's line shows in the
# message line, a refusal's sentence too.
tui_pool_serve() {
	local scen=$work/tui-serve-scenario saved=$tui_scenario
	cat >"$scen" <<'SCEN'
host cpus=4 memory=16384 free=12000 version=4.17-test
domain 0 Domain-0 vcpus=4 memory=2048 maxmem=none load=0.30
pool host xenlive-340a 169.254.1.10 11900 self 0
pool host xenlive-340b 169.254.1.11 900 up 0
SCEN
	tui_scenario=$scen
	stop_tui
	sleep 0.5
	start_tui
	wait_for '^Not serving: press B to boot other PCs of this LAN from this machine$'
	wait_for 'F10Quit +BServe'
	keys B
	wait_for 'Serve Xen Live to the network'
	wait_for 'Boot other PCs of this LAN from this machine\?'
	wait_for 'It answers network boot \(PXE, DHCP\) requests on this LAN'
	not screen_has 'A yes'
	keys n
	wait_for 'not serving'
	keys B
	wait_for 'Boot other PCs of this LAN'
	keys A
	wait_gone 'Boot other PCs of this LAN'
	not file_has '^pool-serve' "$tui_record"
	keys B
	wait_for 'Boot other PCs of this LAN'
	keys y
	wait_for 'serving on enp0s3 \(169\.254\.1\.10\): full DHCP, no DHCP server on this segment'
	wait_for '^Serving Xen Live to the network on enp0s3 \(169\.254\.1\.10, full DHCP\); B stops$'
	grep -qx 'pool-serve start' "$tui_record"
	keys B
	wait_for 'stopped serving Xen Live to the network'
	wait_for '^Not serving: press B'
	not screen_has 'Boot other PCs of this LAN'
	grep -qx 'pool-serve stop' "$tui_record"

	# Serving from the start, as a proxy beside the LAN's DHCP server; a
	# new start refused in the tool's sentence.
	printf '%s\n' 'pool serve enp0s8 10.0.2.15 proxy' 'fail pool-serve -' >>"$scen"
	stop_tui
	sleep 0.5
	start_tui
	tui_scenario=$saved
	wait_for '^Serving Xen Live to the network on enp0s8 \(10\.0\.2\.15, proxy DHCP\); B stops$'
	keys B
	wait_for '^Not serving: press B'
	keys B
	wait_for 'Boot other PCs of this LAN'
	keys y
	wait_for 'another network boot server answers on enp0s3 \(10\.0\.2\.4\); two would race for the same PCs'
	screen_has '^Not serving: press B'
	not file_has '^pool-serve start' "$tui_record"
}
check_steps "TUI: B serves Xen Live to the LAN from the pool panel (asks first), B again stops; a refusal's sentence shows" tui_pool_serve

# Numbers as people type them, in every numeric field: "1G" is 1024 MiB;
# "1x", "-5", "1.5" (where only whole numbers make sense), nothing and
# an overflow each get one sentence naming the form and the range, and no
# action reaches the backend.
tui_numbers() {
	local bad saved=$tui_scenario
	stop_tui
	sleep 0.5
	tui_scenario=$tui_calm_scenario     # its sentences are read from the status line
	start_tui
	tui_scenario=$saved
	keys / d b Enter
	sleep 0.3
	keys m
	wait_for 'Memory target: db'
	wait_for 'from 1 to 1024 MiB \(maxmem\); now 1024 MiB; or with a unit \(1\.5G\)'
	for bad in 1x -5 1.5 '' 99999999999999999999999 1000K; do
		clear_field
		[ -z "$bad" ] || typed "$bad"
		wait_for "Target \(MiB\) +\[${bad//./\\.} *\]"   # every character stays in the field
		keys Enter
		if [ -z "$bad" ]; then
			wait_for 'memory target is empty: give whole MiB from 1 to 1024, or a size'
		else
			wait_for "invalid memory target '${bad:0:20}[^']*': give whole MiB"
		fi
	done
	clear_field
	typed 4G
	keys Enter
	wait_for 'memory 4096 MiB is out of range for db: choose 1 to 1024 MiB'
	not file_has '^mem-set' "$tui_record"
	clear_field
	typed 0.5G
	keys Enter
	wait_for 'db: memory target 512 MiB'
	grep -qx 'mem-set db 512' "$tui_record"
	keys m
	wait_for 'Memory target: db'
	clear_field
	typed 1G
	keys Enter
	wait_for 'db: memory target 1024 MiB'
	grep -qx 'mem-set db 1024' "$tui_record"

	# Weight and cap, vCPUs: whole numbers only.
	: >"$tui_record"
	keys w
	wait_for 'CPU weight and cap: db'
	for bad in 1.5 -5 '' 99999999999999999999999; do
		clear_field
		[ -z "$bad" ] || typed "$bad"
		keys Enter
		if [ -z "$bad" ]; then
			wait_for 'weight is empty: give a whole number from 1 to 65535'
		else
			wait_for "invalid weight '${bad:0:20}[^']*': give a whole number"
		fi
	done
	clear_field
	typed 256
	keys Tab
	clear_field
	typed -1
	keys Enter
	wait_for "invalid cap '-1': give a whole number from 0 to 200"
	keys Escape
	keys v
	wait_for 'vCPUs online: db'
	clear_field
	typed 1.5
	keys Enter
	wait_for "invalid vCPU count '1\.5': give a whole number from 1 to 2"
	# A full field refuses the key in a sentence, and Enter waits for a fix.
	clear_field
	typed 1111111111111111111111111111111111111111111111111111111111111111
	wait_for 'the field is full \(63 characters\): Backspace to correct it'
	keys Enter
	sleep 0.3
	screen_has 'vCPUs online: db'
	screen_has 'the field is full'
	keys Escape
	not file_has '^(sched|vcpu-set)' "$tui_record"

	# Domain-0 keeps a floor; above it, units too.
	keys Escape /
	typed Domain-0
	keys Enter
	sleep 0.3
	keys m
	wait_for 'Memory target: Domain-0'
	wait_for 'from 256 MiB \(Domain-0 keeps that\), no maxmem'
	clear_field
	typed 128
	keys Enter
	wait_for 'Domain-0 keeps at least 256 MiB \(xl, xtop and the guests'"'"' device'
	wait_for 'models run there\): choose 256 to 16777216 MiB'
	not file_has '^mem-set' "$tui_record"
	clear_field
	typed 1G
	keys Enter
	wait_for 'Domain-0: memory target 1024 MiB'
	grep -qx 'mem-set Domain-0 1024' "$tui_record"

	# The launch dialog: memory, vCPUs and count.
	: >"$tui_record"
	keys n
	wait_for 'Launch guests'
	keys Down   # debian
	wait_for '> debian '
	keys Tab
	for bad in 1x -5 1.5 '' 99999999999999999999; do
		clear_field
		[ -z "$bad" ] || typed "$bad"
		keys Enter
		if [ -z "$bad" ]; then
			wait_for 'memory is empty: give whole MiB from 1 to 16777216'
		else
			wait_for "invalid memory '${bad:0:11}[^']*': give whole MiB"
		fi
	done
	clear_field
	typed 1G
	wait_for 'room for [0-9]+ more of 1024 MiB'
	keys Tab
	for bad in 1.5 -5 ''; do
		clear_field
		[ -z "$bad" ] || typed "$bad"
		keys Enter
		if [ -z "$bad" ]; then
			wait_for 'vCPU count is empty: give a whole number from 1 to 512'
		else
			wait_for "invalid vCPU count '$bad': give a whole number from 1 to 512"
		fi
	done
	clear_field
	typed 1
	keys Tab
	for bad in -5 1.5 1x 99999999999; do
		clear_field
		typed "$bad"
		keys Enter
		wait_for "invalid instance count '$bad': give a whole number"
	done
	not file_has create "$tui_record"
	clear_field
	typed 1
	keys Enter
	wait_for 'launched debian-1'
	grep -qx 'create debian-1 memory=1024 vcpus=1' "$tui_record"

	# The refresh interval: fractions and an "s"; anything else refused.
	keys d
	typed 1x
	keys Enter
	wait_for "invalid interval '1x': give seconds from 0\.1 to 3600"
	wait_for 'refresh 0\.2s'
	keys d
	typed 0.5s
	keys Enter
	wait_for 'refreshing every 0\.5 s'
	wait_for 'refresh 0\.5s'
}
check_steps "TUI: numbers as typed in every field (1G = 1024 MiB); 1x, -5, 1.5, empty, overflow refused, nothing done" tui_numbers

# Shut down asks (y/N) like destroy, from the table and the menu; pause
# does not; A answers yes and asks nothing more this session.
tui_confirm() {
	: >"$tui_record"
	keys Escape / d b Enter
	sleep 0.3
	keys p
	wait_for '^db +2 +----p-'
	grep -qx 'pause db' "$tui_record"
	not screen_has 'Shut down domain|Destroy domain'
	keys p
	wait_for '^db +2 +-----r'
	keys s
	wait_for 'Shut down db \(id 2\)\?'
	screen | grep -q 'y yes   A yes, and no more questions this session'
	keys n
	wait_for 'not shut down'
	not file_has '^shutdown' "$tui_record"
	keys a   # the actions menu
	wait_for 's  shut down \(asks first\)'
	keys s
	wait_for 'Shut down db \(id 2\)\?'
	keys y
	wait_for 'asked db to shut down'
	grep -qx 'shutdown db' "$tui_record"
	keys Escape
	keys / d e b i a n Enter
	sleep 0.3
	keys S
	wait_for '^debian-1 +- +saved'
	keys D
	wait_for 'Delete the saved image of debian-1\?'
	keys n
	wait_for 'not deleted'
	[ -s "$work/tui-saved/debian-1.save" ]
	keys D
	wait_for 'Delete the saved image of debian-1\?'
	keys y
	wait_for 'deleted the saved image of debian-1'
	[ ! -e "$work/tui-saved/debian-1.save" ]
	keys Escape / w e b Enter
	sleep 0.3
	keys D
	wait_for 'Destroy web-frontend-with-a-rather-long-name \(id 1\)\?'
	keys A
	wait_for 'destroyed web-frontend-with-a-rather-long-name; no more questions this session'
	grep -qx 'destroy web-frontend-with-a-rather-long-name' "$tui_record"
	# After A, the next guest shuts down without a question.
	keys Escape n
	wait_for 'Launch guests'
	keys Enter
	wait_for 'launched centos-1'
	keys / c e n Enter
	sleep 0.3
	keys s
	wait_for 'asked centos-1 to shut down'
	not screen_has 'Shut down domain'
	grep -qx 'shutdown centos-1' "$tui_record"
	keys Escape
}
check_steps "TUI: shut down and deleting a saved image ask y/N (table and menu), pause does not; A stops the questions" tui_confirm

tui_quit() {
	keys q
	wait_for '^XTOP-EXIT=0$'
}
check_steps "TUI: q quits with status 0 and restores the terminal" tui_quit
stop_tui

# The BIOS text console: 80x25.  Nothing of the header or key bar is cut,
# the essential columns stay, the --hint wraps into two lines above the
# key bar, and Ctrl-L repaints what something else wrote over the screen.
tui_console_80x25() {
	tm kill-server 2>/dev/null || true
	fresh_config
	tm new-session -d -s xt -x 80 -y 25 \
		"env LANG=C.UTF-8 $(printf %q "$out/gcc/xtop") --fake-script $(printf %q "$tui_scenario") -d 0.3 --no-color --hint 'Xen Live: this is Domain-0, the control domain. n starts a guest, c shows its console (Ctrl-] comes back), Alt-F2 opens a shell.'; echo XTOP-EXIT=\$?; sleep 60"
	wait_for '^db '
	screen | grep -Eq '^Domains [0-9]+: .* sort ID \^ *$'
	screen | grep -Eq '^NAME +ID\^ +STATE +TYPE +CPU%.* MEM '
	screen | grep -Eq '^web-frontend-with-a-rath[^ ]*… +1 +[-a-z]{6} '
	screen | tail -n 1 | grep -Eq '^F1Help nNew EnterDetail pPause F9Destroy cConsole F4Filter F6Sort dDelay F10Quit *$'
	screen | tail -n 3 | head -n 1 | grep -q 'Xen Live: this is Domain-0'
	screen | tail -n 2 | head -n 1 | grep -q 'Alt-F2 opens a shell'
	[ "$(screen | sed 's/[▁▂▃▄▅▆▇█▏▎▍▌▋▊▉…]/~/g' | awk 'length > 80' | wc -l)" -eq 0 ]
	# Something writes over the screen behind curses' back (as the kernel
	# once did on tty1); Ctrl-L brings back every line.
	local tty
	tty=$(tm display-message -p -t xt '#{pane_tty}')
	printf '\033[5;1H[   12.345678] xenbr0: port 1(vif1.0) entered blocking state\n' >"$tty"
	wait_for '12\.345678'
	keys C-l
	wait_gone '12\.345678'
	screen | grep -Eq '^NAME +ID\^'
	# Without colour the selection is in reverse video.
	keys j
	sleep 0.3
	tm capture-pane -e -p -t xt | grep -q $'^\e\\[7mweb-frontend'
	keys q
	wait_for '^XTOP-EXIT=0$'
	stop_tui
	sleep 0.5   # let the server go before the next test starts one
}
check_steps "TUI: 80x25 keeps header, columns and key bar; hint above the keys; Ctrl-L repaints" tui_console_80x25

tui_ascii() {
	tm kill-server 2>/dev/null || true
	fresh_config
	tm new-session -d -s xt -x 100 -y 20 \
		"env LANG=C LC_ALL=C $(printf %q "$out/gcc/xtop") --fake-script $(printf %q "$tui_scenario") --catalog /nonexistent -d 0.2 --no-color; echo XTOP-EXIT=\$?; sleep 60"
	wait_for '^Domain-0 '
	sleep 1
	not screen_has '[▁▂▃▄▅▆▇█…]'
	screen | grep -Eq '^db .*[-.:=+*#@]+ *$'
	keys n
	wait_for 'cannot open the guest catalogue /nonexistent'
	keys Escape q
	wait_for '^XTOP-EXIT=0$'
	stop_tui
}
check_steps "TUI: non-UTF-8 locale uses ASCII; missing catalogue explained" tui_ascii

# A PC with VT-x/AMD-V off: the header says PV only, the launch dialog
# marks the PVH image and refuses it in one sentence, creating nothing.
tui_pv_only() {
	sed '1s/$/ guests=pv/' "$tui_scenario" >"$work/tui-scenario-pv-only"
	mkdir -p "$work/cat-pvh"
	cp "$cat_dir"/*.conf "$work/cat-pvh/"
	sed 's/^name = debian /name = debian-pvh /; $a type = pvh' "$cat_dir/debian.conf" >"$work/cat-pvh/debian-pvh.conf"
	: >"$tui_record"
	tm kill-server 2>/dev/null || true
	fresh_config
	tm new-session -d -s xt -x 100 -y 30 \
		"env LANG=C.UTF-8 $(printf '%q ' "$out/gcc/xtop" --fake-script "$work/tui-scenario-pv-only" --fake-record "$tui_record" --catalog "$work/cat-pvh") -d 0.2; echo XTOP-EXIT=\$?; sleep 60"
	wait_for 'busy of 4 pCPUs, PV guests only \(VT-x/AMD-V off\)'
	keys n
	wait_for 'debian-pvh .* - not on this PC'
	wait_for 'PV guests only: VT-x/AMD-V is off in the firmware setup'
	keys Down        # centos, debian-pvh, debian: file name order
	wait_for '> debian-pvh'
	keys Enter
	wait_for 'debian-pvh is a PVH guest, which needs the CPU'
	keys Escape
	wait_gone 'Launch guests'
	not file_has create "$tui_record"
	keys q
	wait_for '^XTOP-EXIT=0$'
	stop_tui
}
check_steps "TUI: VT-x/AMD-V off: header says PV only, a PVH image is marked and refused" tui_pv_only

# HVM: a TYPE column (PV, PVH, HVM); the launch menu offers the CD image a
# visitor's stick holds (as the media lister prints it) and boots it as an
# HVM guest from the first CD drive.
tui_hvm() {
	{ cat "$tui_scenario"; echo "domain 9 winxp memory=512 type=hvm"; } >"$work/tui-scenario-hvm"
	printf '#!/bin/sh\necho "%s"\necho /no/such.iso\n' "$media/Visitor Live.iso" >"$work/media-lister"
	chmod +x "$work/media-lister"
	: >"$tui_record"
	tm kill-server 2>/dev/null || true
	fresh_config
	tm new-session -d -s xt -x 120 -y 30 \
		"env LANG=C.UTF-8 $(printf '%q ' "$out/gcc/xtop" --fake-script "$work/tui-scenario-hvm" --fake-record "$tui_record" --catalog "$cat_dir" --media-lister "$work/media-lister" --media-config "$media/hvm-media.cfg") -d 0.2; echo XTOP-EXIT=\$?; sleep 60"
	wait_for 'TYPE'
	wait_for 'winxp +[0-9]+ +[a-z-]+ +HVM'
	wait_for 'Domain-0 +0 +[a-z-]+ +PV'
	keys n
	wait_for 'visitor-live +Visitor Live.iso \(HVM, your own medium\)'
	not screen_has 'such'
	keys Down Down   # centos, debian, then the media
	wait_for '> visitor-live'
	keys Enter
	wait_for 'launched visitor-live-1'
	grep -qF "create visitor-live-1 memory=256 vcpus=1 disk=[\"format=raw,vdev=hdc,access=ro,devtype=cdrom,target=$media/Visitor Live.iso\"]" "$tui_record"
	keys q
	wait_for '^XTOP-EXIT=0$'
	stop_tui
}
check_steps "TUI: a TYPE column; the launch menu boots a visitor's CD image as HVM" tui_hvm

# The TUI scenario's first domains, without temp (a crash message) and
# without the library's noise: numbers that stay put.
head -n 4 "$tui_scenario" | sed 's/ noise=1//' >"$work/tui-steady"

# start_alone WxH ARGS...: xtop on the fake backend in a pane of its own.
start_alone() {
	local size=$1
	shift
	tm kill-server 2>/dev/null || true
	sleep 0.3
	: >"$tui_record"
	fresh_config
	tm new-session -d -s xt -x "${size%x*}" -y "${size#*x}" \
		"env LANG=C.UTF-8 $(printf '%q ' "$out/gcc/xtop" --fake-record "$tui_record" --catalog "$cat_dir" --save-dir "$work/tui-saved" -d 0.3 "$@"); echo XTOP-EXIT=\$?; sleep 60"
}

# 60 domains: after a resize, a filter or the wheel the table fills the
# screen from the first row that keeps the selection in view.
tui_layout() {
	{
		echo "host cpus=4 memory=16384 free=12000 version=4.17-test"
		echo "domain 0 Domain-0 vcpus=4 memory=2048 maxmem=none load=0.30"
		for i in $(seq 1 59); do echo "domain $i guest-$i memory=128 load=0.01"; done
	} >"$work/tui-many"
	start_alone 100x30 --fake-script "$work/tui-many"
	wait_for '^guest-1 '
	local rows=24   # 30 lines: 4 of header, the column titles, the key bar
	[ "$(row_names | wc -l)" -eq "$rows" ] || { screen; return 1; }
	keys G
	wait_for '^guest-59 '
	tm resize-window -t xt -x 40 -y 10
	wait_for '^NAME +STATE'
	tm resize-window -t xt -x 100 -y 30
	wait_for '^xtop - Xen'
	[ "$(row_names | wc -l)" -eq "$rows" ] || { screen; return 1; }
	[ "$(row_names | tail -n 1)" = guest-59 ] || { screen; return 1; }
	keys G / g u e s t - 1
	wait_for 'Filter by name: guest-1_'
	keys Enter
	sleep 0.5
	# guest-1 and guest-10 to guest-19, all of them, not the selection alone
	[ "$(row_names | wc -l)" -eq 11 ] || { screen; return 1; }
	keys Escape
	wait_for '^guest-20 '
	[ "$(row_names | wc -l)" -eq "$rows" ] || { screen; return 1; }
	keys g
	sleep 0.3
	mouse 65 5 10   # the wheel, three rows a turn
	mouse 65 5 10
	sleep 0.5
	[ "$(row_names | head -n 1)" = guest-6 ] || { screen; return 1; }
	[ "$(row_names | wc -l)" -eq "$rows" ] || { screen; return 1; }
	mouse 64 5 10
	sleep 0.5
	[ "$(row_names | head -n 1)" = guest-3 ] || { screen; return 1; }
	keys F10
	wait_for '^XTOP-EXIT=0$'
	stop_tui
}
check_steps "TUI: after a resize, a filter or the wheel the table fills the screen; F10 quits" tui_layout

# Help uses the width there is and scrolls where it is taller than the
# terminal.
tui_help_sizes() {
	start_alone 200x60 --fake-script "$work/tui-steady"
	wait_for '^Domain-0 '
	keys h
	wait_for 'xtop help'
	screen | grep -q 'click a row to select it, a column title to sort by it (again: reverse), *│'
	screen | grep -q 'Keys never shorten it'
	screen | grep -q 'Press any key to return'
	tm resize-window -t xt -x 80 -y 24
	wait_for 'lines 1-21 of [0-9]+: Up/Down/PgUp/PgDn scroll'
	not screen_has 'Keys never shorten it'
	[ "$(screen | sed 's/[─│┌┐└┘…▁▂▃▄▅▆▇█]/~/g' | awk 'length > 80' | wc -l)" -eq 0 ]
	keys PgDn
	wait_for 'Keys never shorten it'
	not screen_has '^ *│ Moving '
	keys Up Up Home
	wait_for 'lines 1-21 of'
	keys End
	wait_for 'Keys never shorten it'
	keys x
	wait_gone 'xtop help'
	keys q
	wait_for '^XTOP-EXIT=0$'
	stop_tui
}
check_steps "TUI: help uses the width at 200x60 and scrolls at 80x24" tui_help_sizes

# Small terminals: a dialog that cannot be drawn does not open, says so
# in one sentence, and nothing launches; a message longer than the
# screen is wide shows whole above the key bar, and l shows it again.
tui_small() {
	start_alone 40x10 --fake-script "$work/tui-steady"
	wait_for '^Domain-0 '
	keys n
	wait_for_text 'the launch dialog needs 62x14 and this terminal is 40x10: enlarge it'
	screen | tail -n 1 | grep -q '^F1Help'
	keys Enter Enter   # the domain page and its action menu, not a launch
	sleep 0.5
	not screen_has 'Launch guests'
	keys Escape Escape
	keys o
	wait_for_text 'showing WEIGHT, CAP and TARGET (o hides them)'
	wait_gone 'o hides' 6
	keys l
	wait_for_text 'showing WEIGHT, CAP and TARGET (o hides them)'
	# The questions and the value dialogs refuse the same way, and the
	# keys that would have answered them act on nothing.
	keys j s
	wait_for_text 'the shut down question needs 62x7 and this terminal is 40x10: enlarge it'
	keys y
	wait_for_text 'y does nothing here'
	keys D
	wait_for_text 'the destroy question needs 53x7 and this terminal is 40x10: enlarge it'
	keys A
	wait_for_text 'A does nothing here'
	keys m
	wait_for_text 'the dialog needs 60x11 and this terminal is 40x10: enlarge it'
	keys 1 Enter
	sleep 0.5
	not screen_has 'Shut down domain|Destroy domain|Memory target'
	keys Escape        # Enter opened the domain page
	not file_has '^(shutdown|destroy|mem-set)' "$tui_record"
	keys s
	wait_for_text 'the shut down question needs'
	tm resize-window -t xt -x 80 -y 24
	wait_for '^xtop - Xen'
	keys s
	wait_for 'Shut down web-frontend-with-a-rather-long-name \(id 1\)\?'
	keys n
	wait_for 'not shut down'
	not file_has '^shutdown' "$tui_record"
	keys q
	wait_for '^XTOP-EXIT=0$'
	start_alone 20x5 --fake-script "$work/tui-steady"
	wait_for '^xtop '
	keys n
	wait_for_text 'the launch dialog needs 62x14 and this terminal is 20x5: enlarge it'
	keys Enter Enter y
	sleep 0.5
	not file_has create "$tui_record"
	keys Escape Escape   # from the domain page Enter opened
	keys q
	wait_for '^XTOP-EXIT=0$'
	stop_tui
}
check_steps "TUI: 40x10 and 20x5: n refuses in one sentence and nothing launches; long messages whole, l repeats" tui_small

# The CPU HISTORY bars are on the scale of the CPU% beside them in each
# % mode: a full bar is 100.
tui_history_scale() {
	start_alone 120x20 --fake-script "$work/tui-steady"
	wait_for '^Domain-0 .* 30\.0 .*▃ *$'              # 30 of 100
	wait_for '^web-frontend.* 120\.0 .*█ *$'           # past 100: full
	keys %
	wait_for '^Domain-0 .* 7\.5 .*▁ *$'
	wait_for '^web-frontend.* 60\.0 .*▅ *$'
	not screen_has '^web-frontend.* 60\.0 .*█'
	keys %
	wait_for '^Domain-0 .* 7\.5 .*▁ *$'
	wait_for '^web-frontend.* 30\.0 .*▃ *$'
	keys q
	wait_for '^XTOP-EXIT=0$'
	stop_tui
}
check_steps "TUI: CPU HISTORY bars on the scale of the number shown, in each % mode" tui_history_scale

# Saved settings: sort, CPU% mode and the optional columns survive a
# restart through $XDG_CONFIG_HOME/xtop/xtoprc; the command line wins for one
# run and leaves the file alone; --no-config neither reads nor writes it.
# start_settings_tui DIR [OPTION...]: xtop keeping its settings under DIR,
# on the calm scenario (the sentence about a bad file is on the status line).
start_settings_tui() {
	local dir=$1
	shift
	tm kill-server 2>/dev/null || true
	sleep 0.3
	tm new-session -d -s xt -x 120 -y 30 \
		"env LANG=C.UTF-8 XDG_CONFIG_HOME=$(printf '%q ' "$dir" "$out/gcc/xtop" --fake-script "$tui_calm_scenario" --catalog "$cat_dir") -d 0.2 $*; echo XTOP-EXIT=\$?; sleep 60"
	wait_for '^Domain-0 '
}

tui_settings_round_trip() {
	local dir=$work/settings-rt rc
	rc=$dir/xtop/xtoprc
	start_settings_tui "$dir"
	screen | grep -q 'CPU% = % of one pCPU   sort ID \^'
	[ ! -e "$rc" ]     # nothing written while nothing changed
	keys C
	wait_for 'sort CPU% v'
	keys %
	wait_for 'CPU% = % of own vCPUs'
	keys o
	wait_for 'WEIGHT +CAP +TARGET'
	wait_for_file_line "$rc" 'columns = all'
	keys q
	wait_for '^XTOP-EXIT=0$'
	grep -qx 'sort = cpu' "$rc"
	grep -qx 'cpu_mode = vcpu' "$rc"
	grep -qx 'reverse = no' "$rc"
	[ "$(ls -A "$dir/xtop")" = xtoprc ]    # written through a temporary file, none left
	start_settings_tui "$dir"
	wait_for 'CPU% = % of own vCPUs   sort CPU% v'
	screen | grep -Eq 'WEIGHT +CAP +TARGET'
	wait_for '^web-frontend-with-a-rather-long-name .* 60\.0 '   # rates known: sorted by CPU%
	[ "$(row_names | head -n 1)" = web-frontend-with-a-rather-long-name ] || { row_names; return 1; }
	keys q
	wait_for '^XTOP-EXIT=0$'
	# The command line wins for one run; the file keeps what it had.
	cp "$rc" "$work/settings-rt.before"
	start_settings_tui "$dir" -s name --cpu-mode host
	wait_for 'CPU% = % of host   sort NAME \^'
	keys q
	wait_for '^XTOP-EXIT=0$'
	cmp "$rc" "$work/settings-rt.before"
	# --no-config: the defaults, and a change is not written.
	start_settings_tui "$dir" --no-config
	wait_for 'CPU% = % of one pCPU   sort ID \^'
	not screen_has WEIGHT
	keys N
	wait_for 'sort NAME \^'
	keys q
	wait_for '^XTOP-EXIT=0$'
	cmp "$rc" "$work/settings-rt.before"
}
# wait_for_file_line FILE LINE: until FILE has LINE (xtop writes it on change).
wait_for_file_line() {
	local i
	for ((i = 0; i < 50; i++)); do
		grep -qxF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "$1 never had the line '$2':"
	cat "$1" 2>/dev/null || true
	return 1
}
check_steps "TUI: settings survive a restart (sort, CPU% mode, columns); the command line wins for a run; --no-config" \
	tui_settings_round_trip

tui_settings_corrupt() {
	local dir=$work/settings-bad
	mkdir -p "$dir/xtop"
	printf 'sort = cpu\nsort = bogus\ncpu_mode = host\n' >"$dir/xtop/xtoprc"
	cp "$dir/xtop/xtoprc" "$work/settings-bad.before"
	start_settings_tui "$dir"
	wait_for "xtoprc:2: unknown sort column 'bogus'; the file is ignored"
	screen | tail -n 1 | grep -qF "$dir/xtop/xtoprc:2:"
	screen | grep -q 'CPU% = % of one pCPU   sort ID \^'
	keys q
	wait_for '^XTOP-EXIT=0$'
	cmp "$dir/xtop/xtoprc" "$work/settings-bad.before"    # left for the user to fix
	# Not a text file at all: the same, and still no crash.
	printf 'sort = cpu\n\001\000\377\376 binary\n' >"$dir/xtop/xtoprc"
	start_settings_tui "$dir"
	wait_for 'xtoprc:2: not a text file; the file is ignored'
	screen | grep -q 'sort ID \^'
	keys q
	wait_for '^XTOP-EXIT=0$'
}
check_steps "TUI: a corrupt settings file is named with its line in one sentence and ignored" tui_settings_corrupt

# The domain page (i, or Enter): at 80x24 every field in one screen, at
# 200x60 the graphs stacked and wider; a or Enter opens the actions menu,
# which comes back to the page; j/k step to the next domain; Esc returns.
tui_detail_scenario="$work/tui-detail-scenario"
cat >"$tui_detail_scenario" <<'SCEN'
host cpus=4 memory=16384 free=12000 version=4.17-test
domain 0 Domain-0 vcpus=4 memory=2048 maxmem=none load=0.30
domain 2 db vcpus=2 memory=1024 load=0.60 blk_rd=2000000 online=1
domain 7 debian-7 vcpus=2 memory=128 maxmem=512 load=0.40 net_rx=3000 net_tx=1500 nets=2 blk_wr=40000 addr=10.0.0.7 disk=/srv/debian.squashfs type=pv
console debian-7 [    0.000000] Linux version 6.1.0-fake (debian-kernel@lists.debian.org)
console debian-7 [  OK  ] Started ssh.service - OpenBSD Secure Shell server.
console debian-7 debian-7 login:
SCEN

# start_detail_tui COLS ROWS: xtop on the domain page's scenario.
start_detail_tui() {
	: >"$tui_record"
	tm kill-server 2>/dev/null || true
	sleep 0.3
	fresh_config
	tm new-session -d -s xt -x "$1" -y "$2" \
		"env LANG=C.UTF-8 $(printf '%q ' "$out/gcc/xtop" --fake-script "$tui_detail_scenario" --fake-record "$tui_record" --catalog "$cat_dir") -d 0.2; echo XTOP-EXIT=\$?; sleep 60"
	wait_for '^debian-7 '
}

tui_detail_80x24() {
	start_detail_tui 80 24
	keys G i
	wait_for '^ debian-7  \(id 7\)'
	screen | grep -Eq '^ Type +PV +State running \(-----r\) +Up [0-9]+s'
	wait_for '^ Memory +128M now, target 128M, max 512M'   # control values from the next sample
	screen | grep -Eq '^ Image +debian \(Debian 12 \(bookworm\)\)'
	# Per-vCPU and per-device rates need two samples with devices.
	wait_for '^ vCPUs +2 of 2 online: +#0 [0-9.]+% +#1 [0-9.]+%'
	wait_for '^ +vif7\.0 +00:16:3e:00:07:00 +10\.0\.0\.7 +rx +[0-9.]+K/s +tx +[0-9.]+/s'
	screen | grep -Eq '^ +vif7\.1 +00:16:3e:00:07:01 +address not known'
	screen | grep -Eq '^ +xvda +read +0/s +write +[0-9.]+K/s +/srv/debian\.squashfs'
	screen | grep -Eq '^ CPU% now [0-9.]+, peak [0-9.]+, last [0-9]+s +Mem now 128M of 512M, last [0-9]+s'
	screen | grep -q '[▁▂▃▄▅▆▇█]'
	screen | grep -Eq '^ +debian-7 login:'
	screen | grep -Eq '^ +\[  OK  \] Started ssh\.service'
	screen | tail -n 1 | grep -Eq '^EscBack +aActions +pPause +cConsole'
	[ "$(screen | wc -l)" -eq 24 ]
	[ "$(screen | sed 's/[▁▂▃▄▅▆▇█]/~/g' | awk 'length > 80' | wc -l)" -eq 0 ]
	# The actions menu and back; an action there comes back to the page.
	keys a
	wait_for 'w  CPU weight and cap'
	keys Escape
	wait_gone 'CPU weight and cap'
	screen | grep -Eq '^ debian-7  \(id 7\)'
	keys Enter
	wait_for 'p  pause / unpause'
	keys p
	wait_for '^ Type +PV +State paused \(----p-\)'
	grep -qx 'pause debian-7' "$tui_record"
	# Shutting down asks here too, and the page stays.
	keys s
	wait_for 'Shut down debian-7 \(id 7\)\?'
	keys n
	wait_for 'not shut down'
	screen | grep -Eq '^ debian-7  \(id 7\)'
	not file_has '^shutdown' "$tui_record"
	# j/k: the table's neighbour; a domain that keeps no console log says so.
	keys k
	wait_for '^ db  \(id 2\)'
	wait_for '^ vCPUs +1 of 2 online: +#0 [0-9.]+% +#1 off'
	wait_for 'console log not kept'
	screen | grep -Eq '^ Image +not known'
	keys Escape
	wait_for '^NAME +ID'
	screen | grep -Eq 'sort ID'
	keys q
	wait_for '^XTOP-EXIT=0$'
}
check_steps "TUI: the domain page at 80x24: type, state, vCPUs, memory, image, graphs, addresses, disks, console; actions menu and back; Esc" tui_detail_80x24

tui_detail_200x60() {
	start_detail_tui 200 60
	keys G Enter
	wait_for '^ debian-7  \(id 7\)'
	# Stacked graphs with their long titles, one above the other.
	wait_for '^ CPU% \(of one pCPU\): now [0-9.]+, peak [0-9.]+ over the last [0-9]+s; scale 0-200$'
	wait_for '^ Memory: now 128M, lowest 128M, highest 128M over the last [0-9]+s; scale 0-512M$'
	[ "$(screen | grep -n '^ CPU% (of' | cut -d: -f1)" -lt "$(screen | grep -n '^ Memory: now' | cut -d: -f1)" ]
	wait_for '^ +vif7\.0 +00:16:3e:00:07:00 +10\.0\.0\.7'
	screen | grep -Eq '^ +debian-7 login:'
	# The page fills the screen: the console sits below row 30.
	[ "$(screen | grep -n '^ Console, its last lines' | cut -d: -f1)" -gt 30 ]
	[ "$(screen | wc -l)" -eq 60 ]
	keys %
	wait_for '^ CPU% \(of own vCPUs\): now [0-9.]+, peak [0-9.]+ over the last [0-9]+s; scale 0-100$'
	keys Escape
	wait_for '^NAME +ID'
	wait_for 'CPU% = % of own vCPUs'
	keys q
	wait_for '^XTOP-EXIT=0$'
	stop_tui
	sleep 0.5   # let the server go before the next test starts one
}
check_steps "TUI: the domain page at 200x60: stacked wide graphs, the console lower down; % changes the CPU graph" tui_detail_200x60

# tui_memcheck LOG_GLOB BINARY [WRAPPER...]: a scripted session of every
# screen; the tool reports into files matching LOG_GLOB.
tui_memcheck() {
	local logs=$1 status=0
	tui_bin=$2
	shift 2
	start_tui "$@"
	sleep 1
	keys N C r / d Enter Escape h x F3 d Enter F6 Down Enter F7
	mouse 0 2 6
	mouse 65 2 6
	mouse 0 "$(column_of MEM)" 4
	keys n Down Tab Tab Tab BSpace 1 Enter
	wait_for 'launched debian-1' 20 || status=1
	keys g i
	wait_for 'Console, its last lines' 20 || status=1
	sleep 1
	keys a Escape j k Escape
	tm resize-window -t xt -x 40 -y 10
	sleep 1
	tm resize-window -t xt -x 120 -y 30
	keys q
	wait_for '^XTOP-EXIT=0$' 30 || status=1
	stop_tui
	# The file was written from the screen's settings, the seed's bad line gone.
	grep -Eqx 'sort = [a-z]+' "$XDG_CONFIG_HOME/xtop/xtoprc" || status=1
	not grep -q turbo "$XDG_CONFIG_HOME/xtop/xtoprc" || status=1
	tui_bin="$out/gcc/xtop"
	# shellcheck disable=SC2086  # LOG_GLOB is a glob
	if compgen -G "$logs" >/dev/null && [ -s "$(compgen -G "$logs" | head -n 1)" ]; then
		cat $logs
		status=1
	fi
	return "$status"
}
mkdir -p "$work/asan-logs"
# Under ASan a settings file with a bad line (reported, ignored, then
# rewritten by the keys' changes); under valgrind a good one.
tui_seed_config=$'sort = cpu\ncpu_mode = turbo\n'
check_steps "TUI under ASan/UBSan: no errors, no leaks" tui_memcheck "$work/asan-logs/tui.*" "$out/asan/xtop" \
	env "ASAN_OPTIONS=log_path=$work/asan-logs/tui" "UBSAN_OPTIONS=log_path=$work/asan-logs/tui:print_stacktrace=1"
tui_seed_config=$'sort = name\nreverse = yes\ncpu_mode = host\ndelay = 0.3\ncolumns = all\ncolor = no\n'
if command -v valgrind >/dev/null; then
	check_steps "TUI under valgrind: no errors, no definite or indirect leaks" tui_memcheck "$work/vg-tui.err" \
		"$out/gcc/xtop" valgrind --quiet --log-file="$work/vg-tui.err" --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
fi
tui_seed_config=""
