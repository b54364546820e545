#!/usr/bin/python3
"""Lists every Debian package installed in a root, for the SBOM.

Usage: deb-inventory.py ROOT DEB_DIR > INVENTORY

One line per installed package, sorted, tab-separated:
  package version architecture source source-version sha256-of-the-.deb
The sha256 is that of the .deb file in DEB_DIR (debootstrap's package
cache) when it is there, else the one in the root's apt indexes
(var/lib/apt/lists/*_Packages, the index apt checked the download
against).  A package with neither stops the script: the SBOM must not
name a package it cannot identify.
"""
import glob
import hashlib
import os
import sys


def stanzas(path):
    """Yields each paragraph of a deb822 file as a dict (first lines only)."""
    fields = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if fields:
                    yield fields
                fields = {}
            elif not line[0].isspace() and ":" in line:
                key, value = line.split(":", 1)
                fields[key] = value.strip()
    if fields:
        yield fields


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: deb-inventory.py ROOT DEB_DIR")
    root, deb_dir = sys.argv[1:]
    status = os.path.join(root, "var/lib/dpkg/status")
    if not os.path.isfile(status):
        sys.exit(f"deb-inventory: {root} has no dpkg database ({status}).")
    index = {}
    for path in sorted(glob.glob(os.path.join(root, "var/lib/apt/lists/*_Packages"))):
        for s in stanzas(path):
            if "SHA256" in s:
                index.setdefault((s.get("Package"), s.get("Version"), s.get("Architecture")), s["SHA256"])
    lines, missing = [], []
    for s in stanzas(status):
        if s.get("Status", "").split()[-1:] != ["installed"]:
            continue
        name, version, arch = s["Package"], s["Version"], s["Architecture"]
        source, source_version = name, version
        if s.get("Source"):
            parts = s["Source"].split()
            source = parts[0]
            if len(parts) > 1:
                source_version = parts[1].strip("()")
        deb = os.path.join(deb_dir, f"{name}_{version.replace(':', '%3a')}_{arch}.deb")
        sha = file_sha256(deb) if os.path.isfile(deb) else index.get((name, version, arch))
        if not sha:
            missing.append(f"{name} {version}")
            continue
        lines.append("\t".join((name, version, arch, source, source_version, sha)))
    if missing:
        sys.exit(f"deb-inventory: no .deb and no apt index entry gives the sha256 of {', '.join(missing)} in {root}.")
    for line in sorted(lines):
        print(line)


main()
