"""The command line: bad input gives one sentence and a non-zero exit,
touching nothing; list and migrate read the state."""
import contextlib
import io
import os
import subprocess
import tempfile
import unittest

import xenlive_pool
from xenlive_pool import cli, state

# The staged command: usr/sbin/xenlive-pool beside usr/lib/xenlive/pool.
COMMAND = os.path.normpath(os.path.join(os.path.dirname(xenlive_pool.__file__), "../../../../sbin/xenlive-pool"))
NOW = 1_800_000_000.0


class BadInput(unittest.TestCase):
    """The installed command itself, run as a user runs it."""

    def run_command(self, *args, stdin=""):
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        return subprocess.run([COMMAND] + list(args), input=stdin, capture_output=True, text=True, env=env,
                              timeout=60)

    def refused(self, args, sentence, stdin=""):
        r = self.run_command(*args, stdin=stdin)
        self.assertEqual((r.returncode, r.stdout), (2, ""), args)
        self.assertEqual(r.stderr, "xenlive-pool: " + sentence + "\n", args)

    def test_usage(self):
        """no command, an unknown one, or daemon with arguments: the usage line"""
        usage = "usage: xenlive-pool join SECRET|- | leave | list [--batch] | migrate NAME HOST | free | serve [--stop]"
        for args in ([], ["frobnicate"], ["daemon", "now"], ["--help"], ["serve-daemon", "x"]):
            self.refused(args, usage)

    def test_join(self):
        """join without one secret, or with one too short, long or spaced"""
        takes = "join takes the pool's secret, or - to read it from stdin: xenlive-pool join -"
        self.refused(["join"], takes)
        self.refused(["join", "a-secret", "b-secret"], takes)
        bad = "the secret must be 8 to 256 printable characters without spaces; choose another."
        for secret in ("short", "x" * 257, "has spaces in it", "tab\there12"):
            self.refused(["join", secret], bad)
        self.refused(["join", "-"], bad, stdin="two words\n")
        self.refused(["join", "-"], bad, stdin="")

    def test_serve(self):
        """serve with anything but --stop"""
        takes = "serve takes only --stop: 'xenlive-pool serve' starts serving, 'xenlive-pool serve --stop' ends it."
        for args in (["serve", "now"], ["serve", "--stop", "x"], ["serve", "-s"]):
            self.refused(args, takes)

    def test_others(self):
        """leave, list, migrate and free with wrong arguments"""
        self.refused(["leave", "now"], "leave takes no arguments.")
        self.refused(["list", "--all"], "list takes only --batch.")
        self.refused(["list", "--batch", "--batch"], "list takes only --batch.")
        self.refused(["migrate", "web-1"], "migrate takes a guest's name and a pool host: xenlive-pool migrate NAME HOST")
        self.refused(["free", "now"], "free takes no arguments.")


class WithState(unittest.TestCase):
    """list and migrate in the process, on a state file of the test's."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.old, state.STATE_FILE = state.STATE_FILE, os.path.join(self.dir.name, "state.json")

    def tearDown(self):
        state.STATE_FILE = self.old
        self.dir.cleanup()

    def write_state(self):
        me = {"name": "xenlive-0005", "addr": "192.168.1.5", "h": 5, "free": 700, "domains": []}
        peers = {"xenlive-0007": {"name": "xenlive-0007", "addr": "192.168.1.7", "h": 7, "free": 900,
                                  "seen": NOW - 60, "domains": [["a", 256, 1, "r-----"]]}}
        with open(state.STATE_FILE, "w") as f:
            f.write(state.dumps(state.build(me, peers, 0, {}, NOW)))

    def main(self, *args):
        out, err = io.StringIO(), io.StringIO()
        code = 0
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                cli.main(list(args))
            except SystemExit as e:
                code = e.code
        return code, out.getvalue(), err.getvalue()

    def test_not_in_a_pool(self):
        """list outside a pool: one line; --batch: nothing"""
        self.assertEqual(self.main("list"), (0, "not in a pool ('xenlive-pool join -' joins one).\n", ""))
        self.assertEqual(self.main("list", "--batch"), (0, "", ""))

    def test_list(self):
        """list and list --batch print the state"""
        self.write_state()
        code, out, err = self.main("list")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out.splitlines()[2], "xenlive-0007   192.168.1.7         900M  lost  a")
        self.assertEqual(self.main("list", "--batch")[1].splitlines()[1], "host xenlive-0007 192.168.1.7 900 lost 1")

    def test_migrate_refused(self):
        """migrate to no host of the pool, this host, or a peer not heard from lately"""
        self.assertEqual(self.main("migrate", "web-1", "xenlive-0007"),
                         (2, "", "xenlive-pool: xenlive-0007 is not a host of this pool ('xenlive-pool list' shows them).\n"))
        self.write_state()
        self.assertEqual(self.main("migrate", "web-1", "xenlive-0005")[0], 2)
        self.assertEqual(self.main("migrate", "web-1", "xenlive-0007"),
                         (1, "", "xenlive-pool: xenlive-0007 has not been heard from for 20 s; is it running?\n"))
