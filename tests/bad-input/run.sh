#!/bin/bash
# Bad input, listed: every way a user can mistype a make variable, a
# run-qemu option, a xenlive-spawn or xtop argument or a catalogue file.
# Each must give one sentence naming the problem, a non-zero exit, and
# leave nothing behind (the scratch output directory stays empty).
#   run.sh XTOP_DIR     (where xtop and xenlive-spawn were built)
# Ends with "N passed, N failed".  Boot options (xenlive.timeout=abc,
# xenlive.spawn=nosuch) need a boot: the boot and guests suites cover them.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/report.sh"
xtop_dir=${1:?usage: run.sh XTOP_DIR}
work=$(mktemp -d "${TMPDIR:-/tmp}/bad-input.XXXXXX")
trap 'rm -rf "$work"' EXIT
scratch=$work/out
mkdir -p "$scratch" "$work/cat"
touch "$work/fake.iso"

# A catalogue with one good image, and files each broken one way.
cat >"$work/cat/good.conf" <<'CONF'
name = good
display = A good image
config = /etc/xen/good.cfg
kernel = /boot/vmlinuz
image = /srv/good.squashfs
memory = 64
vcpus = 1
CONF
mkdir -p "$work/cat-key" "$work/cat-mem" "$work/cat-name" "$work/cat-type" "$work/cat-file"
{ cat "$work/cat/good.conf"; echo "colour = blue"; } >"$work/cat-key/good.conf"
{ cat "$work/cat/good.conf"; echo "type = kvm"; } >"$work/cat-type/good.conf"
sed 's/^memory = 64/memory = abc/' "$work/cat/good.conf" >"$work/cat-mem/good.conf"
grep -v '^name' "$work/cat/good.conf" >"$work/cat-name/good.conf"
sed 's/^name = good/name = better/' "$work/cat/good.conf" >"$work/cat-file/good.conf"
scenario=$work/scenario
printf 'host cpus=2 memory=4096 free=1000\ndomain 0 Domain-0 memory=2048 maxmem=none\ndomain 1 good-1 memory=64\n' >"$scenario"

spawn() { "$xtop_dir/xenlive-spawn" --catalog "$work/cat" --fake-script "$scenario" "$@"; }
xtop() { "$xtop_dir/xtop" "$@"; }
mk() { make --no-print-directory -C "$top" O="$scratch" "$@"; }

# bad DESCRIPTION PATTERN COMMAND...
bad() {
	local what=$1 pattern=$2 status=0 lines
	shift 2
	"$@" >"$work/stdout" 2>"$work/stderr" </dev/null || status=$?
	# make adds its own "Stop." to the sentence: one line still.
	lines=$(grep -cv '^$' "$work/stderr")
	if [ "$status" -eq 0 ]; then
		fail "$what: exit status 0"
	elif ! grep -Eq -- "$pattern" "$work/stderr"; then
		fail "$what: no sentence matching '$pattern'"; sed 's/^/    /' "$work/stderr"
	elif [ "$lines" -ne 1 ]; then
		fail "$what: $lines lines instead of one sentence"; sed 's/^/    /' "$work/stderr"
	elif [ -n "$(ls -A "$scratch")" ]; then
		fail "$what: left files in the output directory"; find "$scratch" -mindepth 1 | sed 's/^/    /'
		rm -rf "${scratch:?}"/*
	else
		pass "$what: $(head -n 1 "$work/stderr" | cut -c1-110)"
	fi
}

# make variables (checked before anything is built).
bad "make run MEM=abc" "MEM='abc' is not a number" mk -n run MEM=abc
bad "make run CPUS=two" "CPUS='two' is not a number" mk -n run CPUS=two
bad "make run FIRMWARE=x" "FIRMWARE='x' is not bios, uefi or uefi-secure-boot" mk -n run FIRMWARE=x
bad "make run MEDIUM=floppy" "MEDIUM='floppy' is not cd or usb" mk -n run MEDIUM=floppy
bad "make run GUI=yes" "GUI='yes' is not 0 or 1" mk -n run GUI=yes
bad "make run VIRT=off" "VIRT='off' is not 0 or 1" mk -n run VIRT=off
bad "make run ACCEL=fast" "ACCEL='fast' is not auto, kvm or tcg" mk -n run ACCEL=fast
bad "make iso PINS=bogus" "PINS='bogus' is not strict or fallback" mk -n iso PINS=bogus
bad "make O with a space" "has a space" make --no-print-directory -C "$top" -n iso O="$work/a b"

# run-qemu.sh
rq() { "$top/scripts/run-qemu.sh" "$@"; }
bad "run-qemu --memory abc" "--memory must be a number of MB" rq --iso "$work/fake.iso" --memory abc
bad "run-qemu --memory 100" "--memory 100 is too small" rq --iso "$work/fake.iso" --memory 100
bad "run-qemu --cpus 0" "--cpus must be a positive number" rq --iso "$work/fake.iso" --cpus 0
bad "pool tests --cpus x" "--cpus must be a positive number of vCPUs per machine" env O="$work/out" "$top/tests/pool/run.sh" "$work/fake.iso" --cpus x
bad "run-qemu --iso missing" "does not exist; build it with 'make iso'" rq --iso "$work/none.iso"
bad "run-qemu --firmware x" "--firmware must be bios, uefi or uefi-secure-boot" rq --iso "$work/fake.iso" --firmware x
bad "run-qemu --medium floppy" "--medium must be cd or usb" rq --iso "$work/fake.iso" --medium floppy
bad "run-qemu --accel fast" "ACCEL must be auto, kvm or tcg" rq --iso "$work/fake.iso" --accel fast
bad "run-qemu --lan 10.0.0.1:80" "--lan must be user, listen:PORT or connect:PORT" rq --iso "$work/fake.iso" --lan 10.0.0.1:80
bad "run-qemu --lan without --mac" "--lan needs --mac 52:54:00" rq --iso "$work/fake.iso" --lan listen:20000
bad "run-qemu --bogus" "usage: run-qemu.sh" rq --bogus

# xenlive-spawn
bad "xenlive-spawn unknown image" "unknown image 'nosuch'; choose one of: good" spawn nosuch
bad "xenlive-spawn --memory 0" "invalid --memory '0'" spawn good --memory 0
bad "xenlive-spawn --count two" "invalid --count 'two'" spawn good --count two
bad "xenlive-spawn destroy without a name" "destroy needs a guest's NAME or --all" spawn destroy
bad "xenlive-spawn load with an unknown workload" "unknown workload 'disk'" spawn load good-1 disk
bad "xenlive-spawn save without a name" "save needs a guest's NAME" spawn save
bad "xenlive-spawn --catalog missing" "cannot open the guest catalogue" spawn good --catalog "$work/none"
bad "xenlive-spawn --name with a quote" "may hold only letters, digits" spawn good --name 'a"b'

# xtop
bad "xtop -d abc" "invalid delay 'abc'" xtop -b -d abc
bad "xtop -i 0" "invalid iteration count '0'" xtop -b -i 0
bad "xtop --sort bogus" "bogus" xtop -b --sort bogus
bad "xtop --backend x" "backend" xtop --backend x
bad "xtop --fake-script missing" "cannot read the fake scenario" xtop -b --fake-script "$work/none"
bad "xtop --nosuch" "unknown option" xtop --nosuch

# catalogue files
bad "catalogue: unknown key" "good.conf:8: unknown key 'colour'" spawn good --catalog "$work/cat-key"
bad "catalogue: memory = abc" "memory 'abc' must be a whole number" spawn good --catalog "$work/cat-mem"
bad "catalogue: no name" "name" spawn good --catalog "$work/cat-name"
bad "catalogue: type = kvm" "good.conf:8: type 'kvm' must be pv, pvh or hvm" spawn good --catalog "$work/cat-type"
# The build's check of its catalogue, and the values its scripts read.
bad "check-catalog: unknown key" "good.conf:8: unknown key 'colour'" spawn --catalog "$work/cat-key" check-catalog
bad "check-catalog: a file not named after its image" "good.conf: name 'better' is not the file's; rename the file better.conf" \
	spawn --catalog "$work/cat-file" check-catalog
bad "xenlive-spawn get: unknown key" "'colour' is no catalogue key; use one of: name" spawn get good colour
bad "xenlive-spawn get: no image" "get needs an IMAGE" spawn get

report_summary
