#!/usr/bin/python3
"""Validates xenlive.spdx.json (livecd/sbom.py) against SPDX 2.3 and the
build's package lists.

Usage: check-sbom.py SBOM ISO_MANIFEST [--sde N] [--debian-list FILE] [--centos-list FILE]

  - the document's required SPDX 2.3 fields, with their formats;
  - every package: a unique valid SPDXID, name, versionInfo,
    downloadLocation and a SHA256 checksum;
  - every relationship names existing elements, and the document
    DESCRIBES one;
  - the Debian packages the ISO and the dom0 root CONTAIN are as many as
    the lines of xenlive.packages (and the same name/version pairs), and
    each guest image CONTAINS as many packages as its list.
Prints one line per problem; exits 1 if there is any.
"""
import argparse
import collections
import json
import re
import sys

SPDXID = re.compile(r"SPDXRef-[A-Za-z0-9.-]+")
HEX64 = re.compile(r"[0-9a-f]{64}")
CREATED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
problems = []


def problem(msg):
    problems.append(msg)


def entries(path):
    with open(path, encoding="utf-8") as f:
        return [ln.split() for ln in f if ln.strip() and not ln.startswith("#")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sbom")
    ap.add_argument("manifest")
    ap.add_argument("--sde", type=int)
    ap.add_argument("--debian-list")
    ap.add_argument("--centos-list")
    a = ap.parse_args()
    try:
        with open(a.sbom, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{a.sbom} is not readable JSON: {e}")
        return 1

    for key, want in (("spdxVersion", "SPDX-2.3"), ("dataLicense", "CC0-1.0"), ("SPDXID", "SPDXRef-DOCUMENT")):
        if doc.get(key) != want:
            problem(f"document {key} is {doc.get(key)!r}, not {want!r}")
    if not doc.get("name"):
        problem("document has no name")
    ns = doc.get("documentNamespace", "")
    if not re.match(r"[a-z][a-z0-9+.-]*://", ns) or "#" in ns:
        problem(f"documentNamespace {ns!r} is not a URI without '#'")
    ci = doc.get("creationInfo") or {}
    if not CREATED.fullmatch(str(ci.get("created", ""))):
        problem(f"creationInfo.created {ci.get('created')!r} is not YYYY-MM-DDThh:mm:ssZ")
    elif a.sde is not None:
        import time
        want = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(a.sde))
        if ci["created"] != want:
            problem(f"creationInfo.created is {ci['created']}, not SOURCE_DATE_EPOCH ({want})")
    creators = ci.get("creators")
    if not creators or not all(re.match(r"(Tool|Organization|Person): \S", c) for c in creators):
        problem(f"creationInfo.creators {creators!r} is not a list of 'Tool: ...'/'Organization: ...'")

    packages = doc.get("packages") or []
    if not packages:
        problem("document lists no packages")
    by_id = {}
    for p in packages:
        sid = p.get("SPDXID", "")
        label = f"package {sid or p.get('name') or '?'}"
        if not SPDXID.fullmatch(sid):
            problem(f"{label}: SPDXID {sid!r} is not SPDXRef-[A-Za-z0-9.-]+")
        if sid in by_id:
            problem(f"{label}: SPDXID used twice")
        by_id[sid] = p
        for key in ("name", "versionInfo", "downloadLocation"):
            if not p.get(key):
                problem(f"{label}: no {key}")
        sums = [c for c in p.get("checksums") or [] if c.get("algorithm") == "SHA256"]
        if not sums or not all(HEX64.fullmatch(c.get("checksumValue", "")) for c in sums):
            problem(f"{label}: no SHA256 checksum of 64 hex digits")

    contains = collections.defaultdict(list)
    describes = []
    for r in doc.get("relationships") or []:
        a_id, b_id, kind = r.get("spdxElementId"), r.get("relatedSpdxElement"), r.get("relationshipType")
        for x in (a_id, b_id):
            if x != "SPDXRef-DOCUMENT" and x not in by_id:
                problem(f"relationship {a_id} {kind} {b_id} names {x}, which is not in the document")
        if not kind:
            problem(f"relationship {a_id} - {b_id} has no relationshipType")
        if a_id == "SPDXRef-DOCUMENT" and kind == "DESCRIBES":
            describes.append(b_id)
        if kind == "CONTAINS" and b_id in by_id:
            contains[a_id].append(by_id[b_id])
    if not describes:
        problem("the document DESCRIBES no package")

    def debs(p):
        return any(ref.get("referenceLocator", "").startswith("pkg:deb/") for ref in p.get("externalRefs") or [])

    on_iso = sorted((p["name"], p.get("versionInfo"))
                    for parent in ("SPDXRef-iso", "SPDXRef-dom0-root") for p in contains[parent] if debs(p))
    listed = sorted((e[0], e[1]) for e in entries(a.manifest))
    if on_iso != listed:
        extra = sorted(set(on_iso) - set(listed))[:5]
        missing = sorted(set(listed) - set(on_iso))[:5]
        problem(f"the SBOM has {len(on_iso)} Debian packages on the ISO, {a.manifest} {len(listed)}"
                f" (only in the SBOM: {extra}; only in the list: {missing})")
    for parent, path in (("SPDXRef-debian-guest", a.debian_list), ("SPDXRef-centos-guest", a.centos_list)):
        if path:
            n = len(entries(path))
            if len(contains[parent]) != n:
                problem(f"{parent} CONTAINS {len(contains[parent])} packages, {path} lists {n}")

    for p in problems:
        print(p)
    print(f"{a.sbom}: {len(packages)} packages, {len(doc.get('relationships') or [])} relationships, "
          f"{len(problems)} problems")
    return 1 if problems else 0


sys.exit(main())
