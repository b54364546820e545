"""The member itself (xenlive-pool daemon, run by xenlive-pool.service):
it sets the host up for the pool, announces it, takes in the peers'
announcements, and undoes it all when stopped."""
import os
import re
import secrets
import select
import signal
import socket
import time

from . import announce, network, serve, state, trust, tunnels, xen
from .util import RUN, die, remove, run, say, write_file

SECRET_FILE = RUN + "/secret"
ANNOUNCE_EVERY = 4.0
# xl list and xl info are two processes of 0.2 s each under emulation, on
# the CPU a migration's receiver needs: not at every announcement.
XL_EVERY = 15.0


class Member:
    def __init__(self, secret):
        self.key = announce.pool_key(secret)
        self.name, self.h, self.bridge_mac = network.identity(mac_too=True)
        self.boot = secrets.token_hex(8)
        self.seq = 0
        self.peers = {}
        self.nonces = {}
        self.ignored = 0
        self.refused = {}
        self.socks = {}
        self.addrs = {}
        self.sshd_addr = None
        self.stopping = False
        self.next_announce = 0.0
        self.next_xl = 0.0
        self.last_state = None
        self.domains, self.free = [], -1

    # Sockets: one per wired NIC, bound to it, so that nothing on xenbr0
    # (a guest) or elsewhere reaches the pool.
    def refresh_sockets(self):
        addrs = network.nic_addresses()
        for nic in list(self.socks):
            if nic not in addrs:
                self.socks.pop(nic).close()
        for nic in addrs:
            if nic not in self.socks:
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, nic.encode())
                s.bind(("0.0.0.0", announce.PORT))
                self.socks[nic] = s
        self.addrs = addrs
        primary = self.primary_addr()
        if primary != self.sshd_addr:
            self.sshd_addr = primary
            # sshd for the peers follows the LAN address (xl migrate's ssh).
            run("systemctl", "stop", "xenlive-pool-sshd.socket", check=False)
            trust.write_sshd_socket(self.sshd_addr)
            run("systemctl", "daemon-reload")
            if primary:
                run("systemctl", "start", "xenlive-pool-sshd.socket")

    def primary_addr(self):
        return next(iter(sorted(self.addrs.values())), (None, None))[0]

    def setup(self):
        os.makedirs(RUN, mode=0o755, exist_ok=True)
        socket.sethostname(self.name)
        # xenbr0 becomes 10.99.H.1/16: one guest network across the pool.
        write_file(network.NET_RUNTIME, network.networkd_text(self.h))
        # Every Xen Live CD has the same /etc/machine-id, from which
        # networkd makes xenbr0's MAC: the same on every host, and a bridge
        # drops frames from its own address.  One from the NIC's MAC instead.
        try:
            with open("/sys/class/net/xenbr0/address") as f:
                old = f.read().strip()
            if not os.path.exists(network.BRIDGE_MAC):
                write_file(network.BRIDGE_MAC, old + "\n")
            run("ip", "link", "set", "xenbr0", "address", self.bridge_mac)
        except OSError:
            pass
        # networkd has no D-Bus here (networkctl cannot reach it); it leaves
        # an address it made alone (ConfigureWithoutCarrier), and takes the
        # file above if it configures xenbr0 again.
        run("ip", "addr", "add", "10.99.%d.1/16" % self.h, "dev", "xenbr0", check=False)
        run("ip", "addr", "del", "10.99.0.1/24", "dev", "xenbr0", check=False, quiet=True)
        with open(network.BASE_DNSMASQ_CONF) as f:
            dnsmasq = network.dnsmasq_text(f, self.h)
        write_file(network.PEER_HOSTS, "")
        write_file(network.DNSMASQ_CONF, dnsmasq)
        write_file(network.DHCP_DROPIN, network.dhcp_dropin_text())
        trust.write_empty()
        self.addrs = network.nic_addresses()
        self.sshd_addr = self.primary_addr()
        trust.write_sshd_socket(self.sshd_addr)
        run("systemctl", "daemon-reload")
        run("systemctl", "restart", "xenlive-dhcp.service")
        if self.sshd_addr:
            run("systemctl", "start", "xenlive-pool-sshd.socket")

    def teardown(self):
        teardown()

    # Announcements.
    def announce(self):
        self.seq += 1
        if time.time() >= self.next_xl:
            self.domains, self.free = xen.xl_domains(), xen.xl_free_mib()
            self.next_xl = time.time() + XL_EVERY
        for nic, (addr, brd) in self.addrs.items():
            payload = announce.announcement(
                self.name, self.h, addr, time.time(), secrets.token_hex(12), self.boot, self.seq,
                trust.read_key(trust.USER_KEY), trust.read_key(trust.HOST_KEY),
                self.free, self.domains, network.local_leases())
            try:
                self.socks[nic].sendto(announce.seal(self.key, payload), (brd, announce.PORT))
            except OSError as e:
                say("cannot announce on %s: %s" % (nic, e.strerror))

    def receive(self, nic, packet, src):
        if src[0] in [a for a, _ in self.addrs.values()]:
            return
        msg = announce.unseal(self.key, packet)
        if msg is None:
            # Another pool, or a wrong secret: nothing is learnt from it.
            self.ignored += 1
            return
        now = time.time()
        a = announce.check(msg, src[0], self.name, self.peers, self.nonces, now)
        if a is None:
            self.ignored += 1
            return
        name, h, addr = a["name"], a["h"], a["addr"]
        self.nonces[a["nonce"]] = now
        other = announce.clash(h, self.h, self.peers, name)
        if other is not None:
            if name not in self.refused:
                if other == "":
                    say("%s (%s) uses the guest network 10.99.%d.0/24 as this host does; it is not joined: "
                        "give one of the two machines another MAC address." % (name, addr, h))
                else:
                    say("%s (%s) uses the guest network 10.99.%d.0/24 as %s does; it is not joined." % (
                        name, addr, h, other))
            self.refused[name] = {"addr": addr, "h": h, "seen": now}
            return
        last = self.peers.get(name)
        new = (not last or last["addr"] != addr or last["sshkey"] != a["sshkey"] or last["hostkey"] != a["hostkey"]
               or last["nic"] != nic)
        self.peers[name] = announce.peer(a, msg, nic, now)
        if new:
            say("joined %s (%s on %s, guest network 10.99.%d.0/24)" % (name, addr, nic, h))
            self.apply_peers()
            self.next_announce = 0  # answer at once: the join is quick both ways
        self.write_peer_hosts()

    def apply_peers(self):
        trust.write_peers(self.peers)
        for p in self.peers.values():
            local = self.addrs.get(p["nic"], (None,))[0]
            if local:
                tunnels.ensure(p, local)

    def write_peer_hosts(self):
        text = network.peer_hosts_text(self.peers, network.local_leases())
        try:
            with open(network.PEER_HOSTS) as f:
                if f.read() == text:
                    return
        except OSError:
            pass
        write_file(network.PEER_HOSTS, text)
        run("pkill", "-HUP", "-F", "/run/xenlive/dnsmasq.pid", check=False)

    def write_state(self):
        me = {"name": self.name, "addr": self.sshd_addr, "h": self.h, "free": self.free, "domains": self.domains}
        st = state.build(me, self.peers, self.ignored, self.refused, time.time(), serve.serving())
        text = state.dumps(st)
        if text != self.last_state:
            write_file(state.STATE_FILE, text)
            write_file(state.LIST_FILE, state.batch_text(st))
            self.last_state = text

    def loop(self):
        last_refresh = 0.0
        while not self.stopping:
            now = time.time()
            if now - last_refresh > 5:
                self.refresh_sockets()
                last_refresh = now
            if now >= self.next_announce:
                self.announce()
                self.next_announce = now + ANNOUNCE_EVERY
                announce.expire_nonces(self.nonces, now)
                self.write_state()
            socks = list(self.socks.items())
            try:
                ready, _, _ = select.select([s for _, s in socks], [], [], 1.0)
            except InterruptedError:
                continue
            for nic, s in socks:
                if s in ready:
                    try:
                        packet, src = s.recvfrom(65535)
                    except OSError:
                        continue
                    self.receive(nic, packet, src)
            self.write_state()


def teardown():
    """Undoes everything a join made; safe to run twice."""
    tunnels.remove_all()
    # xenlive-serve.service stops with this one (BindsTo); its files too.
    serve.remove_files()
    units = (trust.SSHD_SOCKET, network.DHCP_DROPIN, network.NET_RUNTIME)
    had_units = any(os.path.exists(p) for p in units)
    run("systemctl", "stop", "xenlive-pool-sshd.socket", check=False, quiet=True)
    for p in units + (trust.AUTH_KEYS, trust.KNOWN_HOSTS, trust.SSH_CONFIG, network.PEER_HOSTS,
                      network.DNSMASQ_CONF, state.STATE_FILE, state.LIST_FILE):
        remove(p)
    if had_units:
        run("systemctl", "daemon-reload")
        run("ip", "addr", "add", "10.99.0.1/24", "dev", "xenbr0", check=False, quiet=True)
        for line in run("ip", "-4", "-o", "addr", "show", "dev", "xenbr0", check=False).stdout.splitlines():
            m = re.search(r"inet (10\.99\.\d+\.1/16)", line)
            if m:
                run("ip", "addr", "del", m.group(1), "dev", "xenbr0", check=False)
        run("systemctl", "restart", "xenlive-dhcp.service")
    try:
        with open(network.BRIDGE_MAC) as f:
            run("ip", "link", "set", "xenbr0", "address", f.read().strip(), check=False)
        remove(network.BRIDGE_MAC)
    except OSError:
        pass
    try:
        with open("/etc/hostname") as f:
            socket.sethostname(f.read().strip() or "xenlive")
    except OSError:
        pass


def secret_of_cmdline(cmdline):
    """The secret of xenlive.pool=SECRET (typed at a boot menu) or
    xenlive.poolhex=HEX (from a network boot's menu: any character survives
    the boot loaders' and the kernel's parsing); b"" for none."""
    secret = b""
    for word in cmdline.split():
        if word.startswith("xenlive.pool="):
            secret = word[len("xenlive.pool="):].encode()
        elif word.startswith("xenlive.poolhex="):
            try:
                secret = bytes.fromhex(word[len("xenlive.poolhex="):])
            except ValueError:
                die("xenlive.poolhex= on the kernel command line is not hexadecimal; boot from the server again.")
    return secret


def daemon():
    try:
        with open(SECRET_FILE, "rb") as f:
            secret = f.read().rstrip(b"\n")
    except FileNotFoundError:
        with open("/proc/cmdline") as f:
            secret = secret_of_cmdline(f.read())
        if not secret:
            die("no pool secret: join with 'xenlive-pool join -' or boot with xenlive.pool=SECRET.")
        write_file(SECRET_FILE, secret.decode() + "\n", 0o600)
    m = Member(secret)
    del secret
    if not m.name:
        die("this machine has no wired network interface (en*, eth*); a pool needs one.")

    def stop(*_):
        m.stopping = True
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    m.setup()
    say("member %s, guest network 10.99.%d.0/24, announcing on UDP port %d" % (m.name, m.h, announce.PORT))
    try:
        m.loop()
    finally:
        m.teardown()
        say("left the pool")
