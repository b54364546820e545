"""One gretap tunnel to each peer, a port of xenbr0: the guest network is
one Ethernet segment across the pool, so a migrated guest keeps its
address."""
import re

from .util import run

DEV_RE = re.compile(r"^\d+: (xp-[0-9a-f]{4})[@:]")


def device(peer_name):
    """xp-XXXX for the peer xenlive-XXXX."""
    return "xp-" + peer_name[len("xenlive-"):]


def is_current(ip_details, remote, local):
    """Whether `ip -d link show`'s text is of a tunnel from local to remote."""
    return ("remote %s " % remote) in ip_details and ("local %s " % local) in ip_details


def devices(ip_links):
    """The tunnels in `ip -o link show`'s text."""
    return [m.group(1) for m in (DEV_RE.match(line) for line in ip_links.splitlines()) if m]


def ensure(peer, local):
    """A tunnel from local to the peer's address, made again if it differs."""
    dev = device(peer["name"])
    cur = run("ip", "-d", "link", "show", dev, check=False)
    if cur.returncode == 0 and is_current(cur.stdout, peer["addr"], local):
        return
    run("ip", "link", "del", dev, check=False, quiet=True)
    # nopmtudisc: full 1500-byte guest frames cross as fragments, since
    # a bridge drops frames larger than a port's MTU.
    if run("ip", "link", "add", dev, "type", "gretap", "local", local, "remote", peer["addr"],
           "nopmtudisc").returncode != 0:
        return
    run("ip", "link", "set", dev, "mtu", "1500")
    run("ip", "link", "set", dev, "master", "xenbr0")
    # Split horizon: a frame from one tunnel never goes out another, so
    # a full mesh of tunnels has no loop.
    run("bridge", "link", "set", "dev", dev, "isolated", "on")
    # A guest's DHCP broadcasts stay on its own host: each host leases
    # its own guests (unicast renewals still cross, after a migration).
    run("tc", "qdisc", "add", "dev", dev, "ingress", check=False)
    run("tc", "filter", "add", "dev", dev, "parent", "ffff:", "protocol", "ip", "prio", "1", "u32",
        "match", "ip", "protocol", "17", "0xff", "match", "ip", "dport", "67", "0xffff",
        "match", "ip", "dst", "255.255.255.255/32", "action", "drop", check=False)
    run("ip", "link", "set", dev, "up")


def remove_all():
    for dev in devices(run("ip", "-o", "link", "show", check=False).stdout):
        run("ip", "link", "del", dev, check=False)
