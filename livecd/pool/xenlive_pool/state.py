"""The pool as this host knows it: state.json (the daemon writes it,
`xenlive-pool list` and migrate read it) and the batch lines xtop reads."""
import json

from .util import RUN

STATE_FILE = RUN + "/state.json"
# The same as `xenlive-pool list --batch` prints, for xtop (a file read is
# cheap; a Python process each refresh is not, under emulation).
LIST_FILE = RUN + "/list"
PEER_LOST_AFTER = 20.0


def build(me, peers, ignored, refused, now, serving=()):
    """The state: me ({name, addr, h, free, domains}) first, then the
    peers by name, up or lost by when they were last heard; serving: the
    "serve NIC ADDRESS MODE" lines while this host serves the CD."""
    hosts = [{"name": me["name"], "addr": me["addr"] or "", "h": me["h"], "free": me["free"],
              "state": "self", "domains": me["domains"]}]
    for p in sorted(peers.values(), key=lambda p: p["name"]):
        hosts.append({"name": p["name"], "addr": p["addr"], "h": p["h"], "free": p["free"],
                      "state": "up" if now - p["seen"] < PEER_LOST_AFTER else "lost",
                      "domains": p["domains"]})
    return {"hosts": hosts, "ignored": ignored, "refused": sorted(refused), "serving": list(serving)}


def dumps(st):
    return json.dumps(st, indent=1)


def load_state():
    try:
        with open(STATE_FILE) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def mib(n):
    return "?" if n is None or n < 0 else ("%dM" % n if n < 10240 else "%.1fG" % (n / 1024))


def batch_text(st):
    # host NAME ADDRESS FREE_MIB STATE NDOMAINS, then its domains:
    # domain HOST NAME MEM_MIB VCPUS STATE; while serving, serve NIC ADDRESS MODE
    lines = []
    for h in st["hosts"]:
        lines.append("host %s %s %d %s %d\n" % (h["name"], h["addr"] or "-", h["free"], h["state"], len(h["domains"])))
        for d in h["domains"]:
            lines.append("domain %s %s %d %d %s\n" % (h["name"], d[0], d[1], d[2], d[3]))
    lines += [s + "\n" for s in st.get("serving", [])]
    return "".join(lines)


def list_text(st):
    """`xenlive-pool list`: a table of the hosts, and the hosts not joined."""
    lines = ["%-14s %-16s %7s  %-5s %s\n" % ("HOST", "ADDRESS", "FREE", "STATE", "DOMAINS")]
    for h in st["hosts"]:
        doms = ", ".join(d[0] for d in h["domains"]) or "-"
        lines.append("%-14s %-16s %7s  %-5s %s\n" % (h["name"], h["addr"] or "-", mib(h["free"]), h["state"], doms))
    for s in st.get("serving", []):
        _, nic, addr, mode = s.split()
        lines.append("serving this CD on %s (%s, %s): PCs booting from the network join this pool\n" % (
            nic, addr, "full DHCP" if mode == "dhcp" else "proxy DHCP"))
    if st.get("refused"):
        lines.append("not joined (guest network clash): " + ", ".join(st["refused"]) + "\n")
    return "".join(lines)


def peer_named(st, host):
    """The host of that name in the state, when it is a peer, else None."""
    peer = None
    for h in (st or {}).get("hosts", []):
        if h["name"] == host and h["state"] != "self":
            peer = h
    return peer
