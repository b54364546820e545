#!/bin/bash
# check-guests-build: checks of the demo guests that need no Xen.
# Environment (from guest-images/tests/tests.mk): GUESTS_TREE GUESTS_BUILD
#   CENTOS_GUEST_REPO_DIR CENTOS_KERNEL_DIR CENTOS_KERNEL_CONFIG CENTOS_PACKAGES
#   XENLIVE_SPAWN (this host's build: the catalogue is read through it)
set -eu
cd "$(dirname "$0")/../.."
# shellcheck source=tests/lib/report.sh
. tests/lib/report.sh
# Most checks here are refusals: their sentences show only on failure.
CHECK_QUIET=1
: "${XENLIVE_SPAWN:?XENLIVE_SPAWN (the host build of xenlive-spawn, which reads the catalogue) is not set; run make check-guests-build}"
lib=usr/lib/xenlive/guests
tmp=$(mktemp -d "${TMPDIR:-/tmp}/guests-build-checks.XXXXXX")
netns_used='' hotplug_loops=''
cleanup() {
	for dev in $hotplug_loops; do losetup -d "$dev" 2>/dev/null || true; done
	ip netns del xlgt-hp 2>/dev/null || true
	if [ -n "$netns_used" ]; then
		ip netns pids xlgt-srv 2>/dev/null | xargs -r kill 2>/dev/null || true
		ip netns pids xlgt-cli 2>/dev/null | xargs -r kill 2>/dev/null || true
		ip netns del xlgt-srv 2>/dev/null || true
		ip netns del xlgt-cli 2>/dev/null || true
	fi
	for m in proc run; do umount -l "$tmp/centos/$m" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT

# --- catalogue and xl configs -------------------------------------------
hvm_cfg_ok() { # CFG: an HVM guest as a plain PC whose screen stays on loopback
	local cfg=$1
	grep -qx 'type = "hvm"\|type = "@type@"' "$cfg" || { echo "$cfg: not an HVM config"; return 1; }
	grep -qx 'device_model_version = "qemu-xen"' "$cfg" || { echo "$cfg: device model is not qemu-xen"; return 1; }
	grep -qx 'xen_platform_pci = 0' "$cfg" || { echo "$cfg: must show the guest a plain PC (xen_platform_pci = 0)"; return 1; }
	grep -qx 'vnclisten = "127.0.0.1"' "$cfg" || { echo "$cfg: VNC must listen on 127.0.0.1 only"; return 1; }
	grep -qF 'vif = [ "bridge=xenbr0,model=e1000" ]' "$cfg" || { echo "$cfg: vif must be an e1000 on xenbr0"; return 1; }
}
media_cfg_ok() { # the user's-medium config: never writes the medium
	local cfg=$GUESTS_TREE/etc/xen/hvm-media.cfg
	hvm_cfg_ok "$cfg" || return 1
	grep -qx 'device_model_args_hvm = \[ "-snapshot" \]' "$cfg" || { echo "$cfg: disks must run with -snapshot"; return 1; }
	! grep -n '@[a-z_]*@\|^disk' "$cfg" || { echo "$cfg: the medium comes from the launcher, nothing else"; return 1; }
}
check "hvm-media.cfg: a plain PC, screen on loopback, every disk behind -snapshot" media_cfg_ok
debian_pc_iso_ok() { # a CD any PC's BIOS boots, Debian's stock kernel on it
	local iso=$GUESTS_TREE/usr/lib/xenlive/guests/debian-pc/debian-pc.iso report
	report=$(xorriso -indev "$iso" -report_el_torito plain 2>/dev/null)
	grep -q 'El Torito boot img.*BIOS' <<<"$report" || { echo "no BIOS El Torito boot image: $report"; return 1; }
	grep -q '^linux-image-[0-9.]*-[0-9]*-amd64=' "$GUESTS_TREE/usr/lib/xenlive/guests/debian-pc/packages.txt" ||
		{ echo "packages.txt does not name Debian's stock amd64 kernel"; return 1; }
	xorriso -indev "$iso" -osirrox on -extract /boot/vmlinuz "$GUESTS_BUILD/pc-vmlinuz" >/dev/null 2>&1
	file "$GUESTS_BUILD/pc-vmlinuz" | grep -q 'Linux kernel x86 boot executable' ||
		{ echo "/boot/vmlinuz on it is not a Linux kernel"; return 1; }
	rm -f "$GUESTS_BUILD/pc-vmlinuz"
}
check "debian-pc.iso: BIOS-bootable CD with Debian's stock kernel (the unmodified OS)" debian_pc_iso_ok
# The catalogue's grammar (keys, values, required keys, each file named
# after its image) is its one parser's, the one xtop and xenlive-spawn
# read it with; the checks here get their values through it too.
catalogue=$GUESTS_TREE/etc/xenlive/guests.d
spawn() { "$XENLIVE_SPAWN" --catalog "$catalogue" "$@"; }
check "catalogue: every file as xtop reads it, each named after its image (xenlive-spawn check-catalog)" \
	spawn check-catalog
catalogue_ok() { # IMAGE: the files it names are in the tree; its xl config agrees with it
	local image=$1 f=$catalogue/$1.conf settings key value
	declare -A seen=()
	settings=$(spawn get "$image") || return 1
	while read -r key _ value; do seen[$key]=$value; done <<<"$settings"
	for key in config kernel ramdisk image; do
		[ -z "${seen[$key]:-}" ] || [ -f "$GUESTS_TREE${seen[$key]}" ] ||
			{ echo "$f: $key ${seen[$key]} is not in the tree"; return 1; }
	done
	# The xl config must agree with the catalogue.
	local cfg=$GUESTS_TREE${seen[config]}
	cfg_value() { sed -n "s/^$1[[:space:]]*=[[:space:]]*\"\{0,1\}\([^\"]*\)\"\{0,1\}[[:space:]]*$/\1/p" "$cfg"; }
	[ "$(cfg_value memory)" = "${seen[memory]}" ] || { echo "$cfg: memory differs from $f"; return 1; }
	[ "$(cfg_value vcpus)" = "${seen[vcpus]}" ] || { echo "$cfg: vcpus differs from $f"; return 1; }
	[ "$(cfg_value maxmem)" = "${seen[maxmem]:-}" ] || { echo "$cfg: maxmem differs from $f"; return 1; }
	[ "$(cfg_value maxvcpus)" = "${seen[maxvcpus]:-}" ] || { echo "$cfg: maxvcpus differs from $f"; return 1; }
	[ "$(cfg_value kernel)" = "${seen[kernel]:-}" ] || { echo "$cfg: kernel differs from $f"; return 1; }
	# xl's type defaults to pv, as the catalogue's does.
	[ "$(cfg_value type)" = "${seen[type]:-}" ] || { echo "$cfg: type differs from $f"; return 1; }
	[ "$(cfg_value ramdisk)" = "${seen[ramdisk]:-}" ] || { echo "$cfg: ramdisk differs from $f"; return 1; }
	[ "$(cfg_value name)" = "$image" ] || { echo "$cfg: default name is not $image"; return 1; }
	grep -qF "target=${seen[image]}\"" "$cfg" || { echo "$cfg: disk is not ${seen[image]}"; return 1; }
	grep -q 'access=ro,' "$cfg" || { echo "$cfg: the image must be attached read-only"; return 1; }
	if [ "${seen[type]:-}" = hvm ]; then
		hvm_cfg_ok "$cfg" || return 1
		grep -qF "access=ro,devtype=cdrom,target=${seen[image]}\"" "$cfg" ||
			{ echo "$cfg: the boot image must be a read-only CD"; return 1; }
		[ "${seen[maxmem]:-${seen[memory]}}" = "${seen[memory]}" ] ||
			{ echo "$f: an HVM guest's maxmem must be its memory (no balloon driver)"; return 1; }
		return 0
	fi
	grep -qF "vif = [ \"bridge=xenbr0,script=vif-bridge-lean\" ]" "$cfg" || { echo "$cfg: vif must join xenbr0 through vif-bridge-lean"; return 1; }
	grep -q 'access=ro,script=block-shared-ro,' "$cfg" || { echo "$cfg: the image must be attached by block-shared-ro"; return 1; }
	local script
	for script in block-shared-ro vif-bridge-lean; do
		[ -x "$GUESTS_TREE/etc/xen/scripts/$script" ] || { echo "hotplug script $script is not in the tree"; return 1; }
	done
}
for image in debian debian-pvh centos centos-pvh debian-pc; do
	check "catalogue $image.conf: its files in the tree, agrees with its xl config" catalogue_ok "$image"
done
# One owner: the xl configs as written take what the catalogue owns from it.
cfg_leaves_catalogue_values() {
	local bad
	local cfgs=() f
	# hvm-media.cfg is no catalogue image's: the launcher names its medium.
	for f in guest-images/dom0/etc/xen/*.cfg; do [ "${f##*/}" = hvm-media.cfg ] || cfgs+=("$f"); done
	bad=$(grep -HnE '^[[:space:]]*(name|kernel|ramdisk|memory|maxmem|vcpus|maxvcpus)[[:space:]]*=' "${cfgs[@]}" |
		grep -v '= "\{0,1\}@[a-z_]*@"\{0,1\}$' || true)
	bad+=$(grep -L 'target=@image@"' "${cfgs[@]}" || true)
	[ -z "$bad" ] || { echo "written out instead of @key@ from the catalogue: $bad"; return 1; }
}
check "xl configs (source) take name, kernel, ramdisk, memory, vcpus and image from the catalogue" \
	cfg_leaves_catalogue_values
centos_display_honest() { [[ $(spawn get centos display) == CentOS-style* ]]; }
check "catalogue: CentOS-style named honestly" centos_display_honest
check "tree: units and dnsmasq config present" test -f "$GUESTS_TREE/usr/lib/systemd/system/xenlive-dhcp.service" \
	-a -f "$GUESTS_TREE/usr/lib/systemd/system/xenlive-autospawn.service" -a -f "$GUESTS_TREE/etc/xenlive/dnsmasq.conf" \
	-a -x "$GUESTS_TREE/usr/lib/xenlive/autospawn.sh" -a -L "$GUESTS_TREE/etc/systemd/system/multi-user.target.wants/xenlive-dhcp.service"
if command -v systemd-analyze >/dev/null; then
	check "tree: systemd units verify" systemd-analyze verify --man=no \
		"$GUESTS_TREE/usr/lib/systemd/system/xenlive-dhcp.service"
fi
check "tree: dnsmasq accepts its config" dnsmasq --test --conf-file="$GUESTS_TREE/etc/xenlive/dnsmasq.conf"

no_shadow_xl() { # xl on the CD is Xen's own: nothing in front of it
	[ ! -e "$GUESTS_TREE/usr/local/sbin/xl" ] && [ ! -e "$GUESTS_TREE/usr/local/bin/xl" ]
}
check "no wrapper shadows Xen's xl in dom0" no_shadow_xl

# --- images -----------------------------------------------------------
unsquashfs -q -d "$tmp/centos" "$GUESTS_TREE/$lib/centos/root.squashfs" >/dev/null
unsquashfs -q -d "$tmp/debian" "$GUESTS_TREE/$lib/debian/root.squashfs" >/dev/null
rpm_lists() {
	local got want
	got=$(rpm --root "$tmp/centos" -qa --qf '%{NAME}\n' | sort)
	echo "$got"
	for want in xenlive-filesystem xenlive-busybox xenlive-initscripts xenlive-release xenlive-demo-httpd xenlive-guest-tools; do
		grep -qx "$want" <<<"$got" || { echo "missing $want"; return 1; }
	done
	[ "$(rpm --root "$tmp/centos" --dbpath /var/lib/rpm -qa | wc -l)" -eq "$(wc -l <<<"$got")" ]
}
check "centos image: rpm --root IMG -qa lists its packages (rpmdb in /var/lib/rpm)" rpm_lists
check "centos image: rpm -V finds no modified files" rpm --root "$tmp/centos" -Va --nomtime
centos_layout() {
	local r=$tmp/centos
	grep -q 'CentOS-style release 9' "$r/etc/redhat-release" &&
	[ "$(readlink "$r/etc/system-release")" = xenlive-release ] &&
	grep -q '^BOOTPROTO=dhcp' "$r/etc/sysconfig/network-scripts/ifcfg-eth0" &&
	grep -q '^ID_LIKE="rhel' "$r/usr/lib/os-release" &&
	[ "$(readlink "$r/sbin")" = usr/sbin ] && [ "$(readlink "$r/usr/sbin/init")" = /usr/sbin/busybox ] &&
	[ -x "$r/etc/rc.d/init.d/network" ] && [ -L "$r/etc/rc.d/rc3.d/S10network" ] &&
	[ -L "$r/etc/rc.d/rc3.d/S85demo-httpd" ] && grep -q 'hvc0::respawn:/sbin/getty' "$r/etc/inittab" &&
	[ -x "$r/usr/sbin/overlay-init" ] && [ -x "$r/usr/bin/xenlive-xs-read" ]
}
check "centos image: RHEL-family layout, SysV init, ifcfg-eth0, demo service" centos_layout
debian_layout() {
	local r=$tmp/debian
	grep -q 'bookworm' "$r/etc/os-release" && [ -x "$r/lib/systemd/systemd" ] && [ -x "$r/usr/bin/apt-get" ] &&
	[ -L "$r/etc/systemd/system/sockets.target.wants/demo-http.socket" ] &&
	[ -L "$r/etc/systemd/system/multi-user.target.wants/systemd-networkd.service" ] &&
	[ -x "$r/usr/bin/xenlive-xs-read" ] && [ -x "$r/usr/local/sbin/xenlive-demo-httpd" ] && grep -q "^Accept=no" "$r/etc/systemd/system/demo-http.socket" &&
	grep -q '^root::' "$r/etc/shadow" && [ ! -s "$r/etc/machine-id" ] &&
	[ -L "$r/etc/systemd/system/sysinit.target.wants/xenlive-console-getty.service" ]
}
check "debian image: systemd, apt, networkd, demo socket, root login" debian_layout
# SSH: dropbear in both images, per-instance host keys made at
# boot (none in an image), dom0's keys made at boot (none in the tree).
ssh_images_ok() {
	local c=$tmp/centos d=$tmp/debian keys
	rpm --root "$c" -q xenlive-dropbear xenlive-glibc >/dev/null || { echo "centos: xenlive-dropbear/xenlive-glibc not installed"; return 1; }
	if [ ! -x "$c/usr/sbin/xenlive-guest-ssh" ] || [ ! -L "$c/etc/rc.d/rc3.d/S55sshd" ]; then
		echo "centos: no sshd service"; return 1
	fi
	# Its dynamic loader and libraries resolve inside the image.
	chroot "$c" /usr/sbin/dropbear -V 2>&1 | grep -q 'Dropbear v2022' || { echo "centos: dropbear does not run in the image"; return 1; }
	chroot "$c" /usr/bin/dropbearkey -t ed25519 -f /tmp/k >/dev/null 2>&1 || { echo "centos: dropbearkey does not run in the image"; return 1; }
	rm -f "$c/tmp/k"
	local f
	for f in usr/sbin/dropbear usr/local/sbin/xenlive-guest-ssh etc/systemd/system/sockets.target.wants/xenlive-ssh.socket \
		etc/systemd/system/multi-user.target.wants/xenlive-ssh-publish.service; do
		[ -e "$d/$f" ] || [ -L "$d/$f" ] || { echo "debian: $f missing"; return 1; }
	done
	keys=$(find "$c/etc" "$d/etc" "$GUESTS_TREE/etc" "$GUESTS_TREE/root" -name '*host_key*' -o -name 'ssh_host_*' -o -name 'id_*' 2>/dev/null)
	[ -z "$keys" ] || { echo "keys shipped: $keys"; return 1; }
	! grep -rlq 'PRIVATE KEY' "$c/etc" "$d/etc" "$GUESTS_TREE/etc" || { echo "a private key is shipped"; return 1; }
}
check "ssh: dropbear in both images (runs in the CentOS-style root), no key shipped" ssh_images_ok
size_ok() { # FILE MAX_MB
	local bytes
	bytes=$(stat -c %s "$1")
	echo "$1: $((bytes / 1024)) KiB (budget $2 MiB)"
	[ "$bytes" -le $(($2 * 1024 * 1024)) ]
}
check "debian image within 60 MB compressed ($(($(stat -c %s "$GUESTS_TREE/$lib/debian/root.squashfs") / 1024)) KiB)" \
	size_ok "$GUESTS_TREE/$lib/debian/root.squashfs" 60
check "centos image within 10 MB compressed ($(($(stat -c %s "$GUESTS_TREE/$lib/centos/root.squashfs") / 1024)) KiB)" \
	size_ok "$GUESTS_TREE/$lib/centos/root.squashfs" 10
total_kib=$(du -sk "$GUESTS_TREE" | cut -f1)
echo "guests tree: $total_kib KiB in total"

# The demo page: run the CentOS-style guest's boot script and httpd in a
# chroot inside a network namespace, fetch the page.
demo_page() {
	local r=$tmp/centos ns=xlgt-srv page
	netns_used=1
	ip netns add "$ns"
	ip -n "$ns" link set lo up
	# The guest's rc.sysinit mounts /proc before guest-info runs (it reads
	# the kernel's release and sets the host name there).
	mount -t proc proc "$r/proc"
	mount -t tmpfs tmpfs "$r/run"
	echo demo-guest-7 >"$r/etc/hostname"
	ip netns exec "$ns" unshare --uts chroot "$r" /bin/sh -c \
		'/usr/sbin/xenlive-guest-info 2>/dev/null; httpd -p 127.0.0.1:80 -h /var/www/demo; sleep 1; wget -q -O - http://127.0.0.1/' \
		>"$tmp/page" 2>&1 || true
	ip netns pids "$ns" | xargs -r kill
	umount "$r/run" "$r/proc"
	ip netns del "$ns"
	page=$(cat "$tmp/page")
	echo "$page"
	grep -q '^name: demo-guest-7$' <<<"$page" && grep -q '^distribution: CentOS-style' <<<"$page" &&
		grep -q "^kernel: $(uname -r)$" <<<"$page"
}
check "centos image: demo HTTP page has name, distribution, kernel" demo_page

# --- dnf path and CENTOS_REPO -------------------------------------------
# The same build-root.sh the image came from, given the local repository as
# CENTOS_REPO (file://), must produce the same package set.
read -r -a pkgs <<<"$CENTOS_PACKAGES"
dnf_local() {
	guest-images/centos/build-root.sh "$tmp/dnf/root.squashfs" "file://$CENTOS_GUEST_REPO_DIR" "${pkgs[@]}" &&
	diff "$tmp/dnf/root.squashfs.packages" "$GUESTS_TREE/$lib/centos/packages.txt"
}
check "dnf --installroot from a local repository (CENTOS_REPO=file://...)" dnf_local
bad_repo() { # URL EXPECTED-MESSAGE: fails with the message, leaves nothing
	local out rc=0
	mkdir -p "$tmp/bad"
	out=$(guest-images/centos/build-root.sh "$tmp/bad/root.squashfs" "$1" "${pkgs[@]}" 2>&1) || rc=$?
	echo "$out"
	[ "$rc" -ne 0 ] && grep -qF "$2" <<<"$out" && [ -z "$(ls -A "$tmp/bad")" ]
}
check "bad CENTOS_REPO (not a URL): clear error, nothing left" bad_repo "not-a-url" "is not a repository URL"
check "bad CENTOS_REPO (no repository there): clear error, nothing left" \
	bad_repo "file://$tmp/no-such-repo" "dnf could not install"
check "bad CENTOS_REPO (unreachable http): clear error, nothing left" \
	bad_repo "http://127.0.0.1:9/repo" "dnf could not install"
make_bad_repo() {
	local out rc=0
	out=$(make --no-print-directory O="$tmp/o" CENTOS_REPO=http://127.0.0.1:9/repo \
		"$tmp/o/guests/build/centos/root.squashfs" 2>&1) || rc=$?
	echo "$out" | tail -n 5
	[ "$rc" -ne 0 ] && grep -qF 'CENTOS_REPO=http://127.0.0.1:9/repo' <<<"$out" &&
		[ ! -e "$tmp/o/guests/build/centos/root.squashfs" ] &&
		[ -z "$(find "$tmp/o/guests/build/centos" -maxdepth 1 -name '.centos-root.*')" ]
}
check "make CENTOS_REPO=<bad>: build stops with the URL in the error, no image" make_bad_repo
missing_pkg() {
	local out rc=0
	mkdir -p "$tmp/bad2"
	out=$(guest-images/centos/build-root.sh "$tmp/bad2/root.squashfs" "file://$CENTOS_GUEST_REPO_DIR" no-such-package 2>&1) || rc=$?
	echo "$out"
	[ "$rc" -ne 0 ] && grep -qF "dnf could not install 'no-such-package'" <<<"$out" && [ -z "$(ls -A "$tmp/bad2")" ]
}
check "a package the repository lacks: clear error, nothing left" missing_pkg

# --- kernels and initramfs ----------------------------------------------
kernel_config() {
	local line missing=0
	while read -r line; do
		grep -qxF "$line" "$CENTOS_KERNEL_DIR/config" || { echo "missing $line"; missing=1; }
	done < <(grep -E '^CONFIG_[A-Z0-9_]+=' "$CENTOS_KERNEL_CONFIG")
	grep -q '^# CONFIG_MODULES is not set' "$CENTOS_KERNEL_DIR/config" || { echo "modules enabled"; missing=1; }
	return "$missing"
}
check "centos kernel: every fragment option built in, no modules" kernel_config
check "centos kernel: bzImage in the tree is the built one" cmp "$CENTOS_KERNEL_DIR/vmlinuz" "$GUESTS_TREE/$lib/centos/vmlinuz"
initrd_ok() {
	local list
	list=$(zcat "$GUESTS_TREE/$lib/debian/initrd.gz" | cpio -t --quiet)
	for f in init bin/busybox bin/switch_root lib/overlay-root.sh lib/modules/01-xen-blkfront.ko \
		lib/modules/02-xen-netfront.ko lib/modules/03-squashfs.ko lib/modules/04-overlay.ko; do
		grep -qx "$f" <<<"$list" || { echo "initrd lacks $f"; return 1; }
	done
}
check "debian initramfs: busybox, front-end/squashfs/overlay modules, /init" initrd_ok
check "debian kernel: Debian's cloud kernel, Xen PV" sh -c "file -L '$GUESTS_TREE/$lib/debian/vmlinuz' | grep -q 'cloud-amd64'"

# --- dom0 DHCP: the shipped dnsmasq config, a bridge and a client in netns
dhcp_ok() {
	netns_used=1
	ip netns add xlgt-srv && ip netns add xlgt-cli
	ip -n xlgt-srv link add xenbr0 type bridge
	ip -n xlgt-srv addr add 10.99.0.1/24 dev xenbr0
	ip -n xlgt-srv link set xenbr0 up
	ip -n xlgt-srv link add vif1.0 type veth peer name eth0 netns xlgt-cli
	ip -n xlgt-srv link set vif1.0 master xenbr0 up
	ip -n xlgt-cli link set eth0 up
	# shellcheck disable=SC2016 # expanded by the inner shell
	ip netns exec xlgt-srv unshare --mount sh -c \
		'mount -t tmpfs tmpfs /run && mkdir -p /run/xenlive && exec dnsmasq --keep-in-foreground --conf-file="$1" --pid-file=/run/xenlive/dnsmasq.pid' \
		sh "$GUESTS_TREE/etc/xenlive/dnsmasq.conf" &
	sleep 1
	mkdir -p "$tmp/udhcpc"
	# shellcheck disable=SC2016 # a script for udhcpc
	printf '#!/bin/sh\n[ "$1" = bound ] && echo "$ip $router" >%s/lease\nexit 0\n' "$tmp/udhcpc" >"$tmp/udhcpc/script"
	chmod +x "$tmp/udhcpc/script"
	ip netns exec xlgt-cli busybox udhcpc -q -n -t 5 -T 1 -i eth0 -x hostname:guest-x -s "$tmp/udhcpc/script" >/dev/null 2>&1
	cat "$tmp/udhcpc/lease"
	# An address in the range, and no router (nothing leaves the machine).
	grep -qE '^10\.99\.0\.([1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|250) $' "$tmp/udhcpc/lease"
}
# Set here: dhcp_ok runs in check's subshell, and cleanup must see it.
netns_used=1
check "dom0 DHCP: dnsmasq.conf leases 10.99.0.x on xenbr0, no router" dhcp_ok
dns_ok() { # the lease's name resolves on 10.99.0.1; nothing else is forwarded
	local ip out
	ip=$(cut -d' ' -f1 "$tmp/udhcpc/lease")
	ip -n xlgt-cli addr add "$ip/24" dev eth0 2>/dev/null || true
	out=$(ip netns exec xlgt-cli busybox nslookup guest-x 10.99.0.1 2>&1)
	echo "$out"
	grep -q "Address: $ip\$" <<<"$out" || return 1
	! ip netns exec xlgt-cli busybox nslookup deb.debian.org 10.99.0.1 >/dev/null 2>&1
}
check "dom0 DNS: a guest's DHCP name resolves, other names do not (no upstream)" dns_ok

# --- hotplug scripts: the helper's test build, run as libxl runs it, with
# XenStore kept in files (one per key; what the checks read and write).
mkdir -p "$tmp/hp/bin" "$tmp/hp/store"
: "${HOTPLUG_TEST_BIN:?HOTPLUG_TEST_BIN (the hotplug helper built against a file store) is not set; run make check-guests-build}"
for script in block-shared-ro vif-bridge-lean; do ln -sf "$HOTPLUG_TEST_BIN" "$tmp/hp/bin/$script"; done
scripts=$tmp/hp/bin
hp_store() { cat "$tmp/hp/store/$(echo "$1" | tr / _)" 2>/dev/null; }
hp_run() { # SCRIPT ACTION XENBUS_PATH [VAR=VALUE...]
	local script=$1 action=$2 path=$3
	shift 3
	env XENLIVE_HOTPLUG_STORE="$tmp/hp/store" XENBUS_PATH="$path" "$@" "$scripts/$script" "$action"
}
hp_image=$tmp/hp/image.squashfs
head -c 1048576 /dev/zero >"$hp_image"
block_shares_one_loop() {
	local p1=backend/vbd/1/51712 p2=backend/vbd/2/51712 dev majmin
	printf '%s' "$hp_image" >"$tmp/hp/store/${p1//\//_}_params"
	printf r >"$tmp/hp/store/${p1//\//_}_mode"
	cp "$tmp/hp/store/${p1//\//_}_params" "$tmp/hp/store/${p2//\//_}_params"
	cp "$tmp/hp/store/${p1//\//_}_mode" "$tmp/hp/store/${p2//\//_}_mode"
	hp_run block-shared-ro add "$p1" || return 1
	dev=$(hp_store "$p1/physical-device-path")
	hotplug_loops="$hotplug_loops $dev"
	hp_run block-shared-ro add "$p2" || return 1
	echo "first guest: $dev, second guest: $(hp_store "$p2/physical-device-path")"
	[ "$(hp_store "$p2/physical-device-path")" = "$dev" ] || return 1
	[ "$(losetup -n -O RO "$dev" | tr -d ' ')" = 1 ] || { echo "$dev is not read-only"; return 1; }
	majmin=$(cat "/sys/block/${dev#/dev/}/dev")
	[ "$(hp_store "$p1/physical-device")" = "$(printf '%x:%x' "${majmin%:*}" "${majmin#*:}")" ] || return 1
	[ "$(hp_store "$p1/hotplug-status")" = connected ] && [ "$(hp_store "$p2/hotplug-status")" = connected ] || return 1
	[ "$(losetup -j "$hp_image" | wc -l)" = 1 ] || { echo "more than one loop device for the image"; return 1; }
	hp_run block-shared-ro remove "$p1" && losetup "$dev" >/dev/null
}
check "block-shared-ro: two guests share one read-only loop device; blkback's keys written" block_shares_one_loop
block_refuses() { # MODE PARAMS EXPECTED-MESSAGE
	local p=backend/vbd/9/51712 out
	printf '%s' "$2" >"$tmp/hp/store/${p//\//_}_params"
	printf '%s' "$1" >"$tmp/hp/store/${p//\//_}_mode"
	rm -f "$tmp/hp/store/${p//\//_}_hotplug-status"
	if out=$(hp_run block-shared-ro add "$p" 2>&1); then echo "accepted: $out"; return 1; fi
	echo "$out"
	grep -q "$3" <<<"$out" && [ "$(hp_store "$p/hotplug-status")" = error ]
}
check "block-shared-ro: a writable attachment is refused with a sentence" block_refuses w "$hp_image" 'must be attached read-only'
check "block-shared-ro: a missing image is refused with a sentence" block_refuses r /nonexistent.squashfs 'does not exist'
vif_joins_bridge() {
	local p=backend/vif/1/0
	ip netns add xlgt-hp || return 1
	ip -n xlgt-hp link add xenbr0 type bridge
	ip -n xlgt-hp link set xenbr0 up
	ip -n xlgt-hp link add vif1.0 type veth peer name vif1.0-peer
	printf xenbr0 >"$tmp/hp/store/${p//\//_}_bridge"
	ip netns exec xlgt-hp env XENLIVE_HOTPLUG_STORE="$tmp/hp/store" XENBUS_PATH=$p vif=vif1.0 \
		"$scripts/vif-bridge-lean" online || return 1
	ip -n xlgt-hp -o link show vif1.0 | grep -q 'master xenbr0' || return 1
	ip -n xlgt-hp -o link show vif1.0 | grep -q '<.*UP' || return 1
	[ "$(hp_store "$p/hotplug-status")" = connected ] || return 1
	# With the guest's MAC known, the bridge has it behind the vif at once
	# (a migrated guest's frames must not go on to the host it left).
	printf 00:16:3e:12:34:56 >"$tmp/hp/store/${p//\//_}_mac"
	ip -n xlgt-hp link add xp-test type veth peer name xp-test-peer
	ip -n xlgt-hp link set xp-test-peer up
	ip -n xlgt-hp link set xp-test master xenbr0 up
	ip netns exec xlgt-hp bridge fdb replace 00:16:3e:12:34:56 dev xp-test master dynamic || return 1
	ip netns exec xlgt-hp env XENLIVE_HOTPLUG_STORE="$tmp/hp/store" XENBUS_PATH=$p vif=vif1.0 \
		"$scripts/vif-bridge-lean" online || return 1
	ip netns exec xlgt-hp bridge fdb show br xenbr0 | grep -q '^00:16:3e:12:34:56 dev vif1.0 ' || return 1
	ip netns exec xlgt-hp env XENLIVE_HOTPLUG_STORE="$tmp/hp/store" XENBUS_PATH=$p vif=vif1.0 \
		"$scripts/vif-bridge-lean" offline || return 1
	! ip -n xlgt-hp -o link show vif1.0 | grep -q master || return 1
	printf nosuchbr >"$tmp/hp/store/${p//\//_}_bridge"
	if ip netns exec xlgt-hp env XENLIVE_HOTPLUG_STORE="$tmp/hp/store" XENBUS_PATH=$p vif=vif1.0 \
		"$scripts/vif-bridge-lean" online; then return 1; fi
	[ "$(hp_store "$p/hotplug-status")" = error ]
}
check "vif-bridge-lean: vif joins its bridge and comes up, its guest's MAC behind it, leaves it; a missing bridge is an error" vif_joins_bridge
hotplug_installed() { # both names lead to the one static helper in the tree
	local script target
	for script in block-shared-ro vif-bridge-lean; do
		target=$(readlink -f "$GUESTS_TREE/etc/xen/scripts/$script") || return 1
		[ "$target" = "$(readlink -f "$GUESTS_TREE/usr/lib/xenlive/xenlive-hotplug")" ] || { echo "$script -> $target"; return 1; }
	done
	file -L "$target" | tee /dev/stderr | grep -q 'statically linked'
}
check "hotplug helper: both script names lead to it in the tree; statically linked (no loader at each start)" hotplug_installed
unknown_name_refused() {
	local out
	ln -sf "$HOTPLUG_TEST_BIN" "$tmp/hp/bin/block"
	if out=$(XENBUS_PATH=backend/vbd/1/51712 "$tmp/hp/bin/block" add 2>&1); then return 1; fi
	echo "$out"
	grep -q 'call me as block-shared-ro or vif-bridge-lean' <<<"$out"
}
check "hotplug helper: called by another name, it says which names it answers to" unknown_name_refused

# --- the Debian guest's demo web server: its test build (ASan, UBSan) on
# loopback, listening itself and as systemd starts it (LISTEN_FDS).
: "${DEMO_HTTPD_TEST_BIN:?DEMO_HTTPD_TEST_BIN (the test build of the demo web server) is not set; run make check-guests-build}"
demo_port() { # a free loopback port
	local port=$((30000 + RANDOM % 20000))
	while ss -ltnH "sport = :$port" | grep -q .; do port=$((port + 1)); done
	echo "$port"
}
demo_server_ok() {
	local port pid status=0
	port=$(demo_port)
	printf 'name: demo-guest\n' >"$tmp/demo-page.txt"
	"$DEMO_HTTPD_TEST_BIN" -p "$port" "$tmp/demo-page.txt" 2>"$tmp/demo-httpd.err" &
	pid=$!
	for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
	{
		# Every GET gets the page, as it is now (rewritten between two).
		[ "$(curl -s -m 5 "http://127.0.0.1:$port/")" = "name: demo-guest" ] &&
		printf 'name: renamed\n' >"$tmp/demo-page.txt" &&
		[ "$(curl -s -m 5 "http://[::1]:$port/any/path")" = "name: renamed" ] &&
		curl -s -m 5 -I "http://127.0.0.1:$port/" | grep -q '^Content-Length: 14' &&
		curl -s -m 5 -o /dev/null -w '%{http_code}' -X POST -d x "http://127.0.0.1:$port/" | grep -q '^405$' &&
		# A client that sends nothing holds it 2 s at most.
		{ exec 7<>"/dev/tcp/127.0.0.1/$port"; [ "$(curl -s -m 5 "http://127.0.0.1:$port/")" = "name: renamed" ]; } &&
		exec 7>&- &&
		# Before the page exists: a greeting with the host name.
		rm "$tmp/demo-page.txt" && curl -s -m 5 "http://127.0.0.1:$port/" | grep -q '^Hello from '
	} || status=1
	kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
	cat "$tmp/demo-httpd.err"
	[ "$status" = 0 ] && ! grep -q 'ERROR: \|runtime error' "$tmp/demo-httpd.err"
}
check "demo web server: every GET and HEAD gets the current page, other methods 405, a silent client is dropped" demo_server_ok
demo_socket_activated() {
	local port pid out
	port=$(demo_port)
	printf 'name: activated\n' >"$tmp/demo-page.txt"
	systemd-socket-activate -l "127.0.0.1:$port" "$DEMO_HTTPD_TEST_BIN" "$tmp/demo-page.txt" 2>"$tmp/demo-sa.err" &
	pid=$!
	for _ in $(seq 50); do ss -ltnH "sport = :$port" | grep -q . && break; sleep 0.1; done
	out=$(curl -s -m 5 "http://127.0.0.1:$port/")$(curl -s -m 5 "http://127.0.0.1:$port/")
	kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
	[ "$out" = "name: activatedname: activated" ]
}
check "demo web server: started by its socket (systemd's LISTEN_FDS), it stays and answers again" demo_socket_activated
demo_bad_input() {
	local out
	out=$("$DEMO_HTTPD_TEST_BIN" -p 70000 /dev/null 2>&1) && return 1
	echo "$out"; grep -q "'70000' is not a TCP port" <<<"$out" || return 1
	out=$(env -u LISTEN_FDS "$DEMO_HTTPD_TEST_BIN" /dev/null 2>&1) && return 1
	echo "$out"; grep -q 'no listening socket from systemd' <<<"$out"
}
check "demo web server: a bad port or no socket from systemd gets one sentence and a non-zero exit" demo_bad_input

# --- the in-ISO checks' console driver, against a shell posing as `xl console`
console_driver_ok() {
	mkdir -p "$tmp/fake-xl"
	# A slow guest: it answers the first Enter late, so a second prompt
	# arrives after the driver already saw one.
	printf '#!/bin/sh\nsleep 4\nPS1="# " exec sh -i\n' >"$tmp/fake-xl/xl"
	chmod +x "$tmp/fake-xl/xl"
	local out
	# shellcheck disable=SC2016 # expanded by the shell behind the console
	out=$(PATH="$tmp/fake-xl:$PATH" python3 guest-images/tests/dom0/guest-console.py g1 'echo mark=$((40 + 2)); false' 30) && return 1
	echo "output: $out"
	[ "$out" = mark=42 ]
}
check "guest-console.py: returns only the command's output and status, not prompts or echo" console_driver_ok

report_summary
