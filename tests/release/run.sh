#!/bin/bash
# The release files beside the ISO, and what must not be in its images:
#   - xenlive.spdx.json is valid SPDX 2.3 and matches the package lists
#     (check-sbom.py), and the checker does catch broken documents;
#   - SHA256SUMS covers the ISO and the SBOM, and they verify;
#   - no SSH host keys and an empty machine id in the dom0 root and the
#     Debian guest image (they would be the same on every machine booting
#     the CD, and differ from build to build).
# Usage: run.sh OUT_DIR DOM0_SQUASHFS DEBIAN_GUEST_SQUASHFS CENTOS_GUEST_SQUASHFS
# Environment: SOURCE_DATE_EPOCH (the SBOM's creation time must be it)
set -eu
out=$1 dom0=$2 debian=$3 centos=$4
cd "$(dirname "$0")/../.."
. tests/lib/report.sh
sbom=$out/xenlive.spdx.json
check=tests/release/check-sbom.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lists=(--debian-list "$debian.packages" --centos-list "$centos.packages")

if res=$("$check" "$sbom" "$out/xenlive.packages" --sde "${SOURCE_DATE_EPOCH:?}" "${lists[@]}" 2>&1); then
	pass "SBOM is valid SPDX 2.3 and matches the package lists ($(tail -n 1 <<<"$res"))"
else
	fail "SBOM check"
	echo "$res" | head -n 20
fi

# The checker itself: each broken copy must be refused, naming the problem.
broken() { # NAME WANT PYTHON-EXPRESSION-EDITING-d
	/usr/bin/python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[2])
json.dump(d, open(sys.argv[3], "w"))' "$sbom" "$3" "$tmp/$1.json"
	if res=$("$check" "$tmp/$1.json" "$out/xenlive.packages" "${lists[@]}" 2>&1); then
		fail "SBOM checker accepts $1"
	elif grep -q "$2" <<<"$res"; then
		pass "SBOM checker refuses $1"
	else
		fail "SBOM checker refuses $1, but does not say '$2'"
		echo "$res" | head -n 5
	fi
}
broken no-checksum 'no SHA256 checksum' 'd["packages"][-1]["checksums"] = []'
broken no-version 'no versionInfo' 'del d["packages"][-1]["versionInfo"]'
broken dangling-relationship 'not in the document' \
	'd["relationships"].append({"spdxElementId": "SPDXRef-iso", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-gone"})'
broken missing-package 'Debian packages on the ISO' \
	'd["packages"] = [p for p in d["packages"] if not p["SPDXID"].startswith("SPDXRef-dom0-deb-base-files")]; ids = {p["SPDXID"] for p in d["packages"]}; d["relationships"] = [r for r in d["relationships"] if r["relatedSpdxElement"] in ids]'
broken wrong-version 'spdxVersion' 'd["spdxVersion"] = "SPDX-2.2"'

if [ "$(awk '{ print $2 }' "$out/SHA256SUMS" | sort | tr '\n' ' ')" = "xenlive.iso xenlive.spdx.json " ]; then
	pass "SHA256SUMS lists the ISO and the SBOM"
else
	fail "SHA256SUMS lists $(awk '{ print $2 }' "$out/SHA256SUMS" | tr '\n' ' '), not xenlive.iso and xenlive.spdx.json"
fi
if res=$(cd "$out" && sha256sum -c SHA256SUMS 2>&1); then
	pass "sha256sum -c SHA256SUMS"
else
	fail "sha256sum -c SHA256SUMS"
	echo "$res"
fi
iso_sum=$(awk '$2 == "xenlive.iso" { print $1 }' "$out/SHA256SUMS")
if grep -q "xenlive.iso-$iso_sum\"" "$sbom"; then
	pass "the SBOM's namespace names the ISO's sha256"
else
	fail "the SBOM's namespace does not name the ISO's sha256 $iso_sum (stale SBOM?)"
fi

# Listing only (no extraction): path, and the size of etc/machine-id.
for image in "$dom0" "$debian"; do
	name=${image#"$out"/}
	listing=$(unsquashfs -lls -d '' "$image" 2>&1) || { fail "unsquashfs -lls $name"; continue; }
	keys=$(grep -E '/etc/(ssh/ssh_host_|dropbear/dropbear_.*_host_key)' <<<"$listing" || true)
	if [ -z "$keys" ]; then pass "$name has no SSH host keys"; else fail "$name ships SSH host keys: $keys"; fi
	mid=$(awk '$NF == "/etc/machine-id" { print $3 }' <<<"$listing")
	if [ "$mid" = 0 ]; then pass "$name has an empty /etc/machine-id"; else fail "$name: /etc/machine-id is ${mid:-missing} bytes, not empty"; fi
done
report_summary
