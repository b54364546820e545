"""Serving this Xen Live to the LAN (`xenlive-pool serve`): the other PCs
boot it from the network, with no medium, and join this pool.

dnsmasq answers PXE on the pool's NIC, as a proxy beside the LAN's DHCP
server or, where none answers (the NIC has a link-local address), as the
only one; it serves the boot loaders and boot files by TFTP, and an HTTP
server here the live image, which the booted initramfs fetches into RAM
and checks (xenlive.fetch=URL).  The menus are the ISO's netboot templates
(made from livecd/boot-entries), with the image's URL and the pool's
secret (hex: any character survives GRUB's and the kernel's parsing) on
dom0's command line.  Everything is under SERVE_DIR, run by
xenlive-serve.service, which stops with the pool; nothing of it runs
otherwise."""
import http.server
import ipaddress
import os
import signal
import socket
import subprocess
import sys
import threading

from . import dhcp, network
from .util import ENV, RUN, remove, run, say, write_file

UNIT = "xenlive-serve.service"
SERVE_DIR = RUN + "/serve"
ROOT = SERVE_DIR + "/root"
DNSMASQ_CONF = SERVE_DIR + "/dnsmasq.conf"
LEASES = SERVE_DIR + "/leases"
# "serve NIC ADDRESS MODE", what `xenlive-pool list --batch` and xtop show.
SERVING = RUN + "/serving"
MEDIUM = "/run/live/medium"
# After "copy to RAM" the initramfs keeps the served files there, in the
# medium's layout (livecd/initramfs/init, copy_to_ram).
TORAM_MEDIUM = "/run/live/toram/medium"
HTTP_PORT = 80
# What the TFTP root (also the HTTP root) holds: the ISO's netboot directory
# and its boot files, as links to the medium.
NETBOOT_FILES = ("pxelinux.0", "ldlinux.c32", "libcom32.c32", "libutil.c32", "mboot.c32", "menu.c32")
# GRUB 2.06 takes its TFTP server from the DHCP server's answer only, never
# from a proxy's: the served copy has this server's address written over
# the placeholder of its embedded config (livecd/build-iso.sh).
GRUB_EFI = "grubnetx64.efi"
GRUB_PLACEHOLDER = b" #xenlive-server-address-placeholder#"
BOOT_FILES = ("boot/xen.gz", "boot/vmlinuz-dom0", "boot/initrd.gz", "live/filesystem.squashfs")
TEMPLATES = {"pxelinux.cfg/default": "pxelinux.cfg.in", "grub.cfg": "grub.cfg.in"}


def link_local(addr):
    return ipaddress.ip_address(addr) in ipaddress.ip_network("169.254.0.0/16")


def mode_of(addr, offers):
    """(MODE, why): proxy where a DHCP server gives this LAN its addresses,
    else dhcp (this one gives them too): the decision networkd made when it
    gave the NIC a link-local address, confirmed by the DISCOVER's answers."""
    servers = [o["server"] for o in offers if not o["boot"]]
    if servers:
        return "proxy", "PXE only, beside the DHCP server at %s" % servers[0]
    if not link_local(addr):
        return "proxy", "PXE only: this NIC has its address from a DHCP server"
    return "dhcp", "addresses too, as no DHCP server answers on this segment (this NIC's address is link-local)"


def dhcp_range(addr, h):
    """Addresses this server gives in dhcp mode: 169.254.H.10-250 of the
    link-local network the pool's machines are on, for good (a member's
    address must outlive a lease; networkd probes before using one)."""
    return "169.254.%d.10,169.254.%d.250,255.255.0.0,infinite" % (h, h)


def dnsmasq_text(nic, addr, mode, h, name):
    lines = ["# xenlive-pool serve: PXE, DHCP (%s) and TFTP on %s only" % (mode, nic),
             "port=0", "interface=%s" % nic, "except-interface=lo", "bind-interfaces", "log-facility=-",
             "user=nobody", "group=nogroup",
             "dhcp-leasefile=%s" % LEASES, "enable-tftp", "tftp-root=%s" % ROOT]
    label = "Xen Live from %s" % name
    if mode == "proxy":
        # Beside another DHCP server the boot file goes in PXE's own
        # answer (dnsmasq adds ".0" to the BIOS one); UEFI firmware says
        # 7 (BC_EFI) or 9.
        lines += ["dhcp-range=%s,proxy" % addr,
                  'pxe-service=x86PC,"%s (BIOS)",pxelinux' % label,
                  'pxe-service=BC_EFI,"%s (UEFI)",grubnetx64.efi' % label,
                  'pxe-service=X86-64_EFI,"%s (UEFI)",grubnetx64.efi' % label]
    else:
        # Addresses too (no router, no DNS server), and the boot file in
        # the offer itself, by the client's architecture (RFC 4578).
        lines += ["dhcp-range=%s" % dhcp_range(addr, h), "dhcp-option=option:router",
                  "dhcp-option=option:dns-server",
                  "dhcp-match=set:efi,option:client-arch,7", "dhcp-match=set:efi,option:client-arch,9",
                  "dhcp-boot=tag:!efi,pxelinux.0", "dhcp-boot=tag:efi,grubnetx64.efi"]
    return "\n".join(lines) + "\n"


def netboot_args(addr, secret):
    return "xenlive.fetch=http://%s/live/filesystem.squashfs xenlive.poolhex=%s" % (addr, secret.hex())


def fill(template, args, name):
    return template.replace("@NETBOOT@", args).replace("@SERVER@", name)


def serving():
    """The lines of SERVING, [] when not serving."""
    try:
        with open(SERVING) as f:
            return [line for line in f.read().splitlines() if line.startswith("serve ")]
    except OSError:
        return []


def active():
    return run("systemctl", "is-active", "--quiet", UNIT, check=False).returncode == 0


def medium_dir():
    """Where the files to serve are: the boot medium, else their copy in RAM."""
    return MEDIUM if os.path.isfile(MEDIUM + "/live/filesystem.squashfs") else TORAM_MEDIUM


def missing_files(medium=None):
    medium = medium or medium_dir()
    return [f for f in BOOT_FILES + tuple("netboot/" + n for n in NETBOOT_FILES + (GRUB_EFI,) + tuple(TEMPLATES.values()))
            if not os.path.isfile(os.path.join(medium, f))]


def grub_for(image, addr):
    """The network GRUB with addr in its embedded config, the same length;
    None when the image has no placeholder."""
    if image.count(GRUB_PLACEHOLDER) != 1:
        return None
    text = (addr + " #").encode()
    return image.replace(GRUB_PLACEHOLDER, text + b"#" * (len(GRUB_PLACEHOLDER) - len(text)))


def make_root(secret, addr, name, medium=None, root=ROOT):
    """The TFTP and HTTP root: links to the medium's files, GRUB with this
    server's address, the two menus; None, or what is wrong."""
    medium = medium or medium_dir()
    run("rm", "-rf", root, check=False)
    for d in ("boot", "live", "pxelinux.cfg"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    for f in BOOT_FILES:
        os.symlink(os.path.join(medium, f), os.path.join(root, f))
    for n in NETBOOT_FILES:
        os.symlink(os.path.join(medium, "netboot", n), os.path.join(root, n))
    with open(os.path.join(medium, "netboot", GRUB_EFI), "rb") as f:
        grub = grub_for(f.read(), addr)
    if grub is None:
        return "the medium's netboot/%s has no place for this server's address" % GRUB_EFI
    with open(os.path.join(root, GRUB_EFI), "wb") as f:
        f.write(grub)
    args = netboot_args(addr, secret)
    for out, tpl in TEMPLATES.items():
        with open(os.path.join(medium, "netboot", tpl)) as f:
            # Readable by dnsmasq (nobody): the secret is in it, and any PC
            # of this segment gets it by TFTP anyway (README).
            write_file(os.path.join(root, out), fill(f.read(), args, name), 0o644)
    return None


def remove_files():
    remove(SERVING)
    run("rm", "-rf", SERVE_DIR, check=False)


def stop():
    run("systemctl", "stop", UNIT, check=False, quiet=True)
    remove_files()


def start(nic, addr, mode, h, name, secret):
    err = make_root(secret, addr, name)
    if err:
        remove_files()
        return err
    write_file(DNSMASQ_CONF, dnsmasq_text(nic, addr, mode, h, name))
    write_file(SERVE_DIR + "/http", "%s %s\n" % (nic, addr))
    r = run("systemctl", "start", UNIT, check=False)
    if r.returncode != 0:
        log = run("journalctl", "-b", "-u", UNIT, "-n", "3", "--no-pager", "-o", "cat", check=False).stdout
        stop()
        return " ".join(log.split())[-300:] or r.stderr.strip()
    write_file(SERVING, "serve %s %s %s\n" % (nic, addr, mode))
    return None


# The daemon (xenlive-serve.service): dnsmasq, and HTTP on the NIC only.
class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=ROOT, **kwargs)

    def list_directory(self, path):
        self.send_error(404)

    def copyfile(self, source, outputfile):
        # The image in one sendfile: the fetch is the longest step of a
        # network boot.
        self.connection.sendfile(source)

    def log_message(self, fmt, *args):
        sys.stderr.write("http %s %s\n" % (self.address_string(), fmt % args))


class NicServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, nic, addr):
        self.nic = nic
        super().__init__((addr, HTTP_PORT), Handler)

    def server_bind(self):
        # Bound to the NIC itself, not only its address: nothing arriving
        # on xenbr0 (a guest) reaches it.
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, self.nic.encode())
        super().server_bind()


def notify(msg):
    path = os.environ.get("NOTIFY_SOCKET")
    if path:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        try:
            s.sendto(msg.encode(), "\0" + path[1:] if path.startswith("@") else path)
        finally:
            s.close()


def daemon():
    with open(SERVE_DIR + "/http") as f:
        nic, addr = f.read().split()
    proc = subprocess.Popen(["dnsmasq", "--keep-in-foreground", "--conf-file=" + DNSMASQ_CONF,
                             "--pid-file=" + SERVE_DIR + "/dnsmasq.pid"], env=ENV)
    server = NicServer(nic, addr)
    done = threading.Event()

    def stop_all(*_):
        done.set()
    signal.signal(signal.SIGTERM, stop_all)
    signal.signal(signal.SIGINT, stop_all)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    notify("READY=1")
    say("serving on %s (%s): TFTP and PXE by dnsmasq, HTTP on port %d" % (nic, addr, HTTP_PORT))
    while not done.wait(1.0):
        if proc.poll() is not None:
            say("dnsmasq ended (exit %d); serving stops." % proc.returncode)
            break
    server.shutdown()
    server.server_close()
    if proc.poll() is None:
        proc.terminate()
        proc.wait(10)
    return 0 if done.is_set() else 1


def offers_on(nic):
    try:
        return dhcp.probe(nic, network.mac_of(nic))
    except OSError as e:
        say("cannot ask who answers DHCP on %s: %s" % (nic, e.strerror))
        return []
