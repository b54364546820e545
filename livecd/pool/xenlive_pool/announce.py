"""The announcement each member broadcasts: sealed (HMAC-SHA256 keyed by
the pool's secret), and checked on arrival against forgery and replay.
Pure functions: the daemon (member.py) does the sockets and the clock."""
import hashlib
import hmac
import json
import re

from .util import DOMAIN_RE

PORT = 7711
MAGIC = b"XLP1"
# An announcement's timestamp may be this far from the receiver's clock.
MAX_SKEW = 300.0
NAME_RE = re.compile(r"^xenlive-[0-9a-f]{4}$")
KEY_RE = re.compile(r"^ssh-ed25519 [A-Za-z0-9+/=]{40,100}$")
LEASE_ADDR_RE = re.compile(r"^10\.99\.\d+\.\d+$")


def pool_key(secret):
    """The key announcements are signed with, from the secret (bytes)."""
    return hashlib.sha256(b"xenlive-pool-v1\0" + secret).digest()


def announcement(name, h, addr, ts, nonce, boot, seq, sshkey, hostkey, free, domains, leases):
    return {"v": 1, "name": name, "h": h, "addr": addr, "ts": ts,
            "nonce": nonce, "boot": boot, "seq": seq,
            "sshkey": sshkey, "hostkey": hostkey,
            "free": free, "domains": domains, "leases": leases}


def seal(key, payload):
    data = json.dumps(payload, separators=(",", ":")).encode()
    return MAGIC + hmac.new(key, data, hashlib.sha256).digest() + data


def unseal(key, packet):
    """The payload when the packet is signed with key, else None."""
    if len(packet) < 36 or packet[:4] != MAGIC:
        return None
    mac, data = packet[4:36], packet[36:]
    if not hmac.compare_digest(mac, hmac.new(key, data, hashlib.sha256).digest()):
        return None
    try:
        return json.loads(data)
    except ValueError:
        return None


def check(msg, src_addr, own_name, peers, nonces, now):
    """The announcement's fields when msg, an unsealed payload that came
    from src_addr, is well formed, claims that address, is another host's
    and is fresh; else None.  peers: {name: record} (peer()'s),
    nonces: {nonce: when seen}; neither is changed."""
    try:
        name, h, addr = msg["name"], int(msg["h"]), msg["addr"]
        ts, nonce, boot, seq = float(msg["ts"]), str(msg["nonce"]), str(msg["boot"]), int(msg["seq"])
        sshkey, hostkey = msg["sshkey"], msg["hostkey"]
    except (KeyError, TypeError, ValueError):
        return None
    if (not NAME_RE.match(name) or name == own_name or addr != src_addr or not 1 <= h <= 254
            or not KEY_RE.match(sshkey) or not KEY_RE.match(hostkey)):
        return None
    if is_replay(ts, nonce, boot, seq, peers.get(name), nonces, now):
        return None
    return {"name": name, "h": h, "addr": addr, "ts": ts, "nonce": nonce, "boot": boot, "seq": seq,
            "sshkey": sshkey, "hostkey": hostkey}


def is_replay(ts, nonce, boot, seq, last, nonces, now):
    """Too old or from the future, a nonce seen, or an older sequence
    number from the boot last heard (last: the peer's record, or None)."""
    return bool(abs(now - ts) > MAX_SKEW or nonce in nonces
                or (last and last["boot"] == boot and seq <= last["seq"]))


def expire_nonces(nonces, now):
    """Forgets nonces older than any announcement check() still takes."""
    for n in [n for n, t in nonces.items() if now - t > 2 * MAX_SKEW]:
        del nonces[n]


def peer(fields, msg, nic, now):
    """The record kept of a peer, from check()'s fields and the payload:
    only well-formed domains and leases on the guest network are kept."""
    doms = [d for d in msg.get("domains", []) if isinstance(d, list) and len(d) == 4
            and isinstance(d[0], str) and DOMAIN_RE.match(d[0])][:200]
    leases = {k: v for k, v in (msg.get("leases") or {}).items()
              if isinstance(k, str) and DOMAIN_RE.match(k) and isinstance(v, str)
              and LEASE_ADDR_RE.match(v)}
    f = fields
    return {"name": f["name"], "h": f["h"], "addr": f["addr"], "nic": nic, "boot": f["boot"], "seq": f["seq"],
            "sshkey": f["sshkey"], "hostkey": f["hostkey"], "seen": now,
            "free": int(msg.get("free", -1)), "domains": doms, "leases": leases}


def clash(h, own_h, peers, name):
    """Whose guest network 10.99.h.0/24 already is, when not name's: ""
    for this host's own, another peer's name, else None."""
    if h == own_h:
        return ""
    for other, p in peers.items():
        if other != name and p["h"] == h:
            return other
    return None
