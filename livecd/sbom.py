#!/usr/bin/python3
"""Writes the SPDX 2.3 (JSON) software bill of materials of xenlive.iso.

What it lists, and how the packages relate (SPDXID prefixes in brackets):
  the ISO [SPDXRef-iso]
    CONTAINS every pinned Debian package unpacked by the build: Xen, the
      kernels, busybox, the libraries the CentOS-style image repackages,
      the guest kernel's source [SPDXRef-pinned-]
    CONTAINS the dom0 root image [SPDXRef-dom0-root], which
      CONTAINS every Debian package of its dpkg database [SPDXRef-dom0-deb-],
      the Debian guest image [SPDXRef-debian-guest], which CONTAINS its
        Debian packages [SPDXRef-debian-guest-deb-],
      the CentOS-style guest image [SPDXRef-centos-guest], which CONTAINS
        its RPMs, built here [SPDXRef-centos-rpm-],
      the CentOS-style guest kernel, built here [SPDXRef-centos-kernel],
        GENERATED_FROM the pinned kernel source package,
      the unmodified-PC guest's boot CD [SPDXRef-debian-pc], which CONTAINS
        the pinned packages its ISO.packages names (Debian's stock kernel,
        busybox).
So the Debian packages the ISO or the dom0 root CONTAINS are the lines of
xenlive.packages, and each guest image CONTAINS the lines of its
.packages list.

Deterministic: no clock, no random id.  "created" is SOURCE_DATE_EPOCH and
the namespace is derived from the ISO's sha256.
"""
import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse

NOASSERTION = "NOASSERTION"


def die(msg):
    sys.exit(f"sbom: {msg}")


def sha256(path):
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError as e:
        die(f"cannot read {path}: {e.strerror}.")
    return h.hexdigest()


def lines(path):
    try:
        with open(path, encoding="utf-8") as f:
            return [ln.rstrip("\n") for ln in f if ln.strip() and not ln.startswith("#")]
    except OSError as e:
        die(f"cannot read {path}: {e.strerror}.")


def quote(s):
    return urllib.parse.quote(s, safe=".-_~")


class Doc:
    def __init__(self):
        self.packages = []
        self.relationships = []
        self.ids = set()

    def spdxid(self, prefix, name):
        base = prefix + re.sub(r"[^A-Za-z0-9.-]", "-", name)
        sid, n = base, 2
        while sid in self.ids:
            sid, n = f"{base}-{n}", n + 1
        self.ids.add(sid)
        return sid

    def package(self, sid, name, version, sha, supplier, purl=None, source=None, comment=None, purpose=None):
        p = {
            "SPDXID": sid,
            "name": name,
            "versionInfo": version,
            "supplier": supplier,
            "downloadLocation": NOASSERTION,
            "filesAnalyzed": False,
            "checksums": [{"algorithm": "SHA256", "checksumValue": sha}] if sha else [],
            "licenseConcluded": NOASSERTION,
            "licenseDeclared": NOASSERTION,
            "copyrightText": NOASSERTION,
        }
        if source:
            p["sourceInfo"] = source
        if comment:
            p["comment"] = comment
        if purpose:
            p["primaryPackagePurpose"] = purpose
        if purl:
            p["externalRefs"] = [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
                                  "referenceLocator": purl}]
        self.packages.append(p)
        return sid

    def relate(self, a, rel, b):
        self.relationships.append({"spdxElementId": a, "relationshipType": rel, "relatedSpdxElement": b})

    def deb(self, prefix, parent, name, version, arch, source, source_version, sha):
        purl = f"pkg:deb/debian/{quote(name)}@{quote(version)}?arch={arch}&distro=bookworm"
        src = f"built from Debian source package {source} {source_version}"
        sid = self.package(self.spdxid(prefix, f"{name}-{arch}"), name, version, sha,
                           "Organization: Debian", purl=purl, source=src)
        self.relate(parent, "CONTAINS", sid)
        return sid


def deb_fields(deb):
    """Package, Version, Architecture, Source of one .deb file."""
    try:
        out = subprocess.run(["dpkg-deb", "-f", deb, "Package", "Version", "Architecture", "Source"],
                             check=True, capture_output=True, text=True).stdout
    except subprocess.CalledProcessError as e:
        die(f"dpkg-deb cannot read {deb}: {e.stderr.strip()}")
    f = dict(ln.split(": ", 1) for ln in out.splitlines() if ": " in ln)
    source, source_version = f["Package"], f["Version"]
    if f.get("Source"):
        parts = f["Source"].split()
        source = parts[0]
        if len(parts) > 1:
            source_version = parts[1].strip("()")
    return f["Package"], f["Version"], f["Architecture"], source, source_version


def inventory(doc, prefix, parent, path):
    for ln in lines(path):
        fields = ln.split("\t")
        if len(fields) != 6:
            die(f"{path}: malformed line {ln!r} (6 tab-separated fields expected).")
        doc.deb(prefix, parent, *fields)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--iso", required=True)
    ap.add_argument("--commit", required=True)
    ap.add_argument("--sde", required=True, type=int, help="SOURCE_DATE_EPOCH")
    ap.add_argument("--pinned", nargs="*", default=[], help="the pinned .deb files")
    ap.add_argument("--dom0-image", required=True)
    ap.add_argument("--dom0-inventory", required=True)
    ap.add_argument("--debian-image", help="the Debian guest's root.squashfs (IMAGE.inventory beside it)")
    ap.add_argument("--centos-image", help="the CentOS-style guest's root.squashfs (IMAGE.packages beside it)")
    ap.add_argument("--centos-repo", help="the repository its RPMs were installed from, when local")
    ap.add_argument("--debian-pc-iso", help="the unmodified-PC guest's boot CD (ISO.packages beside it)")
    ap.add_argument("--kernel", help="the source-built guest kernel (config and release beside it)")
    ap.add_argument("--kernel-source", help="the name of the pinned package it is built from")
    a = ap.parse_args()

    iso_sha = sha256(a.iso)
    doc = Doc()
    iso = doc.package(doc.spdxid("SPDXRef-", "iso"), os.path.basename(a.iso), a.commit, iso_sha,
                      "Organization: Xen Live", purpose="OPERATING-SYSTEM",
                      comment=f"Xen Live live CD built from commit {a.commit}")
    pinned_ids = {}
    for deb in sorted(a.pinned):
        name, version, arch, source, source_version = deb_fields(deb)
        pinned_ids[name] = doc.deb("SPDXRef-pinned-", iso, name, version, arch, source, source_version, sha256(deb))

    dom0 = doc.package(doc.spdxid("SPDXRef-", "dom0-root"), "dom0 root file system (live/filesystem.squashfs)",
                       a.commit, sha256(a.dom0_image), "Organization: Xen Live", purpose="FILE")
    doc.relate(iso, "CONTAINS", dom0)
    inventory(doc, "SPDXRef-dom0-deb-", dom0, a.dom0_inventory)

    if a.debian_image:
        guest = doc.package(doc.spdxid("SPDXRef-", "debian-guest"), "Debian guest root image", a.commit,
                            sha256(a.debian_image), "Organization: Xen Live", purpose="FILE")
        doc.relate(dom0, "CONTAINS", guest)
        inventory(doc, "SPDXRef-debian-guest-deb-", guest, a.debian_image + ".inventory")

    if a.centos_image:
        guest = doc.package(doc.spdxid("SPDXRef-", "centos-guest"), "CentOS-style guest root image", a.commit,
                            sha256(a.centos_image), "Organization: Xen Live", purpose="FILE")
        doc.relate(dom0, "CONTAINS", guest)
        for nevra in lines(a.centos_image + ".packages"):
            m = re.fullmatch(r"(.+)-([^-]+)-([^-]+)\.([^.]+)", nevra)
            if not m:
                die(f"{a.centos_image}.packages: {nevra!r} is not NAME-VERSION-RELEASE.ARCH.")
            name, version, release, arch = m.groups()
            rpm = os.path.join(a.centos_repo or "", arch, nevra + ".rpm")
            local = bool(a.centos_repo) and os.path.isfile(rpm)
            sid = doc.package(doc.spdxid("SPDXRef-centos-rpm-", nevra), name, f"{version}-{release}",
                              sha256(rpm) if local else None,
                              "Organization: Xen Live" if local else NOASSERTION,
                              purl=f"pkg:rpm/{'xenlive' if local else 'centos'}/{quote(name)}@"
                                   f"{quote(version)}-{quote(release)}?arch={arch}",
                              source=f"built here from guest-images/centos/specs/{name}.spec" if local else None,
                              comment=None if local else "installed from CENTOS_REPO; no local file to hash")
            doc.relate(guest, "CONTAINS", sid)

    if a.debian_pc_iso:
        pc = doc.package(doc.spdxid("SPDXRef-", "debian-pc"), "unmodified-PC guest boot CD (debian-pc.iso)",
                         a.commit, sha256(a.debian_pc_iso), "Organization: Xen Live", purpose="OPERATING-SYSTEM")
        doc.relate(dom0, "CONTAINS", pc)
        for line in lines(a.debian_pc_iso + ".packages"):
            name = line.split("=", 1)[0]
            if name not in pinned_ids:
                die(f"{a.debian_pc_iso}.packages names {name}, which is not a pinned package.")
            doc.relate(pc, "CONTAINS", pinned_ids[name])

    if a.kernel:
        kdir = os.path.dirname(a.kernel)
        release = lines(os.path.join(kdir, "release"))[0]
        config_sha = sha256(os.path.join(kdir, "config"))
        kernel = doc.package(doc.spdxid("SPDXRef-", "centos-kernel"), "linux (CentOS-style guest kernel)", release,
                             sha256(a.kernel), "Organization: Xen Live", purpose="OPERATING-SYSTEM",
                             source=f"built here from {a.kernel_source or 'Linux source'}",
                             comment=f"bzImage; its .config (tinyconfig + guest-kernels/centos/xen-guest.config) "
                                     f"has sha256 {config_sha}")
        doc.relate(dom0, "CONTAINS", kernel)
        if a.kernel_source in pinned_ids:
            doc.relate(kernel, "GENERATED_FROM", pinned_ids[a.kernel_source])

    sbom = {
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": os.path.basename(a.iso),
        "documentNamespace": f"https://xenlive.invalid/spdx/{os.path.basename(a.iso)}-{iso_sha}",
        "creationInfo": {
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(a.sde)),
            "creators": ["Tool: xenlive livecd/sbom.py", "Organization: Xen Live"],
        },
        "packages": doc.packages,
        "relationships": [{"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES",
                           "relatedSpdxElement": iso}] + doc.relationships,
    }
    tmp = a.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(sbom, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, a.out)
    print(f"sbom: {a.out}: {len(doc.packages)} packages")


main()
