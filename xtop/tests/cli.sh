#!/bin/bash
# shellcheck disable=SC2154  # out, work, check, ... come from run.sh
# Sourced by run.sh: command-line behaviour of xtop -b and xenlive-spawn
# against the fake backend and the fake xl.  Uses check/pass/fail, $out,
# $work and $here from run.sh.
set -eu

xtop="$out/gcc/xtop"
spawn="$out/gcc/xenlive-spawn"

# A catalogue whose files exist, like the real one will.
cat_dir="$work/catalog"
files="$work/guest-files"
mkdir -p "$cat_dir" "$files"
for img in debian centos; do
	: >"$files/$img.cfg"
	: >"$files/$img.vmlinuz"
	: >"$files/$img.squashfs"
done
cat >"$cat_dir/debian.conf" <<CONF
name = debian                     # short id
display = Debian 12 (bookworm)    # menu text
config = $files/debian.cfg
kernel = $files/debian.vmlinuz
image = $files/debian.squashfs
memory = 128
vcpus = 1
CONF
cat >"$cat_dir/centos.conf" <<CONF
name = centos
display = CentOS Stream 9
config = $files/centos.cfg
kernel = $files/centos.vmlinuz
image = $files/centos.squashfs
memory = 256
min_memory = 64
vcpus = 2
CONF
scenario="$work/spawn-scenario"
cat >"$scenario" <<'SCEN'
host cpus=2 memory=4096 free=1000
domain 0 Domain-0 memory=2048 maxmem=none load=0.1
domain 3 debian-1 memory=128 load=0.2
SCEN
leases="$work/leases"
echo "1700000000 00:16:3e:00:00:01 10.0.0.11 debian-1 *" >"$leases"
echo "1700000000 00:16:3e:00:00:02 10.0.0.12 debian-2 *" >>"$leases"
record="$work/record"
# The same scenario with xl failing to create debian-3.
fail_scenario="$work/scenario-fail"
{ cat "$scenario"; echo "fail create debian-3"; } >"$fail_scenario"

spawn_fake() {
	"$spawn" --catalog "$cat_dir" --fake-script "${spawn_scenario:-$scenario}" --fake-record "$record" \
		--leases "$leases" "$@"
}

# expect_fail PATTERN COMMAND...: non-zero exit, one line on stderr
# matching PATTERN, nothing on stdout, nothing created.
expect_fail() {
	local pattern=$1 status=0
	shift
	: >"$record"
	"$@" >"$work/stdout" 2>"$work/stderr" || status=$?
	[ "$status" -ne 0 ] || { echo "exit status 0"; return 1; }
	[ ! -s "$work/stdout" ] || { echo "stdout:"; cat "$work/stdout"; return 1; }
	[ "$(wc -l <"$work/stderr")" -eq 1 ] || { echo "stderr is not one line:"; cat "$work/stderr"; return 1; }
	grep -q -- "$pattern" "$work/stderr" || { echo "stderr lacks '$pattern':"; cat "$work/stderr"; return 1; }
	if grep -q create "$record"; then echo "a domain was created:"; cat "$record"; return 1; fi
}

spawn_two() {
	: >"$record"
	spawn_fake debian --count 2 --memory 100 >"$work/stdout"
	# debian-1 exists, so the new ones are debian-2 (with its lease) and -3.
	printf 'debian-2 10.0.0.12\ndebian-3\n' | diff - "$work/stdout"
	printf 'create debian-2 memory=100 vcpus=1\ncreate debian-3 memory=100 vcpus=1\n' | diff - "$record"
}
check_steps "xenlive-spawn launches two named instances through the backend" spawn_two

spawn_console() {
	: >"$record"
	spawn_fake centos --console </dev/null >"$work/stdout"
	grep -qx "create centos-1 memory=256 vcpus=2 console" "$record"
	grep -q "fake console for centos-1" "$work/stdout"
}
check_steps "xenlive-spawn --console stays on the new guest's console" spawn_console

check_steps "xenlive-spawn: unknown image" expect_fail "unknown image 'arch'; choose one of: centos, debian" spawn_fake arch
check_steps "xenlive-spawn: zero memory" expect_fail "invalid --memory '0'" spawn_fake debian --memory 0

# Sizes as people type them: a plain number is MiB; K, M, G, T in any
# case, with i, iB or B; decimals when the result is whole MiB.
spawn_units() {
	sed '1s/free=1000/free=4000/' "$scenario" >"$work/scenario-roomy"
	local size want
	for size in 1G 1g 1GiB "1 GB" 1024 1048576K 0.5G 1.5G; do
		case $size in 0.5G) want=512 ;; 1.5G) want=1536 ;; *) want=1024 ;; esac
		: >"$record"
		spawn_scenario=$work/scenario-roomy spawn_fake debian --memory "$size" >/dev/null
		grep -qx "create debian-2 memory=$want vcpus=1" "$record" || { echo "--memory $size:"; cat "$record"; return 1; }
	done
}
check_steps "xenlive-spawn --memory 1G, 1GiB, 1 GB, 1048576K, 0.5G, 1.5G: MiB as meant" spawn_units
memory_sentence="give whole MiB from 1 to 16777216, or a size with K, M, G or T such as 512M or 1.5G"
check_steps "xenlive-spawn: --memory 1x" expect_fail "invalid --memory '1x': $memory_sentence" spawn_fake debian --memory 1x
check_steps "xenlive-spawn: --memory -5" expect_fail "invalid --memory '-5': $memory_sentence" spawn_fake debian --memory -5
check_steps "xenlive-spawn: --memory 1.5 (not whole MiB)" expect_fail "invalid --memory '1.5': $memory_sentence" spawn_fake debian --memory 1.5
check_steps "xenlive-spawn: --memory empty" expect_fail "--memory is empty: $memory_sentence" spawn_fake debian --memory ''
check_steps "xenlive-spawn: --memory overflow" expect_fail "invalid --memory '99999999999999999999...': $memory_sentence" \
	spawn_fake debian --memory 999999999999999999999999999
check_steps "xenlive-spawn: --memory 17T, above the largest" expect_fail "invalid --memory '17T': $memory_sentence" spawn_fake debian --memory 17T
check_steps "xenlive-spawn: --vcpus 1.5" expect_fail "invalid --vcpus '1.5': give a whole number from 1 to 512" spawn_fake debian --vcpus 1.5
check_steps "xenlive-spawn: --count -1" expect_fail "invalid --count '-1': give a whole number from 1 to 64" spawn_fake debian --count -1
check_steps "xenlive-spawn: --count 65" expect_fail "invalid --count '65': give a whole number from 1 to 64" spawn_fake debian --count 65
check_steps "xenlive-spawn: negative vcpus" expect_fail "invalid --vcpus '-2'" spawn_fake debian --vcpus -2
check_steps "xenlive-spawn: non-numeric count" expect_fail "invalid --count 'two'" spawn_fake debian --count two
check_steps "xenlive-spawn: memory above free" expect_fail "needs 2050 MiB (with Xen's overhead), Xen has 1000 MiB free" spawn_fake debian --memory 2048
check_steps "xenlive-spawn: memory below the image's minimum" expect_fail "16 MiB is too little for a centos guest: it needs at least 64 MiB to boot" spawn_fake centos --memory 16
check_steps "xenlive-spawn: several do not fit" expect_fail "need 1290 MiB (with Xen's overhead), Xen has 1000 MiB free (room for 3)" spawn_fake centos --count 5
check_steps "xenlive-spawn: duplicate name" expect_fail "a domain named 'debian-1' already exists" spawn_fake debian --name debian-1
check_steps "xenlive-spawn: a name xl could not take" expect_fail "the guest name 'a\"b' may hold only letters, digits" spawn_fake debian --name 'a"b'
check_steps "xenlive-spawn: no image given" expect_fail "name an image" spawn_fake
check_steps "xenlive-spawn: bad catalogue dir" expect_fail "cannot open the guest catalogue" spawn_fake debian --catalog "$work/none"

# A PC with VT-x/AMD-V off (xl info's virt_caps without hvm): a PVH
# image is refused in one sentence, a PV one still starts.
pv_only() {
	local pv_cat=$work/catalog-pv-only rc=0
	mkdir -p "$pv_cat"
	cp "$cat_dir"/*.conf "$pv_cat/"
	sed 's/^name = centos$/name = centos-pvh/; $a type = pvh' "$cat_dir/centos.conf" >"$pv_cat/centos-pvh.conf"
	sed '1s/$/ guests=pv/' "$scenario" >"$work/scenario-pv-only"
	spawn_scenario=$work/scenario-pv-only expect_fail \
		"centos-pvh is a PVH guest, which needs the CPU's virtualization (Intel VT-x or AMD-V), off or missing on this PC" \
		spawn_fake --catalog "$pv_cat" centos-pvh || rc=1
	: >"$record"
	spawn_scenario=$work/scenario-pv-only spawn_fake --catalog "$pv_cat" centos >/dev/null || rc=1
	grep -qx "create centos-1 memory=256 vcpus=2" "$record" || { echo "the PV image did not start:"; cat "$record"; rc=1; }
	return "$rc"
}
check_steps "xenlive-spawn: VT-x/AMD-V off refuses a PVH image in one sentence, starts a PV one" pv_only

# A user's own media (xenlive-spawn iso): a CD image with an El Torito
# boot record, one without, a disk image with a boot sector, one without.
media=$work/media
mkdir -p "$media/cd/isolinux" "$media/disks"
cp /usr/lib/ISOLINUX/isolinux.bin "$media/cd/isolinux/"
xorriso -as mkisofs -quiet -o "$media/Visitor Live.iso" -b isolinux/isolinux.bin -c isolinux/boot.cat \
	-no-emul-boot -boot-load-size 4 -boot-info-table "$media/cd" 2>/dev/null
xorriso -as mkisofs -quiet -o "$media/data.iso" "$media/cd" 2>/dev/null
head -c 1048576 /dev/zero >"$media/blank.img"
cp "$media/blank.img" "$media/boot.img"
printf '\x55\xaa' | dd of="$media/boot.img" bs=1 seek=510 conv=notrunc 2>/dev/null
: >"$media/hvm-media.cfg"
spawn_media() { spawn_fake --media-config "$media/hvm-media.cfg" --disk-dir "$media/disks" "$@"; }
iso_cd() {
	: >"$record"
	spawn_media iso "$media/Visitor Live.iso" >"$work/stdout"
	grep -qx visitor-live-1 "$work/stdout"
	grep -qxF "create visitor-live-1 memory=256 vcpus=1 disk=[\"format=raw,vdev=hdc,access=ro,devtype=cdrom,target=$media/Visitor Live.iso\"]" "$record"
}
check_steps "xenlive-spawn iso: a CD image boots from the first CD drive, read-only, named after the file" iso_cd
iso_disk() {
	: >"$record"
	(cd "$media" && spawn_media iso boot.img --disk 100 --memory 512 --name mine) >"$work/stdout"
	grep -qx mine "$work/stdout"
	grep -qxF "create mine memory=512 vcpus=1 disk=[\"format=raw,vdev=hda,access=rw,target=$media/boot.img\",\"format=raw,vdev=hdb,access=rw,target=$media/disks/empty-100M.img\"]" "$record"
	# The empty disk is sparse and was never written.
	[ "$(stat -c %s "$media/disks/empty-100M.img")" = 104857600 ] && [ "$(du -k "$media/disks/empty-100M.img" | cut -f1)" = 0 ]
}
check_steps "xenlive-spawn iso: a disk image (absolute path) with an empty RAM disk of --disk MB" iso_disk
check_steps "xenlive-spawn iso: a CD image without a boot record" \
	expect_fail "data.iso is a CD image without a boot record (El Torito)" spawn_media iso "$media/data.iso"
check_steps "xenlive-spawn iso: a file that is not bootable" \
	expect_fail "blank.img is not bootable: it is neither a CD image with a boot record nor a disk image" spawn_media iso "$media/blank.img"
check_steps "xenlive-spawn iso: a missing file" expect_fail "none.iso does not exist" spawn_media iso "$media/none.iso"
check_steps "xenlive-spawn iso: no path" expect_fail "iso needs the PATH of a CD image" spawn_media iso
check_steps "xenlive-spawn iso: --disk not a number" expect_fail "invalid --disk 'big'" spawn_media iso "$media/boot.img" --disk big
check_steps "xenlive-spawn iso: --disk above 64 GiB" expect_fail "invalid --disk '65G': give whole MiB from 1 to 65536" \
	spawn_media iso "$media/boot.img" --disk 65G
iso_disk_units() {
	: >"$record"
	spawn_media iso "$media/boot.img" --disk 1G --memory 0.25G >/dev/null
	grep -qF "create boot-1 memory=256 vcpus=1 disk=[\"format=raw,vdev=hda,access=rw,target=$media/boot.img\",\"format=raw,vdev=hdb,access=rw,target=$media/disks/empty-1024M.img\"]" "$record" ||
		{ cat "$record"; return 1; }
	[ "$(stat -c %s "$media/disks/empty-1024M.img")" = 1073741824 ]
	rm -f "$media/disks/empty-1024M.img"
}
check_steps "xenlive-spawn iso: --disk 1G --memory 0.25G" iso_disk_units
check_steps "xenlive-spawn iso: --count above 1" expect_fail "iso PATH starts one guest at a time" spawn_media iso "$media/boot.img" --count 2
check_steps "xenlive-spawn: --disk on a catalogue image" expect_fail "--disk and --uefi only apply to iso PATH" spawn_media debian --disk 10
iso_uefi() {
	: >"$record"
	spawn_media iso "$media/Visitor Live.iso" --uefi >/dev/null
	grep -q 'create visitor-live-1 memory=256 vcpus=1 disk=\[.*\] bios="ovmf"$' "$record"
}
check_steps "xenlive-spawn iso --uefi: OVMF instead of SeaBIOS" iso_uefi
iso_quote() {
	cp "$media/boot.img" "$media/a\"b.img"
	expect_fail 'holds a quote, backslash or control character' spawn_media iso "$media/a\"b.img"
}
check_steps "xenlive-spawn iso: a path xl's config cannot carry" iso_quote
iso_dom0_full() {
	sed '1s/$/ dom0free=140/' "$scenario" >"$work/scenario-dom0"
	echo "domain 7 old-hvm memory=64 type=hvm" >>"$work/scenario-dom0"
	spawn_scenario=$work/scenario-dom0 expect_fail \
		"Domain-0 has 100 MiB of memory available, and each HVM guest's device model (QEMU) runs there" \
		spawn_media iso "$media/boot.img" &&
	spawn_scenario=$work/scenario-dom0 expect_fail "--disk 500 MiB would not fit" spawn_media iso "$media/boot.img" --disk 500
}
check_steps "xenlive-spawn iso: refused when dom0 has no room for another device model or the RAM disk" iso_dom0_full
iso_hvm_overhead() {
	# 995 MiB: with a PV guest's 2 MiB it would fit Xen's 1000 free, with
	# an HVM guest's 6 it does not.
	expect_fail "the guest needs 1001 MiB" spawn_media iso "$media/boot.img" --memory 995
}
check_steps "xenlive-spawn iso: the fit check counts an HVM guest's overhead" iso_hvm_overhead

missing_image() {
	mv "$files/centos.squashfs" "$files/centos.squashfs.away"
	local rc=0
	expect_fail "root image of image 'centos'.*missing" spawn_fake centos || rc=$?
	mv "$files/centos.squashfs.away" "$files/centos.squashfs"
	return "$rc"
}
check_steps "xenlive-spawn: missing image file" missing_image

bad_catalog() {
	local d="$work/badcat"
	mkdir -p "$d"
	cp "$cat_dir/debian.conf" "$d/"
	echo "colour = blue" >>"$d/debian.conf"
	expect_fail "$d/debian.conf:8: unknown key 'colour'" spawn_fake debian --catalog "$d"
}
check_steps "xenlive-spawn: unknown catalogue key names file:line" bad_catalog

# A corrupt file beside good ones: one sentence naming it, the good images
# still listed and launched.
corrupt_beside_good() {
	local d="$work/mixedcat"
	mkdir -p "$d"
	cp "$cat_dir/debian.conf" "$cat_dir/centos.conf" "$d/"
	printf 'name = broken\n\001\002 not a catalogue line\n' >"$d/broken.conf"
	"$spawn" --catalog "$d" --images >"$work/stdout" 2>"$work/stderr"
	grep -q '^centos ' "$work/stdout" && grep -q '^debian ' "$work/stdout"
	[ "$(wc -l <"$work/stderr")" -eq 1 ] && grep -q "broken.conf:2: expected 'key = value'; that catalogue file is skipped: fix or remove it" "$work/stderr"
	: >"$record"
	"$spawn" --catalog "$d" --fake-script "$scenario" --fake-record "$record" --leases "$leases" centos \
		>"$work/stdout" 2>"$work/stderr"
	grep -q '^centos-1' "$work/stdout" && grep -q 'warning: .*broken.conf:2' "$work/stderr" && grep -q create "$record"
	expect_fail "no good catalogue entry for 'broken': .*broken.conf:2" \
		"$spawn" --catalog "$d" --fake-script "$scenario" --fake-record "$record" broken
}
check_steps "xenlive-spawn: a corrupt catalogue file is skipped with one sentence; good images still work" corrupt_beside_good

xl_fails_partway() {
	: >"$record"
	local status=0
	spawn_scenario=$fail_scenario spawn_fake debian --count 3 >"$work/stdout" 2>"$work/stderr" || status=$?
	[ "$status" -ne 0 ]
	[ ! -s "$work/stdout" ]
	grep -q "xl create debian-3 failed: .*cannot create domain debian-3" "$work/stderr"   # xl's own words
	grep -qx "destroy debian-2" "$record"                     # nothing half-made
}
check_steps "xenlive-spawn: xl failing partway destroys what it created" xl_fails_partway

spawn_list() {
	spawn_fake --list >"$work/stdout"
	grep -Eq '^debian-1 +3 +-----r +128 +1  10\.0\.0\.11$' "$work/stdout"
	grep -Eq '^Domain-0 +0 ' "$work/stdout"
}
check_steps "xenlive-spawn --list shows guests and leased addresses" spawn_list

spawn_destroy() {
	: >"$record"
	spawn_fake --destroy debian-1 | grep -qx "destroyed debian-1"
	grep -qx "destroy debian-1" "$record"
	expect_fail "no domain is named 'ghost'" spawn_fake --destroy ghost
	expect_fail "control domain" spawn_fake --destroy Domain-0
	: >"$record"
	spawn_fake --all | grep -qx "destroyed debian-1"
	not file_has Domain-0 "$record"
}
check_steps "xenlive-spawn --destroy NAME and --all" spawn_destroy

# The verbs in xl's style, and every old option form beside them.
spawn_verbs() {
	spawn_fake list >"$work/stdout"
	grep -Eq '^debian-1 +3 +-----r +128 +1  10\.0\.0\.11$' "$work/stdout"
	spawn_fake images | grep -q "^debian .*128 MiB"
	: >"$record"
	spawn_fake destroy debian-1 | grep -qx "destroyed debian-1"
	grep -qx "destroy debian-1" "$record"
	for form in "destroy --all" "--destroy --all" "--all"; do
		: >"$record"
		# shellcheck disable=SC2086 # one form, several words
		spawn_fake $form | grep -qx "destroyed debian-1" || { echo "form '$form' destroyed nothing"; return 1; }
		not file_has Domain-0 "$record"
	done
	expect_fail "destroy needs a guest's NAME or --all" spawn_fake destroy
	expect_fail "no domain is named 'ghost'" spawn_fake destroy ghost
	expect_fail "unexpected argument 'extra'" spawn_fake list extra
	expect_fail "give one of IMAGE, list, images, destroy" spawn_fake list --images
}
check_steps "xenlive-spawn verbs: list, images, destroy NAME|--all; old forms too (--destroy --all)" spawn_verbs

# save NAME / restore NAME / saved, through the same checks as xtop's keys.
spawn_save_restore() {
	local dir="$work/saved"
	: >"$record"
	spawn_fake save debian-1 --save-dir "$dir" | grep -qx "saved debian-1 to $dir/debian-1.save"
	grep -q "^save debian-1 $dir/debian-1.save.part" "$record"
	[ -s "$dir/debian-1.save" ] && [ ! -e "$dir/debian-1.save.part" ]
	spawn_fake saved --save-dir "$dir" | grep -q "^debian-1 .*$dir/debian-1.save"
	expect_fail "no saved guest is named 'ghost'" spawn_fake restore ghost --save-dir "$dir"
	expect_fail "no domain is named 'ghost'" spawn_fake save ghost --save-dir "$dir"
	expect_fail "save needs a guest's NAME" spawn_fake save
	expect_fail "cannot make the save directory" spawn_fake save debian-1 --save-dir /proc/nope
	# Each call replays the scenario afresh, where debian-1 still runs.
	expect_fail "a domain named 'debian-1' is running" spawn_fake restore debian-1 --save-dir "$dir"
	grep -v debian-1 "$scenario" >"$work/scenario-saved"
	spawn_scenario=$work/scenario-saved spawn_fake restore debian-1 --save-dir "$dir" | grep -qx "restored debian-1"
	grep -qx "restore debian-1" "$record"
	[ ! -e "$dir/debian-1.save" ]
}
check_steps "xenlive-spawn save, saved, restore; bad names and directories refused" spawn_save_restore

spawn_load() {
	: >"$record"
	spawn_fake load debian-1 cpu | grep -q "^debian-1: started"
	spawn_fake load debian-1 stop | grep -q "^debian-1: stopped every workload"
	printf 'workload debian-1 cpu\nworkload debian-1 stop\n' | diff - "$record"
	expect_fail "unknown workload 'disk'" spawn_fake load debian-1 disk
	expect_fail "http needs the PEER" spawn_fake load debian-1 http
	expect_fail "cannot find the address of ghost" spawn_fake load debian-1 http ghost
	expect_fail "control domain" spawn_fake load Domain-0 cpu
	expect_fail "no domain is named 'ghost'" spawn_fake load ghost cpu
}
check_steps "xenlive-spawn load NAME cpu|memory|http PEER|stop; bad workloads refused" spawn_load

# The catalogue as the build's scripts read it: check-catalog and get.
spawn_check_catalog() {
	"$spawn" --catalog "$cat_dir" check-catalog >"$work/stdout" 2>"$work/stderr"
	[ ! -s "$work/stdout" ] && [ ! -s "$work/stderr" ]
	local d="$work/checkcat" status=0
	mkdir -p "$d"
	cp "$cat_dir/debian.conf" "$d/"
	sed 's/^name = centos$/name = centos-9/' "$cat_dir/centos.conf" >"$d/centos.conf"
	printf 'name = broken\nmemory = lots\n' >"$d/broken.conf"
	"$spawn" --catalog "$d" check-catalog >"$work/stdout" 2>"$work/stderr" || status=$?
	[ "$status" -eq 1 ] && [ ! -s "$work/stdout" ] && [ "$(wc -l <"$work/stderr")" -eq 2 ]
	grep -qxF "xenlive-spawn: $d/broken.conf:2: memory 'lots' must be a whole number of MiB above 0" "$work/stderr"
	grep -qxF "xenlive-spawn: $d/centos.conf: name 'centos-9' is not the file's; rename the file centos-9.conf or change the name" \
		"$work/stderr"
	expect_fail "the guest catalogue $files has no .conf files" "$spawn" --catalog "$files" check-catalog
	expect_fail "cannot open the guest catalogue" "$spawn" --catalog "$work/none" check-catalog
}
check_steps "xenlive-spawn check-catalog: silent when good; one line per bad file, exit 1" spawn_check_catalog
spawn_get() {
	[ "$("$spawn" --catalog "$cat_dir" get centos min_memory)" = 64 ]
	# The comment cut and the blanks trimmed, as xtop reads it.
	[ "$("$spawn" --catalog "$cat_dir" get debian display)" = "Debian 12 (bookworm)" ]
	# A key the file leaves unset: nothing, and success.
	[ -z "$("$spawn" --catalog "$cat_dir" get debian ramdisk)" ]
	"$spawn" --catalog "$cat_dir" get debian >"$work/stdout"
	printf 'name = debian\ndisplay = Debian 12 (bookworm)\nconfig = %s\nkernel = %s\nimage = %s\nmemory = 128\nvcpus = 1\n' \
		"$files/debian.cfg" "$files/debian.vmlinuz" "$files/debian.squashfs" | diff - "$work/stdout"
	expect_fail "'colour' is no catalogue key; use one of: name, display, config" "$spawn" --catalog "$cat_dir" get debian colour
	expect_fail "unknown image 'arch'; choose one of: centos, debian" "$spawn" --catalog "$cat_dir" get arch memory
	expect_fail "get needs an IMAGE" "$spawn" --catalog "$cat_dir" get
	expect_fail "unexpected argument 'vcpus'; get takes an IMAGE and at most one KEY" \
		"$spawn" --catalog "$cat_dir" get debian memory vcpus
	expect_fail "--memory, --vcpus, --count, --name and --console only apply when launching" \
		"$spawn" --catalog "$cat_dir" get debian --memory 64
}
check_steps "xenlive-spawn get IMAGE [KEY]: a value, nothing when unset, or every key set" spawn_get

# The program the xen backend runs for a workload (backend/xl.c), as staged
# for the dom0 root at the path xl.h names: it hands itself to the guest's
# sh over ssh, here a stand-in that prints its arguments and what it was
# sent.  What it starts in a guest is not run here; every shell the guests
# have must parse it.
guest_workload() {
	local prog bin=$work/ssh-bin
	prog=$out/tree$(sed -n 's/^#define XT_GUEST_WORKLOAD "\(.*\)"$/\1/p' "$here/../backend/xl.h")
	if [ ! -f "$prog" ] || [ ! -x "$prog" ]; then
		echo "$prog is not staged"
		return 1
	fi
	mkdir -p "$bin"
	printf '#!/bin/sh\necho "$@"\ncat\n' >"$bin/ssh"
	chmod +x "$bin/ssh"
	sh -n "$prog"
	bash -n "$prog"
	if command -v busybox >/dev/null; then busybox sh -n "$prog"; fi
	PATH=$bin:$PATH "$prog" db cpu >"$work/workload-sent"
	{ echo "-o BatchMode=yes -o ConnectTimeout=30 db -- sh -s -- --in-guest cpu"; cat "$prog"; } |
		diff - "$work/workload-sent"
	PATH=$bin:$PATH "$prog" db http 10.99.0.12 | head -n 1 |
		grep -qx -- "-o BatchMode=yes -o ConnectTimeout=30 db -- sh -s -- --in-guest http 10.99.0.12"
	# Refused before ssh (which would print): an address the guest's shell
	# would read as more, a guest name ssh would take for an option, an
	# unknown kind.
	expect_fail "'x; rm -rf /' is not an IP address" env PATH="$bin:$PATH" "$prog" db http 'x; rm -rf /'
	expect_fail "^usage: " env PATH="$bin:$PATH" "$prog" -oProxyCommand=x cpu
	expect_fail "^usage: " env PATH="$bin:$PATH" "$prog" db disk
}
check_steps "the guest workload program: ssh gets it whole, with the kind and an address only" guest_workload

# shellcheck disable=SC2016
check_steps "xenlive-spawn --images lists the catalogue" bash -c '"$0" --catalog "$1" --images | grep -q "^debian .*128 MiB.*Debian 12 (bookworm)"' "$spawn" "$cat_dir"

# ---- xtop batch mode ----
batch_text() {
	"$xtop" -b -d 0.2 -i 3 --fake-domains 5 >"$work/batch"
	[ "$(grep -c '^      NAME  STATE   CPU(sec) CPU(%)' "$work/batch")" -eq 3 ]
	[ "$(grep -c 'guest-0004' "$work/batch")" -eq 3 ]
	# guest-0002 burns 0.37 of a CPU; every printed iteration has a rate.
	awk '$1 == "guest-0002" { if ($4 < 35 || $4 > 39) exit 1 }' "$work/batch"
}
check_steps "xtop -b: xentop columns, -i iterations, real CPU % from the first line" batch_text

batch_json() {
	"$xtop" -b --json -d 0.1 -i 2 --fake-domains 3 >"$work/json"
	[ "$(wc -l <"$work/json")" -eq 2 ]
	python3 -c 'import json,sys
for line in open(sys.argv[1]):
    o = json.loads(line)
    assert len(o["domains"]) == 3 and o["cpus"] == 4, o
    assert abs(o["domains"][1]["cpu_pct"] - 18.5) < 2, o' "$work/json"
}
if command -v python3 >/dev/null; then
	check_steps "xtop -b --json: one valid object per iteration" batch_json
fi

id_reuse_batch() {
	cat >"$work/reuse" <<'SCEN'
domain 0 Domain-0 load=0.1
domain 5 first load=0.5 until=2
domain 5 second load=0.25 from=2
SCEN
	"$xtop" -b -d 0.1 -i 3 --fake-script "$work/reuse" >"$work/batch"
	# Sample 1 shows "first"; at sample 2 id 5 is reused: 0.0 like any
	# domain xentop has not seen before, never a bogus delta.
	awk '$1 == "first" && $4 == "0.0" { bad = 1 } $1 == "second" { n++; v[n] = $4 }
	     END { exit !(bad != 1 && v[1] == "0.0" && v[2] > 20 && v[2] < 30) }' "$work/batch"
}
check_steps "xtop -b: a reused domain id shows 0.0 for one interval, then its own rate" id_reuse_batch

# Golden files: what Xen 4.17's own xentop printed for golden/scenario
# (golden/regen.sh), one per option set; xtop -b must print the same bytes.
golden="$here/golden"
golden_case() {  # NAME OPTIONS...
	local name=$1
	shift
	"$xtop" -b -d 0 -i 1 --fake-script "$golden/scenario" "$@" >"$work/golden.out"
	diff "$golden/$name.out" "$work/golden.out"
}
while read -r name opts; do
	case "$name" in '#'*|'') continue ;; esac
	# shellcheck disable=SC2086  # opts is a list of options
	check_steps "xtop -b ${opts:-(no options)}: byte for byte what xentop 4.17 printed" golden_case "$name" $opts
done <"$golden/cases"
check_steps "xtop -b long options: --full-name --networks --vbds --vcpus --repeat-header" golden_case all \
	--full-name --networks --vbds --vcpus --repeat-header
check_steps "xtop -b: options clustered like xentop's (-bfnxvr)" golden_case all -bfnxvr

batch_iterations_header() {
	"$xtop" -b -d 0 --iterations 3 --fake-script "$golden/scenario" -n -x >"$work/batch"
	[ "$(grep -c '^      NAME  STATE' "$work/batch")" -eq 3 ]
	[ "$(grep -c '^Net0 RX: ' "$work/batch")" -eq 6 ]
	[ "$(grep -c '^VBD BlkBack ' "$work/batch")" -eq 15 ]
	"$xtop" -b -d 0 -i 2 --fake-script "$golden/scenario" -r >"$work/batch"
	[ "$(grep -c '^      NAME  STATE' "$work/batch")" -eq 10 ]   # 5 domains, 2 iterations
}
check_steps "xtop -b: one header per iteration, -r one per domain, -n/-x lines each time" batch_iterations_header

# With XTOP_REAL_XENTOP naming a xentop binary (e.g. xen-utils-4.17's
# /usr/lib/xen-4.17/bin/xentop unpacked from the Debian package), that
# xentop prints the golden scenario live through the libxenstat stand-in.
if [ -n "${XTOP_REAL_XENTOP:-}" ]; then
	live_xentop() {
		local name opts
		while read -r name opts; do
			case "$name" in '#'*|'') continue ;; esac
			# shellcheck disable=SC2086  # opts is a list of options
			XTOP_SHIM_SCENARIO="$golden/scenario" LD_LIBRARY_PATH="$out/shim" \
				"$XTOP_REAL_XENTOP" -b -i 1 $opts >"$work/xentop.out"
			diff "$golden/$name.out" "$work/xentop.out"
		done <"$golden/cases"
	}
	check_steps "golden files are still what $XTOP_REAL_XENTOP prints" live_xentop
else
	echo "skip live xentop comparison (set XTOP_REAL_XENTOP to a xentop binary)"
fi

check_steps "xtop: bad delay is one sentence, exit 2" expect_fail "invalid delay 'abc'" "$xtop" -b -d abc
check_steps "xtop: -i 0 is not an iteration count" expect_fail "invalid iteration count '0'" "$xtop" -b -i 0
check_steps "xtop: negative iteration count" expect_fail "invalid iteration count '-3'" "$xtop" -b -i -3
check_steps "xtop: -i 1.5 is not an iteration count" \
	expect_fail "invalid iteration count '1.5': give a whole number from 1 to 1000000000" "$xtop" -b -i 1.5
check_steps "xtop: -d 1x" expect_fail "invalid delay '1x': give seconds from 0 to 3600" "$xtop" -b -d 1x
check_steps "xtop: -d 0.05 on the screen" expect_fail "invalid delay '0.05' for the screen: give 0.1 to 3600 seconds" "$xtop" -d 0.05
check_steps "xtop: --fake-domains 1e3" expect_fail "invalid domain count '1e3': give a whole number from 1 to 100000" \
	"$xtop" -b --fake-domains 1e3
check_steps "xtop: unknown option" expect_fail "unknown option '--colour'" "$xtop" --colour
check_steps "xtop: unknown short option in a cluster" expect_fail "unknown option '-q'" "$xtop" -bq
check_steps "xtop: -n N names the new -i N" expect_fail "the iteration count is -i 2 now" "$xtop" -b -n 2
check_steps "xtop: -r without -b names --reverse" expect_fail "use --reverse" "$xtop" -r
check_steps "xtop: -n, -x, -v, -f need -b" expect_fail "add -b" "$xtop" -x
check_steps "xtop: xentop's text options do not apply to --json" expect_fail "not --json" "$xtop" -b --json -v
check_steps "xtop: a value for a flag" expect_fail "'--networks' takes no value" "$xtop" -b --networks=2

not_on_xen() {
	if [ -e /proc/xen/capabilities ]; then echo "skipped: this machine is a Xen dom0"; return 0; fi
	expect_fail "not running on Xen" "$xtop" -b -i 1
}
check_steps "xtop: not running on Xen is one sentence" not_on_xen
# shellcheck disable=SC2016
check_steps "xtop --help lists xentop's options and the renamed ones" bash -c '
	"$0" --help >"$1"
	for o in --batch --delay --iterations --full-name --networks --vbds --vcpus --repeat-header --help --version --reverse --json; do
		grep -q -- "$o" "$1" || { echo "--help lacks $o"; exit 1; }
	done' "$xtop" "$work/help"

# An 80-column terminal (the PC's text console) reads --help and the man
# page without a cut or wrapped line.
help_fits_80() {
	"$xtop" --help >"$work/help"
	if awk 'length > 80 { print length ": " $0; bad = 1 } END { exit !bad }' "$work/help"; then return 1; fi
	MANWIDTH=80 man -l "$here/../xtop.1" >"$work/man" 2>"$work/man.err"
	[ ! -s "$work/man.err" ] || { cat "$work/man.err"; return 1; }
	if awk 'length > 80 { print length ": " $0; bad = 1 } END { exit !bad }' "$work/man"; then return 1; fi
	grep -q 'F9' "$work/man"
}
check_steps "xtop --help and the man page fit 80 columns" help_fits_80

# A terminal curses cannot draw on (TERM=dumb: no cursor addressing) is
# refused in one sentence, before anything is drawn; -b still works.
term_dumb() {
	local status=0
	script -qec "env TERM=dumb $(printf %q "$xtop") --fake-script $(printf %q "$scenario")" /dev/null \
		</dev/null >"$work/dumb.out" 2>&1 || status=$?
	[ "$status" -eq 2 ] || { echo "exit status $status"; cat -v "$work/dumb.out"; return 1; }
	tr -d '\r' <"$work/dumb.out" >"$work/dumb.txt"
	[ "$(wc -l <"$work/dumb.txt")" -eq 1 ] || { cat -v "$work/dumb.out"; return 1; }
	grep -q "^xtop: the terminal type 'dumb' cannot move the cursor, so the screen cannot be drawn" "$work/dumb.txt"
	not grep -q $'\e' "$work/dumb.out"
	TERM=dumb "$xtop" -b -i 1 -d 0.1 --fake-script "$scenario" >"$work/dumb-batch.out"
	grep -q '^  Domain-0 ' "$work/dumb-batch.out"
}
check_steps "xtop: TERM=dumb is refused in one sentence (exit 2); -b still works" term_dumb
