"""Serving the CD: the DHCP probe's packets, the mode decision, dnsmasq's
file, the menus with the secret, the TFTP root, and the secret read back
from a network boot's command line."""
import os
import socket
import struct
import tempfile
import unittest

from xenlive_pool import dhcp, member, serve, state

MAC = bytes.fromhex("525400123400")


def offer(xid, server, pxe=False, file=b"", op=2, port=68):
    """An IPv4/UDP DHCPOFFER as a server sends it."""
    opts = b"\x35\x01\x02" + b"\x36\x04" + socket.inet_aton(server)
    if pxe:
        opts += b"\x3c\x09PXEClient"
    bootp = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", op, 1, 6, 0, xid, 0, 0x8000, b"\0" * 4,
                        socket.inet_aton("169.254.3.20"), b"\0" * 4, b"\0" * 4, MAC + b"\0" * 10, b"", file)
    payload = bootp + dhcp.MAGIC + opts + b"\xff"
    udp = struct.pack("!HHHH", 67, port, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, socket.inet_aton(server),
                     b"\xff" * 4)
    return ip + udp


class Probe(unittest.TestCase):
    def test_discover(self):
        """the DISCOVER: a PXE client's (vendor class, architecture, GUID), broadcast flag, valid IP checksum"""
        pkt = dhcp.ip_udp(dhcp.discover(MAC, 0x1234))
        self.assertEqual(dhcp.checksum(pkt[:20]), 0)
        self.assertEqual(struct.unpack("!HH", pkt[20:24]), (68, 67))
        bootp = pkt[28:]
        self.assertEqual((bootp[0], struct.unpack("!I", bootp[4:8])[0], bootp[10:12], bootp[28:34]),
                         (1, 0x1234, b"\x80\x00", MAC))
        self.assertIn(b"\x3c" + bytes([len(dhcp.PXE_CLASS)]) + dhcp.PXE_CLASS, bootp)
        self.assertIn(b"\x5d\x02\x00\x00", bootp)
        self.assertIn(b"\x35\x01\x01", bootp)

    def test_replies(self):
        """offers: a plain DHCP server, a PXE server (vendor class or boot file); others ignored"""
        self.assertEqual(dhcp.parse_reply(offer(7, "192.168.1.1"), 7), {"server": "192.168.1.1", "boot": False})
        self.assertEqual(dhcp.parse_reply(offer(7, "169.254.3.4", pxe=True), 7), {"server": "169.254.3.4", "boot": True})
        self.assertTrue(dhcp.parse_reply(offer(7, "10.0.0.1", file=b"pxelinux.0"), 7)["boot"])
        self.assertIsNone(dhcp.parse_reply(offer(8, "10.0.0.1"), 7), "another transaction")
        self.assertIsNone(dhcp.parse_reply(offer(7, "10.0.0.1", op=1), 7), "a request, not a reply")
        self.assertIsNone(dhcp.parse_reply(offer(7, "10.0.0.1", port=67), 7), "not to the client port")
        self.assertIsNone(dhcp.parse_reply(offer(7, "10.0.0.1")[:100], 7), "truncated")


class Mode(unittest.TestCase):
    def test_mode(self):
        """proxy beside a DHCP server or with a leased address; full DHCP on a link-local-only segment"""
        self.assertEqual(serve.mode_of("169.254.3.4", [])[0], "dhcp")
        self.assertEqual(serve.mode_of("192.168.1.20", [])[0], "proxy")
        self.assertEqual(serve.mode_of("169.254.3.4", [{"server": "192.168.1.1", "boot": False}]),
                         ("proxy", "PXE only, beside the DHCP server at 192.168.1.1"))

    def test_dnsmasq(self):
        """dnsmasq: the one NIC, no DNS, TFTP root; dhcp mode: addresses and boot files by architecture; proxy: PXE services"""
        full = serve.dnsmasq_text("enp0s3", "169.254.3.4", "dhcp", 10, "xenlive-340a").splitlines()
        for line in ("port=0", "interface=enp0s3", "except-interface=lo", "bind-interfaces", "enable-tftp", "tftp-root=" + serve.ROOT,
                     "dhcp-range=169.254.10.10,169.254.10.250,255.255.0.0,infinite", "dhcp-option=option:router",
                     "dhcp-match=set:efi,option:client-arch,7", "dhcp-match=set:efi,option:client-arch,9",
                     "dhcp-boot=tag:!efi,pxelinux.0", "dhcp-boot=tag:efi,grubnetx64.efi"):
            self.assertIn(line, full)
        self.assertFalse([line for line in full if "xenbr0" in line])
        proxy = serve.dnsmasq_text("enp0s3", "192.168.1.20", "proxy", 10, "xenlive-340a").splitlines()
        for line in ("dhcp-range=192.168.1.20,proxy", 'pxe-service=x86PC,"Xen Live from xenlive-340a (BIOS)",pxelinux',
                     'pxe-service=BC_EFI,"Xen Live from xenlive-340a (UEFI)",grubnetx64.efi',
                     'pxe-service=X86-64_EFI,"Xen Live from xenlive-340a (UEFI)",grubnetx64.efi'):
            self.assertIn(line, proxy)
        self.assertFalse([line for line in proxy if line.startswith(("dhcp-option", "dhcp-boot"))])


class Grub(unittest.TestCase):
    def test_address(self):
        """the network GRUB gets the server's address in place of its placeholder, nothing moves"""
        image = b"\x00" * 10 + b"set xenlive_server=" + serve.GRUB_PLACEHOLDER + b"\n" + b"\xff" * 10
        out = serve.grub_for(image, "255.255.255.255")
        self.assertEqual(len(out), len(image))
        self.assertIn(b"set xenlive_server=255.255.255.255 ##", out)
        self.assertIsNone(serve.grub_for(b"no placeholder", "10.0.0.1"))
        self.assertIsNone(serve.grub_for(image + image, "10.0.0.1"))


class Menus(unittest.TestCase):
    SECRET = b"p'o\"l$(reboot);`x`\\|&<>*"

    def test_secret_round_trip(self):
        """a secret with shell and boot-loader characters reaches the member intact (xenlive.poolhex)"""
        args = serve.netboot_args("169.254.3.4", self.SECRET)
        self.assertRegex(args, r"^xenlive\.fetch=http://169\.254\.3\.4/live/filesystem\.squashfs "
                               r"xenlive\.poolhex=[0-9a-f]+$")
        cmdline = "placeholder console=hvc0 " + args + " quiet"
        self.assertEqual(member.secret_of_cmdline(cmdline), self.SECRET)
        self.assertEqual(member.secret_of_cmdline("xenlive.pool=plain-secret"), b"plain-secret")
        self.assertEqual(member.secret_of_cmdline("quiet"), b"")

    def test_root(self):
        """the TFTP root: the medium's files as links, both menus filled in, nothing missing"""
        with tempfile.TemporaryDirectory() as d:
            medium, root = d + "/medium", d + "/root"
            self.assertEqual(len(serve.missing_files(medium)), 13)
            for f in serve.BOOT_FILES + tuple("netboot/" + n for n in serve.NETBOOT_FILES):
                os.makedirs(os.path.dirname(os.path.join(medium, f)), exist_ok=True)
                open(os.path.join(medium, f), "w").close()
            with open(medium + "/netboot/grubnetx64.efi", "wb") as f:
                f.write(b"MZ\0set xenlive_server=" + serve.GRUB_PLACEHOLDER + b"\nif\0")
            for tpl in serve.TEMPLATES.values():
                with open(os.path.join(medium, "netboot", tpl), "w") as f:
                    f.write("MENU TITLE Xen Live from @SERVER@\nAPPEND x --- boot/vmlinuz-dom0 @NETBOOT@ console=hvc0\n")
            self.assertEqual(serve.missing_files(medium), [])
            self.assertIsNone(serve.make_root(self.SECRET, "169.254.3.4", "xenlive-340a", medium=medium, root=root))
            with open(root + "/grubnetx64.efi", "rb") as f:
                grub = f.read()
            self.assertEqual(grub, b"MZ\0set xenlive_server=169.254.3.4 #" + b"#" * 24 + b"\nif\0")
            self.assertEqual(os.readlink(root + "/live/filesystem.squashfs"), medium + "/live/filesystem.squashfs")
            self.assertEqual(os.readlink(root + "/pxelinux.0"), medium + "/netboot/pxelinux.0")
            for menu in serve.TEMPLATES:
                with open(os.path.join(root, menu)) as f:
                    text = f.read()
                self.assertIn("Xen Live from xenlive-340a\n", text)
                self.assertIn(serve.netboot_args("169.254.3.4", self.SECRET) + " console=hvc0", text)
                self.assertNotIn("@", text)

    def test_batch(self):
        """while serving, list --batch and list say so"""
        st = state.build({"name": "xenlive-340a", "addr": "169.254.3.4", "h": 10, "free": 100, "domains": []},
                         {}, 0, {}, 0.0, ["serve enp0s3 169.254.3.4 dhcp"])
        self.assertTrue(state.batch_text(st).endswith("serve enp0s3 169.254.3.4 dhcp\n"))
        self.assertIn("serving this CD on enp0s3 (169.254.3.4, full DHCP)", state.list_text(st))
