"""The daemon's handling of announcements: peers joined, replays and
forgeries counted as ignored, guest-network clashes refused."""
import unittest

from xenlive_pool import announce, member

SSHKEY = "ssh-ed25519 " + "A" * 68
HOSTKEY = "ssh-ed25519 " + "B" * 68


class Receive(unittest.TestCase):
    def setUp(self):
        self.m = member.Member(b"the pool's secret")
        # This host, without its NICs or files: the test's.
        self.m.name, self.m.h, self.m.addrs = "xenlive-0005", 5, {"eth0": ("192.168.1.5", "192.168.1.255")}
        self.applied = []
        self.m.apply_peers = lambda: self.applied.append(sorted(self.m.peers))
        self.m.write_peer_hosts = lambda: None
        self.said = []
        self.old_say, member.say = member.say, self.said.append
        self.seq = 0

    def tearDown(self):
        member.say = self.old_say

    def packet(self, name="xenlive-0007", h=7, addr="192.168.1.7", secret=b"the pool's secret", **change):
        self.seq += 1
        p = announce.announcement(name, h, addr, member.time.time(), "nonce-%d" % self.seq, "boot-1", self.seq,
                                  SSHKEY, HOSTKEY, 900, [], {})
        p.update(change)
        return announce.seal(announce.pool_key(secret), p)

    def test_join_once(self):
        """a new peer is joined once, and later announcements update it"""
        self.m.receive("eth0", self.packet(), ("192.168.1.7", 7711))
        self.m.receive("eth0", self.packet(free=500), ("192.168.1.7", 7711))
        self.assertEqual(self.applied, [["xenlive-0007"]])
        self.assertEqual(self.said, ["joined xenlive-0007 (192.168.1.7 on eth0, guest network 10.99.7.0/24)"])
        self.assertEqual((self.m.peers["xenlive-0007"]["free"], self.m.ignored), (500, 0))

    def test_ignored(self):
        """a wrong secret, a replay and a forged address are ignored and counted"""
        self.m.receive("eth0", self.packet(secret=b"another secret"), ("192.168.1.7", 7711))
        p = self.packet()
        self.m.receive("eth0", p, ("192.168.1.7", 7711))
        self.m.receive("eth0", p, ("192.168.1.7", 7711))
        self.m.receive("eth0", self.packet(), ("192.168.1.8", 7711))
        self.assertEqual((self.m.ignored, len(self.applied)), (3, 1))

    def test_own_address(self):
        """this host's own broadcasts are dropped unread"""
        self.m.receive("eth0", self.packet(addr="192.168.1.5"), ("192.168.1.5", 7711))
        self.assertEqual((self.m.ignored, self.m.peers), (0, {}))

    def test_clash(self):
        """a host with this host's or a peer's guest network is refused, said once"""
        self.m.receive("eth0", self.packet(name="xenlive-0105", h=5, addr="192.168.1.6"), ("192.168.1.6", 7711))
        self.m.receive("eth0", self.packet(name="xenlive-0105", h=5, addr="192.168.1.6"), ("192.168.1.6", 7711))
        self.m.receive("eth0", self.packet(), ("192.168.1.7", 7711))
        self.m.receive("eth0", self.packet(name="xenlive-0107", h=7, addr="192.168.1.8"), ("192.168.1.8", 7711))
        self.assertEqual(sorted(self.m.refused), ["xenlive-0105", "xenlive-0107"])
        self.assertEqual(list(self.m.peers), ["xenlive-0007"])
        self.assertEqual(self.said, [
            "xenlive-0105 (192.168.1.6) uses the guest network 10.99.5.0/24 as this host does; it is not joined: "
            "give one of the two machines another MAC address.",
            "joined xenlive-0007 (192.168.1.7 on eth0, guest network 10.99.7.0/24)",
            "xenlive-0107 (192.168.1.8) uses the guest network 10.99.7.0/24 as xenlive-0007 does; it is not joined."])
