"""The one file writer every module uses (util.write_file): the secret,
the networkd, dnsmasq and SSH files, the state; and util.remove."""
import os
import stat
import tempfile
import unittest

from xenlive_pool import util


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


class WriteFile(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.old_umask = os.umask(0o022)

    def tearDown(self):
        os.umask(self.old_umask)
        self.dir.cleanup()

    def path(self, *names):
        return os.path.join(self.dir.name, *names)

    def test_text_and_folders(self):
        """the text as given, in folders made as needed, and no .tmp left beside it"""
        p = self.path("run", "xenlive", "pool", "hosts")
        util.write_file(p, "10.99.9.20 web-1\n")
        with open(p) as f:
            self.assertEqual(f.read(), "10.99.9.20 web-1\n")
        self.assertEqual(os.listdir(os.path.dirname(p)), ["hosts"])
        self.assertEqual(mode_of(p), 0o644)

    def test_mode_whatever_the_umask(self):
        """the secret's and authorized_keys' 0600, and 0644 under a umask that would take more"""
        os.umask(0o077)
        util.write_file(self.path("secret"), "s\n", 0o600)
        util.write_file(self.path("list"), "")
        self.assertEqual(mode_of(self.path("secret")), 0o600)
        self.assertEqual(mode_of(self.path("list")), 0o644)

    def test_mode_of_a_file_replaced(self):
        """a file that was 0644, or a stale .tmp, becomes 0600 when written so"""
        p = self.path("authorized_keys")
        util.write_file(p, "old\n")
        with open(p + ".tmp", "w") as f:
            f.write("stale and longer than the new text\n")
        util.write_file(p, "new\n", 0o600)
        self.assertEqual(mode_of(p), 0o600)
        with open(p) as f:
            self.assertEqual(f.read(), "new\n")
        self.assertFalse(os.path.exists(p + ".tmp"))

    def test_readers_see_whole_files(self):
        """replaced, not rewritten in place: a reader that opened the old file reads all of it"""
        p = self.path("known_hosts")
        util.write_file(p, "old contents\n")
        with open(p) as reader:
            util.write_file(p, "new\n")
            self.assertEqual(reader.read(), "old contents\n")
        with open(p) as f:
            self.assertEqual(f.read(), "new\n")

    def test_remove(self):
        """remove takes a file away, and is quiet when there is none"""
        p = self.path("ssh_config")
        util.write_file(p, "")
        util.remove(p)
        self.assertFalse(os.path.exists(p))
        util.remove(p)
