"""The pool's state: up and lost peers, what `xenlive-pool list` prints and
the batch lines xtop reads, and what xl says."""
import json
import os
import re
import tempfile
import unittest

from xenlive_pool import state, xen

NOW = 1_800_000_000.0
ME = {"name": "xenlive-0005", "addr": "192.168.1.5", "h": 5, "free": 700, "domains": [["web-1", 128, 1, "-b----"]]}
PEERS = {
    "xenlive-0009": {"name": "xenlive-0009", "addr": "192.168.1.9", "h": 9, "free": 20480, "seen": NOW - 25,
                     "domains": []},
    "xenlive-0007": {"name": "xenlive-0007", "addr": "192.168.1.7", "h": 7, "free": -1, "seen": NOW - 3,
                     "domains": [["a", 256, 1, "r-----"], ["b", 512, 2, "-b----"]]},
}


class State(unittest.TestCase):
    maxDiff = None

    def test_build(self):
        """this host first, then the peers by name, up or lost by when last heard"""
        st = state.build(ME, PEERS, 3, {"xenlive-000a": {}}, NOW)
        self.assertEqual([(h["name"], h["state"]) for h in st["hosts"]],
                         [("xenlive-0005", "self"), ("xenlive-0007", "up"), ("xenlive-0009", "lost")])
        self.assertEqual((st["ignored"], st["refused"]), (3, ["xenlive-000a"]))
        self.assertEqual(state.build(dict(ME, addr=None), {}, 0, {}, NOW)["hosts"][0]["addr"], "")

    def test_batch(self):
        """host and domain lines, as xtop reads them"""
        st = state.build(dict(ME, addr=None), PEERS, 0, {}, NOW)
        self.assertEqual(state.batch_text(st),
                         "host xenlive-0005 - 700 self 1\n"
                         "domain xenlive-0005 web-1 128 1 -b----\n"
                         "host xenlive-0007 192.168.1.7 -1 up 2\n"
                         "domain xenlive-0007 a 256 1 r-----\n"
                         "domain xenlive-0007 b 512 2 -b----\n"
                         "host xenlive-0009 192.168.1.9 20480 lost 0\n")

    def test_list(self):
        """the list table, free memory in M or G, and the hosts not joined"""
        st = state.build(ME, PEERS, 0, {"xenlive-000a": {}}, NOW)
        self.assertEqual(state.list_text(st),
                         "HOST           ADDRESS             FREE  STATE DOMAINS\n"
                         "xenlive-0005   192.168.1.5         700M  self  web-1\n"
                         "xenlive-0007   192.168.1.7            ?  up    a, b\n"
                         "xenlive-0009   192.168.1.9        20.0G  lost  -\n"
                         "not joined (guest network clash): xenlive-000a\n")

    def test_mib(self):
        """free memory: unknown, MiB, GiB from 10 GiB"""
        self.assertEqual([state.mib(n) for n in (None, -1, 0, 10239, 10240, 15000)],
                         ["?", "?", "0M", "10239M", "10.0G", "14.6G"])

    def test_peer_named(self):
        """a peer by name; this host, an unknown name or no state: none"""
        st = state.build(ME, PEERS, 0, {}, NOW)
        self.assertEqual(state.peer_named(st, "xenlive-0007")["addr"], "192.168.1.7")
        self.assertIsNone(state.peer_named(st, "xenlive-0005"))
        self.assertIsNone(state.peer_named(st, "xenlive-ffff"))
        self.assertIsNone(state.peer_named(None, "xenlive-0007"))

    def test_load(self):
        """state.json read back; a missing or broken file is no state"""
        with tempfile.TemporaryDirectory() as d:
            old, state.STATE_FILE = state.STATE_FILE, os.path.join(d, "state.json")
            try:
                self.assertIsNone(state.load_state())
                st = state.build(ME, PEERS, 0, {}, NOW)
                with open(state.STATE_FILE, "w") as f:
                    f.write(state.dumps(st))
                self.assertEqual(state.load_state(), json.loads(json.dumps(st)))
                with open(state.STATE_FILE, "w") as f:
                    f.write('{"hosts": [')
                self.assertIsNone(state.load_state())
            finally:
                state.STATE_FILE = old


class Xl(unittest.TestCase):
    def test_xl_list(self):
        """xl list's guests, without Domain-0 and lines that are not guests"""
        text = ("Name                                        ID   Mem VCPUs\tState\tTime(s)\n"
                "Domain-0                                     0   512     2     r-----      20.1\n"
                "centos-pvh-1                                 3   128     1     -b----       1.5\n"
                "bad/name                                     4   128     1     -b----       1.5\n"
                "short 5 128\n")
        self.assertEqual(xen.parse_xl_list(text), [["centos-pvh-1", 128, 1, "-b----"]])

    def test_free(self):
        """xl info's free_memory, or -1"""
        self.assertEqual(xen.parse_free_mib("total_memory           : 2047\nfree_memory            : 731\n"), 731)
        self.assertEqual(xen.parse_free_mib("nothing\n"), -1)

    def test_overhead_is_xtops(self):
        """a guest needs its memory plus xtop's XT_GUEST_OVERHEAD_MIB"""
        launch_h = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../xtop/model/launch.h")
        with open(launch_h) as f:
            overhead = int(re.search(r"^#define XT_GUEST_OVERHEAD_MIB (\d+)$", f.read(), re.M).group(1))
        self.assertEqual(xen.need_mib(128), 128 + overhead)
