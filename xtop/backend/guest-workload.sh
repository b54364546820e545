#!/bin/sh
# guest-workload GUEST cpu|memory|http ADDRESS|stop
#
# Starts a demo workload inside a running guest, or stops them all, so that
# Xen's scheduling and isolation show in xtop: a CPU burner per vCPU, a
# memory filler holding half of what the guest has available, an HTTP load
# against another guest's address.  xtop and xenlive-spawn run it on dom0
# as /usr/lib/xenlive/guest-workload (backend/xl.c); it hands itself to the
# guest's sh over dom0's ssh (no password, no prompt: the live CD's
# boot-time key) and returns at once, the workload running on.  In the
# guest it runs under busybox sh, dash or bash alike.
set -eu

# Workloads remember their processes in one file, so that stop finds them.
pids=/tmp/xenlive-load.pids
fill=/tmp/xenlive-fill

# ---- in the guest ----

# One busy loop per online CPU, deaf to the hang-up the ssh session's end
# sends (busybox has no nohup), and at the lowest priority: the vCPU stays
# busy, yet the guest's sshd still answers in time to stop it.
cpu() {
	n=$(grep -c ^processor /proc/cpuinfo)
	i=0
	while [ "$i" -lt "$n" ]; do
		i=$((i + 1))
		(
			trap '' HUP
			while :; do :; done
		) </dev/null >/dev/null 2>&1 &
		echo $! >>"$pids"
		renice -n 19 -p $! >/dev/null 2>&1 || :
	done
}

# Half of what is available, held by a process that waits on a FIFO: the
# OOM killer, told to pick it first, can take it back (a file in the RAM
# overlay could not be reclaimed, and the OOM killer took the guest's sshd
# instead).  1 MiB strings, each new, so no page is shared.
memory() {
	n=$(awk '/MemAvailable/ { print int($2 / 2048) }' /proc/meminfo)
	rm -f "$fill"
	mkfifo "$fill"
	trap '' HUP
	awk -v n="$n" -v fifo="$fill" 'BEGIN {
		c = "x"; while (length(c) < 1048576) c = c c
		for (i = 0; i < n; i++) a[i] = c i
		getline x <fifo
	}' </dev/null >/dev/null 2>&1 &
	echo 1000 >"/proc/$!/oom_score_adj" || :
	echo $! >>"$pids"
	echo "filling $n MiB"
}

# Fetches the page at address $1 over and over: busybox has wget, Debian's
# bash has /dev/tcp (its sh, dash, has not).
http() {
	if command -v wget >/dev/null; then
		(
			trap '' HUP
			while :; do wget -q -O /dev/null "http://$1/" || :; done
		) </dev/null >/dev/null 2>&1 &
	else
		# shellcheck disable=SC2016  # bash expands $1, not this shell
		bash -c 'trap "" HUP; while :; do exec 3<>"/dev/tcp/$1/80" &&
			printf "GET / HTTP/1.0\r\n\r\n" >&3 && cat <&3; done' bash "$1" </dev/null >/dev/null 2>&1 &
	fi
	echo $! >>"$pids"
}

stop() {
	if [ -f "$pids" ]; then
		while read -r pid; do kill "$pid" 2>/dev/null || :; done <"$pids"
	fi
	rm -f "$pids" "$fill"
}

if [ "${1-}" = --in-guest ]; then
	case $2 in
	cpu) cpu ;;
	memory) memory ;;
	http) http "$3" ;;
	stop) stop ;;
	esac
	exit 0
fi

# ---- on dom0 ----

usage() {
	echo "usage: guest-workload GUEST cpu|memory|http ADDRESS|stop" >&2
	exit 2
}
[ $# -ge 2 ] || usage
guest=$1 kind=$2 addr=${3-}
case $guest in
-*) usage ;;   # ssh would take it for an option
esac
case $kind in
cpu | memory | stop) [ $# -eq 2 ] || usage ;;
http)
	# The guest's shell reads the address: only an IP address passes.
	case $addr in
	'' | *[!0-9a-fA-F.:]*)
		echo "guest-workload: '$addr' is not an IP address" >&2
		exit 2
		;;
	esac
	;;
*) usage ;;
esac
exec ssh -o BatchMode=yes -o ConnectTimeout=30 "$guest" -- sh -s -- --in-guest "$kind" ${addr:+"$addr"} <"$0"
