#!/bin/bash
# Static checks: shellcheck on every shell script; every Python file
# compiled (py_compile) and linted (pyflakes3); and a dry run (make -n) of
# every top-level target so a broken rule shows up without a full build.
set -eu
cd "$(dirname "$0")/../.."
. tests/lib/report.sh

mapfile -t scripts < <(git ls-files | while read -r f; do
	case "$f" in *.sh|.ci/run) echo "$f" ;; *) head -n1 "$f" 2>/dev/null | grep -qE '^#!.*\b(ba)?sh\b' && echo "$f" ;; esac
done | sort -u)
for f in "${scripts[@]}"; do
	if out=$(shellcheck -x "$f" 2>&1); then pass "shellcheck $f"; else fail "shellcheck $f"; echo "$out"; fi
done

# Python: *.py and scripts whose first line names python3.  The bytecode
# goes to a folder of its own, not beside the sources.
mapfile -t pythons < <(git ls-files | while read -r f; do
	case "$f" in *.py) echo "$f" ;; *) head -n1 "$f" 2>/dev/null | grep -qE '^#!.*\bpython3\b' && echo "$f" ;; esac
done | sort -u)
pycache=$(mktemp -d)
trap 'rm -rf "$pycache"' EXIT
for f in "${pythons[@]}"; do
	if out=$(PYTHONPYCACHEPREFIX=$pycache python3 -m py_compile "$f" 2>&1); then pass "py_compile $f"; else fail "py_compile $f"; echo "$out"; fi
	if out=$(pyflakes3 "$f" 2>&1); then pass "pyflakes3 $f"; else fail "pyflakes3 $f"; echo "$out"; fi
done

# The boot menus from livecd/boot-entries, with stand-in Xen options: the
# CD's offer every entry; the network boot templates every Xen entry but
# the toram one, each with the toram dom0_mem (last, as Xen takes the last)
# and @NETBOOT@ just before console=hvc0, paths relative to the TFTP root.
entry_ids() { awk -F'|' -v want="$1" '
	/^[[:space:]]*(#|$)/ { next }
	{ id = $1; gsub(/[[:space:]]/, "", id); xen = $4; gsub(/[[:space:]]/, "", xen)
	  if (want == "all" || (xen != "-" && (" " $5 " ") !~ / toram /)) print id }' livecd/boot-entries | paste -sd' '; }
menu_ids() { sed -n "$1" "$2" | paste -sd' '; }
must() { "$@" || { echo "not so: $*"; return 1; }; }
boot_menus() {
	local out=$1 all net n pxe=$1/netboot-pxelinux.cfg grub=$1/netboot-grub.cfg
	local grub_id="s/^menuentry .* --id \([^ ]*\) .*/\1/p" mem=dom0_mem=612M,max:612M
	XEN_CMDLINE='console=com1 dom0_mem=512M,max:512M' XEN_SAFE_CMDLINE='maxcpus=1 vga=text-80x25' \
		XEN_TEXT_CMDLINE=vga=text-80x25 XEN_VGA=vga=gfx-1024x768x16 DOM0_MEM_MB=512 SQUASHFS_MB=100 \
		livecd/gen-boot-menus.sh livecd/boot-entries "$out"
	all=$(entry_ids all) net=$(entry_ids net) n=$(wc -w <<<"$net")
	must [ "$n" -gt 0 ] && must [ "$net" != "$all" ]
	must [ "$(menu_ids 's/^LABEL //p' "$out/isolinux.cfg")" = "$all" ]
	must [ "$(menu_ids "$grub_id" "$out/grub.cfg")" = "$all" ]
	must [ "$(menu_ids 's/^LABEL //p' "$pxe")" = "$net" ]
	must [ "$(menu_ids "$grub_id" "$grub")" = "$net" ]
	must grep -q '^MENU TITLE .*@SERVER@' "$pxe"
	must grep -q "^menuentry '[^']*@SERVER@" "$grub"
	if grep -n '^  linux \| toram \|  APPEND /\|  KERNEL /\|--- /' "$pxe" "$grub"; then
		echo "a netboot entry without Xen, for toram, or with a path from the server's disk root"; return 1
	fi
	if grep -n "$mem.*dom0_mem=" "$pxe" "$grub"; then echo "a dom0_mem after toram's"; return 1; fi
	must [ "$(grep -c "^  KERNEL mboot\.c32\$" "$pxe")" = "$n" ]
	must [ "$(grep -c "^  APPEND boot/xen\.gz .* $mem .*--- boot/vmlinuz-dom0 .*@NETBOOT@ console=hvc0 --- boot/initrd\.gz\$" "$pxe")" = "$n" ]
	must [ "$(grep -c "^  multiboot2 /boot/xen\.gz .* $mem" "$grub")" = "$n" ]
	must [ "$(grep -c '^  module2 /boot/vmlinuz-dom0 .*@NETBOOT@ console=hvc0$' "$grub")" = "$n" ]
	must [ "$(cat "$pxe" "$grub" | grep -c @NETBOOT@)" = $((2 * n)) ]
}
menus=$(mktemp -d)
check_steps "boot menus: the CD's offer every entry, the netboot templates every Xen entry but toram, @NETBOOT@ on each dom0 line" boot_menus "$menus"
rm -rf "$menus"

for target in iso run check bench clean help deps pins; do
	if out=$(make -n "$target" 2>&1 >/dev/null); then pass "make -n $target"; else fail "make -n $target"; echo "$out"; fi
done
report_summary
