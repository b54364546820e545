"""Announcements: sealing and unsealing, and the checks against forgery
and replay."""
import hashlib
import hmac
import unittest

from xenlive_pool import announce

SSHKEY = "ssh-ed25519 " + "A" * 68
HOSTKEY = "ssh-ed25519 " + "B" * 68
NOW = 1_800_000_000.0


def payload(**change):
    p = announce.announcement("xenlive-0007", 7, "192.168.1.7", NOW, "nonce-1", "boot-1", 5,
                              SSHKEY, HOSTKEY, 900, [["web-1", 256, 1, "-b----"]], {"web-1": "10.99.7.20"})
    p.update(change)
    return p


class Sealing(unittest.TestCase):
    key = announce.pool_key(b"the pool's secret")

    def test_round_trip(self):
        """a sealed announcement unseals to the same payload"""
        self.assertEqual(announce.unseal(self.key, announce.seal(self.key, payload())), payload())

    def test_key_from_secret(self):
        """the key depends on the secret only"""
        self.assertEqual(self.key, announce.pool_key(b"the pool's secret"))
        self.assertNotEqual(self.key, announce.pool_key(b"the pool's secreT"))
        self.assertEqual(len(self.key), 32)

    def test_wrong_secret(self):
        """a packet sealed with another secret is refused"""
        packet = announce.seal(announce.pool_key(b"another pool's secret"), payload())
        self.assertIsNone(announce.unseal(self.key, packet))

    def test_tampered_payload(self):
        """a packet with one byte of its payload changed is refused"""
        packet = announce.seal(self.key, payload())
        i = packet.index(b"192.168.1.7")
        tampered = packet[:i] + b"192.168.1.8" + packet[i + 11:]
        self.assertIsNone(announce.unseal(self.key, tampered))

    def test_tampered_signature(self):
        """a packet with one byte of its signature changed is refused"""
        packet = bytearray(announce.seal(self.key, payload()))
        packet[10] ^= 1
        self.assertIsNone(announce.unseal(self.key, bytes(packet)))

    def test_not_an_announcement(self):
        """no magic, too short, or a signed text that is not JSON: refused"""
        packet = announce.seal(self.key, payload())
        self.assertIsNone(announce.unseal(self.key, b"XLP0" + packet[4:]))
        self.assertIsNone(announce.unseal(self.key, packet[:35]))
        self.assertIsNone(announce.unseal(self.key, b""))
        data = b"{not json"
        self.assertIsNone(announce.unseal(self.key, announce.MAGIC + hmac.new(self.key, data, hashlib.sha256).digest()
                                          + data))


class Check(unittest.TestCase):
    def check(self, msg, src="192.168.1.7", own="xenlive-0005", peers=None, nonces=None, now=NOW):
        return announce.check(msg, src, own, peers or {}, nonces or {}, now)

    def test_valid(self):
        """a fresh announcement from the address it claims gives its fields"""
        f = self.check(payload())
        self.assertEqual((f["name"], f["h"], f["addr"], f["seq"], f["boot"], f["nonce"]),
                         ("xenlive-0007", 7, "192.168.1.7", 5, "boot-1", "nonce-1"))

    def test_replayed_nonce(self):
        """a nonce seen before: a replay"""
        self.assertIsNone(self.check(payload(), nonces={"nonce-1": NOW - 10}))

    def test_old_and_future(self):
        """a timestamp more than MAX_SKEW away, either way: refused"""
        self.assertIsNone(self.check(payload(ts=NOW - announce.MAX_SKEW - 1)))
        self.assertIsNone(self.check(payload(ts=NOW + announce.MAX_SKEW + 1)))
        self.assertIsNotNone(self.check(payload(ts=NOW - announce.MAX_SKEW + 1)))

    def test_older_sequence(self):
        """the same boot with a sequence number not above the last: a replay"""
        peers = {"xenlive-0007": {"boot": "boot-1", "seq": 5}}
        self.assertIsNone(self.check(payload(seq=5), peers=peers))
        self.assertIsNone(self.check(payload(seq=4), peers=peers))
        self.assertIsNotNone(self.check(payload(seq=6), peers=peers))

    def test_new_boot(self):
        """a peer that booted again starts its sequence afresh"""
        peers = {"xenlive-0007": {"boot": "boot-1", "seq": 50}}
        self.assertIsNotNone(self.check(payload(boot="boot-2", seq=1), peers=peers))

    def test_claims_another_address(self):
        """an announcement from an address other than it claims: refused"""
        self.assertIsNone(self.check(payload(), src="192.168.1.8"))

    def test_own_name(self):
        """this host's own name from elsewhere: refused"""
        self.assertIsNone(self.check(payload(), own="xenlive-0007"))

    def test_malformed(self):
        """missing fields, wrong types, bad names, keys and networks: refused"""
        for change in ({"name": "xenlive-zzzz"}, {"name": "other"}, {"h": 0}, {"h": 255}, {"h": "x"},
                       {"sshkey": "ssh-rsa AAAA"}, {"hostkey": SSHKEY + " comment"}, {"seq": "x"},
                       {"ts": None}, {"h": None}):
            self.assertIsNone(self.check(payload(**change)), change)
        for field in ("name", "h", "addr", "ts", "nonce", "boot", "seq", "sshkey", "hostkey"):
            p = payload()
            del p[field]
            self.assertIsNone(self.check(p), field)
        self.assertIsNone(self.check([1, 2]))
        self.assertIsNone(self.check("text"))

    def test_expire_nonces(self):
        """nonces are forgotten once no announcement could carry them"""
        nonces = {"old": NOW - 2 * announce.MAX_SKEW - 1, "new": NOW - 10}
        announce.expire_nonces(nonces, NOW)
        self.assertEqual(list(nonces), ["new"])


class Peer(unittest.TestCase):
    def test_record(self):
        """the peer's record keeps well-formed guests and guest-network leases only"""
        msg = payload(domains=[["web-1", 256, 1, "-b----"], ["bad name", 1, 1, "r"], "x", ["short", 1]],
                      leases={"web-1": "10.99.7.20", "evil": "192.168.1.1", "bad name": "10.99.7.21", "n": 5})
        f = announce.check(msg, "192.168.1.7", "xenlive-0005", {}, {}, NOW)
        p = announce.peer(f, msg, "eth0", NOW)
        self.assertEqual(p["domains"], [["web-1", 256, 1, "-b----"]])
        self.assertEqual(p["leases"], {"web-1": "10.99.7.20"})
        self.assertEqual((p["nic"], p["free"], p["seen"], p["name"], p["sshkey"]),
                         ("eth0", 900, NOW, "xenlive-0007", SSHKEY))

    def test_at_most_200_guests(self):
        """a peer's guests are kept up to 200"""
        msg = payload(domains=[["g%d" % i, 1, 1, "r"] for i in range(300)])
        p = announce.peer(announce.check(msg, "192.168.1.7", "x", {}, {}, NOW), msg, "eth0", NOW)
        self.assertEqual(len(p["domains"]), 200)

    def test_clash(self):
        """a guest network already this host's ("") or another peer's (its name)"""
        peers = {"xenlive-0007": {"h": 7}, "xenlive-0009": {"h": 9}}
        self.assertEqual(announce.clash(5, 5, peers, "xenlive-000a"), "")
        self.assertEqual(announce.clash(9, 5, peers, "xenlive-000a"), "xenlive-0009")
        self.assertIsNone(announce.clash(9, 5, peers, "xenlive-0009"))
        self.assertIsNone(announce.clash(11, 5, peers, "xenlive-000b"))
