"""This host on the network: its wired NICs, its name and guest network
from its MAC, and the networkd, dnsmasq and hosts files a join writes."""
import fcntl
import os
import re
import socket
import struct

from .util import DOMAIN_RE, RUN

WIRED_RE = re.compile(r"^(en|eth)[A-Za-z0-9_.-]*$")
PEER_HOSTS = RUN + "/hosts"
BRIDGE_MAC = RUN + "/xenbr0.mac"
DNSMASQ_CONF = RUN + "/dnsmasq.conf"
BASE_DNSMASQ_CONF = "/etc/xenlive/dnsmasq.conf"
LEASES = "/run/xenlive/dnsmasq.leases"
# Sorts before /etc/systemd/network/10-xenbr0.network: networkd takes the
# first matching file by name.
NET_RUNTIME = "/run/systemd/network/05-xenbr0-pool.network"
DHCP_DROPIN = "/run/systemd/system/xenlive-dhcp.service.d/pool.conf"


def wired_nics():
    try:
        names = sorted(os.listdir("/sys/class/net"))
    except OSError:
        return []
    return [n for n in names if WIRED_RE.match(n)]


def mac_of(nic):
    try:
        with open("/sys/class/net/%s/address" % nic) as f:
            return f.read().strip()
    except OSError:
        return ""


def identity_of_mac(mac):
    """(name, H, bridge MAC) from a NIC's MAC: xenlive-XXXX is its last two
    bytes, H (the guest network's third byte) its last one, xenbr0's MAC is
    locally administered with the NIC's last four bytes; None for no MAC."""
    parts = mac.split(":")
    if len(parts) == 6 and mac != "00:00:00:00:00:00":
        b4, b5 = int(parts[4], 16), int(parts[5], 16)
        h = b5 if 1 <= b5 <= 254 else 1 + (b4 * 256 + b5) % 254
        return ("xenlive-%02x%02x" % (b4, b5), h, "0a:99:" + ":".join(parts[2:]))
    return None


def identity(mac_too=False):
    """(name, H) from the first wired NIC's MAC (identity_of_mac); with
    mac_too also a MAC for xenbr0."""
    for nic in wired_nics():
        ident = identity_of_mac(mac_of(nic))
        if ident:
            return ident if mac_too else ident[:2]
    return (None, None, None) if mac_too else (None, None)


def nic_addresses():
    """{nic: (address, broadcast)} for the wired NICs with an IPv4 address
    (ioctls: an `ip` process costs seconds under emulation)."""
    out = {}
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        for nic in wired_nics():
            req = struct.pack("256s", nic.encode()[:15])
            try:
                addr = socket.inet_ntoa(fcntl.ioctl(s.fileno(), 0x8915, req)[20:24])   # SIOCGIFADDR
                brd = socket.inet_ntoa(fcntl.ioctl(s.fileno(), 0x8919, req)[20:24])    # SIOCGIFBRDADDR
            except OSError:
                continue
            if brd == "0.0.0.0":
                brd = "255.255.255.255"
            out[nic] = (addr, brd)
    finally:
        s.close()
    return out


def parse_leases(lines):
    """{name: address} of dnsmasq's lease lines, the newest per name."""
    best = {}
    for line in lines:
        f5 = line.split()
        if len(f5) >= 4 and DOMAIN_RE.match(f5[3]) and f5[3] != "*":
            exp = int(f5[0]) if f5[0].isdigit() else 0
            if f5[3] not in best or exp > best[f5[3]][0]:
                best[f5[3]] = (exp, f5[2])
    return {n: v[1] for n, v in best.items()}


def local_leases():
    """{name: address} of this host's own leases, the newest per name."""
    try:
        with open(LEASES) as f:
            return parse_leases(f)
    except OSError:
        return {}


def networkd_text(h):
    """xenbr0 as 10.99.H.1/16: one guest network across the pool."""
    return ("# xenlive-pool: xenbr0 in the pool (guest network 10.99.0.0/16)\n"
            "[Match]\nName=xenbr0\n\n[Network]\nAddress=10.99.%d.1/16\nConfigureWithoutCarrier=yes\n"
            "LinkLocalAddressing=no\nIPv6AcceptRA=no\n\n[Link]\nRequiredForOnline=no\n" % h)


def dnsmasq_text(base_lines, h):
    """dnsmasq's configuration in a pool, from the base one's lines: this
    host's range only, not authoritative (a peer's guest that migrated here
    renews with its own server), peers' names too."""
    base = []
    for line in base_lines:
        if not line.startswith(("dhcp-range=", "dhcp-authoritative")):
            base.append(line)
    base.append("# xenlive-pool: this host's share of 10.99.0.0/16\n")
    base.append("dhcp-range=10.99.%d.10,10.99.%d.250,255.255.0.0,10m\n" % (h, h))
    base.append("addn-hosts=%s\n" % PEER_HOSTS)
    return "".join(base)


def dhcp_dropin_text():
    """xenlive-dhcp.service with the pool's dnsmasq configuration."""
    return ("[Service]\nExecStartPre=\nExecStartPre=/bin/mkdir -p /run/xenlive\n"
            "ExecStartPre=/usr/sbin/dnsmasq --test --conf-file=%s\nExecStart=\n"
            "ExecStart=/usr/sbin/dnsmasq --keep-in-foreground --conf-file=%s "
            "--pid-file=/run/xenlive/dnsmasq.pid\n" % (DNSMASQ_CONF, DNSMASQ_CONF))


def peer_hosts_text(peers, mine):
    """The peers' guests by name for dnsmasq (addn-hosts), but for names
    this host leases itself (mine)."""
    lines = []
    for p in peers.values():
        for n, a in sorted(p["leases"].items()):
            if n not in mine:
                lines.append("%s %s\n" % (a, n))
    return "".join(lines)
