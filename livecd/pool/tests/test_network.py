"""This host's name and guest network from its MAC, and the networkd,
dnsmasq, hosts and SSH files a join writes."""
import unittest

from xenlive_pool import network, trust, tunnels

SSHKEY = "ssh-ed25519 " + "A" * 68
HOSTKEY = "ssh-ed25519 " + "B" * 68
PEERS = {
    "xenlive-0009": {"name": "xenlive-0009", "addr": "192.168.1.9", "sshkey": SSHKEY, "hostkey": HOSTKEY,
                     "leases": {"db": "10.99.9.30", "web-1": "10.99.9.20"}},
    "xenlive-0007": {"name": "xenlive-0007", "addr": "192.168.1.7", "sshkey": SSHKEY, "hostkey": HOSTKEY,
                     "leases": {"app": "10.99.7.20"}},
}


class Identity(unittest.TestCase):
    def test_from_mac(self):
        """xenlive-XXXX and H from the MAC's last bytes, xenbr0's MAC locally administered"""
        self.assertEqual(network.identity_of_mac("52:54:00:12:34:56"), ("xenlive-3456", 0x56, "0a:99:00:12:34:56"))

    def test_h_never_0_or_255(self):
        """a last byte of 0 or 255 still gives a guest network 1-254"""
        for mac in ("52:54:00:12:34:00", "52:54:00:12:34:ff", "52:54:00:12:00:00", "52:54:00:12:ff:ff"):
            name, h, _ = network.identity_of_mac(mac)
            self.assertTrue(1 <= h <= 254, mac)
        self.assertEqual(network.identity_of_mac("52:54:00:12:34:00")[1], 1 + 0x3400 % 254)

    def test_no_mac(self):
        """no MAC, or all zeros: no identity"""
        self.assertIsNone(network.identity_of_mac(""))
        self.assertIsNone(network.identity_of_mac("00:00:00:00:00:00"))


class Files(unittest.TestCase):
    maxDiff = None

    def test_networkd(self):
        """xenbr0 as 10.99.H.1/16, without link-local addresses"""
        self.assertEqual(network.networkd_text(7),
                         "# xenlive-pool: xenbr0 in the pool (guest network 10.99.0.0/16)\n"
                         "[Match]\nName=xenbr0\n\n[Network]\nAddress=10.99.7.1/16\nConfigureWithoutCarrier=yes\n"
                         "LinkLocalAddressing=no\nIPv6AcceptRA=no\n\n[Link]\nRequiredForOnline=no\n")

    def test_dnsmasq(self):
        """dnsmasq leases this host's share only, not authoritatively, and knows the peers' guests"""
        base = ["interface=xenbr0\n", "dhcp-range=10.99.0.10,10.99.0.250,12h\n", "dhcp-authoritative\n",
                "bind-interfaces\n"]
        self.assertEqual(network.dnsmasq_text(base, 7),
                         "interface=xenbr0\nbind-interfaces\n"
                         "# xenlive-pool: this host's share of 10.99.0.0/16\n"
                         "dhcp-range=10.99.7.10,10.99.7.250,255.255.0.0,10m\n"
                         "addn-hosts=/run/xenlive/pool/hosts\n")

    def test_dhcp_dropin(self):
        """xenlive-dhcp.service runs dnsmasq on the pool's configuration, tested first"""
        text = network.dhcp_dropin_text()
        self.assertIn("ExecStartPre=/usr/sbin/dnsmasq --test --conf-file=/run/xenlive/pool/dnsmasq.conf\n", text)
        self.assertIn("\nExecStart=\nExecStart=/usr/sbin/dnsmasq --keep-in-foreground "
                      "--conf-file=/run/xenlive/pool/dnsmasq.conf --pid-file=/run/xenlive/dnsmasq.pid\n", text)

    def test_leases(self):
        """the newest lease per name; bad names and lines skipped"""
        lines = ["100 00:16:3e:00:00:01 10.99.7.20 web-1 *\n", "200 00:16:3e:00:00:02 10.99.7.21 web-1 *\n",
                 "150 00:16:3e:00:00:03 10.99.7.22 web-1 *\n", "100 00:16:3e:00:00:04 10.99.7.23 * *\n",
                 "100 00:16:3e:00:00:05 10.99.7.24 bad/name *\n", "short line\n"]
        self.assertEqual(network.parse_leases(lines), {"web-1": "10.99.7.21"})

    def test_peer_hosts(self):
        """the peers' guests by address, but names this host leases itself"""
        self.assertEqual(network.peer_hosts_text(PEERS, {"db": "10.99.5.40"}),
                         "10.99.9.20 web-1\n10.99.7.20 app\n")


class Trust(unittest.TestCase):
    maxDiff = None

    def test_authorized_keys(self):
        """each peer's key, from its address only, by name"""
        self.assertEqual(trust.authorized_keys_text(PEERS),
                         'from="192.168.1.7",restrict %s xenlive-pool:xenlive-0007\n'
                         'from="192.168.1.9",restrict %s xenlive-pool:xenlive-0009\n' % (SSHKEY, SSHKEY))

    def test_known_hosts(self):
        """each peer's host key under its name"""
        self.assertEqual(trust.known_hosts_text(PEERS),
                         "xenlive-0007 %s\nxenlive-0009 %s\n" % (HOSTKEY, HOSTKEY))

    def test_ssh_config(self):
        """Host NAME with its address, strict host keys from the pool's file"""
        text = trust.ssh_config_text(PEERS)
        self.assertTrue(text.startswith("# xenlive-pool: the pool's hosts, by name\nHost xenlive-0007\n"
                                        "\tHostName 192.168.1.7\n\tHostKeyAlias xenlive-0007\n"))
        self.assertEqual(text.count("\tStrictHostKeyChecking yes\n"), 2)
        self.assertIn("\tUserKnownHostsFile /run/xenlive/pool/known_hosts\n", text)
        self.assertEqual(trust.ssh_config_text({}), "# xenlive-pool: the pool's hosts, by name\n")

    def test_sshd_socket(self):
        """sshd for the peers on the LAN address alone"""
        text = trust.sshd_socket_text("192.168.1.5")
        self.assertIn("\n[Socket]\nListenStream=192.168.1.5:22\nFreeBind=yes\nAccept=yes\n", text)


class Tunnels(unittest.TestCase):
    def test_device(self):
        """xp-XXXX for the peer xenlive-XXXX"""
        self.assertEqual(tunnels.device("xenlive-340b"), "xp-340b")

    def test_current(self):
        """a tunnel is kept when it has the same ends"""
        text = "7: xp-340b@NONE: <...>\n    gretap remote 192.168.1.7 local 192.168.1.5 ttl inherit nopmtudisc\n"
        self.assertTrue(tunnels.is_current(text, "192.168.1.7", "192.168.1.5"))
        self.assertFalse(tunnels.is_current(text, "192.168.1.70", "192.168.1.5"))
        self.assertFalse(tunnels.is_current(text, "192.168.1.7", "192.168.1.6"))

    def test_devices(self):
        """the pool's tunnels among the links"""
        links = ("1: lo: <LOOPBACK> mtu 65536\n7: xp-340b@NONE: <BROADCAST> mtu 1500\n"
                 "8: xp-00aa: <BROADCAST> mtu 1500\n9: xp-zzzz@NONE: x\n10: eth0: <BROADCAST>\n")
        self.assertEqual(tunnels.devices(links), ["xp-340b", "xp-00aa"])
