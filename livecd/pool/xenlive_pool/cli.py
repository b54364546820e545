"""The command line: join, leave, list, migrate, free, serve, daemon.  Bad input
gives one sentence on stderr and exit 2; a refusal exit 1."""
import os
import sys

from . import network, serve, state, xen
from .member import SECRET_FILE, daemon, teardown
from .util import ENV, die, remove, run, write_file

UNIT = "xenlive-pool.service"
USAGE = "usage: xenlive-pool join SECRET|- | leave | list [--batch] | migrate NAME HOST | free | serve [--stop]"


def joined():
    return run("systemctl", "is-active", "--quiet", UNIT, check=False).returncode == 0


def secret_ok(secret):
    return 8 <= len(secret) <= 256 and not any(c.isspace() or not c.isprintable() for c in secret)


def cmd_join(args):
    if len(args) != 1:
        die("join takes the pool's secret, or - to read it from stdin: xenlive-pool join -", 2)
    if args[0] == "-":
        secret = sys.stdin.readline().rstrip("\n")
    else:
        secret = args[0]
    if not secret_ok(secret):
        die("the secret must be 8 to 256 printable characters without spaces; choose another.", 2)
    if os.geteuid() != 0:
        die("join must run as root (it changes dom0's network and SSH keys).", 1)
    if joined():
        die("this host is in a pool already; run 'xenlive-pool leave' first.", 1)
    name, h = network.identity()
    if not name:
        die("this machine has no wired network interface (en*, eth*); a pool needs one.", 1)
    write_file(SECRET_FILE, secret + "\n", 0o600)
    del secret
    r = run("systemctl", "start", "--no-block", UNIT, check=False)
    if r.returncode != 0:
        remove(SECRET_FILE)
        die("cannot start %s: %s" % (UNIT, r.stderr.strip()[:200]), 1)
    print("joining as %s (guests 10.99.%d.10-250); 'xenlive-pool list' shows the hosts found." % (name, h))


def cmd_leave(args):
    if args:
        die("leave takes no arguments.", 2)
    if os.geteuid() != 0:
        die("leave must run as root.", 1)
    serve.stop()
    run("systemctl", "stop", UNIT, check=False)
    remove(SECRET_FILE)
    teardown()
    print("left the pool: peers' keys, tunnels, serving and the LAN listeners are gone.")


def cmd_list(args):
    batch = args == ["--batch"]
    if args and not batch:
        die("list takes only --batch.", 2)
    st = state.load_state()
    if st is None:
        if not batch:
            print("not in a pool ('xenlive-pool join -' joins one).")
        return
    if batch:
        sys.stdout.write(state.batch_text(st))
        return
    sys.stdout.write(state.list_text(st))


def cmd_migrate(args):
    if len(args) != 2:
        die("migrate takes a guest's name and a pool host: xenlive-pool migrate NAME HOST", 2)
    name, host = args
    peer = state.peer_named(state.load_state(), host)
    if peer is None:
        die("%s is not a host of this pool ('xenlive-pool list' shows them)." % host, 2)
    if peer["state"] != "up":
        die("%s has not been heard from for %d s; is it running?" % (host, state.PEER_LOST_AFTER), 1)
    r = run("xl", "list", name, check=False)
    f = r.stdout.splitlines()[1].split() if r.returncode == 0 and len(r.stdout.splitlines()) > 1 else []
    if not f or name == "Domain-0":
        die("no guest named %s runs here ('xl list' shows them)." % name, 2)
    need = xen.need_mib(int(f[2]))
    # Asked now: the announcements' figure may be seconds old.
    r = run("ssh", host, "xenlive-pool", "free", check=False)
    free = int(r.stdout.strip()) if r.returncode == 0 and r.stdout.strip().lstrip("-").isdigit() else peer["free"]
    if 0 <= free < need:
        die("%s has %d MiB free and %s needs %d MiB; free memory there first (nothing was moved)." % (
            host, free, name, need), 1)
    os.execvpe("xl", ["xl", "migrate", name, host], ENV)


def cmd_free(args):
    # For a peer's migrate check over ssh: Xen's free memory here, now.
    if args:
        die("free takes no arguments.", 2)
    print(xen.xl_free_mib())


def cmd_serve(args):
    if args == ["--stop"]:
        if os.geteuid() != 0:
            die("serve --stop must run as root.", 1)
        was = serve.active() or serve.serving()
        serve.stop()
        print("stopped serving: nothing answers DHCP, PXE, TFTP or HTTP for the pool any more." if was
              else "not serving; nothing to stop.")
        return
    if args:
        die("serve takes only --stop: 'xenlive-pool serve' starts serving, 'xenlive-pool serve --stop' ends it.", 2)
    if os.geteuid() != 0:
        die("serve must run as root (it starts DHCP, TFTP and HTTP servers).", 1)
    name, h = network.identity()
    if not name:
        die("this machine has no wired network interface (en*, eth*); serving needs one, on the LAN of the PCs to boot.", 1)
    if not joined():
        die("serving boots other PCs into this machine's pool: join one first ('xenlive-pool join -').", 1)
    if serve.active():
        die("this machine serves already (%s); 'xenlive-pool serve --stop' ends it." % " ".join(
            (serve.serving() or ["serve ? ? ?"])[0].split()[1:]), 1)
    addrs = network.nic_addresses()
    if not addrs:
        die("no wired NIC has an address yet; check the cable and try again in a few seconds.", 1)
    # The pool's own NIC: the one its announcements and sshd use.
    nic, (addr, _) = sorted(addrs.items(), key=lambda kv: kv[1][0])[0]
    offers = serve.offers_on(nic)
    other = [o["server"] for o in offers if o["boot"] and o["server"] != addr]
    if other:
        die("another boot server (%s) answers PXE on %s's segment, and one is enough: "
            "stop it there ('xenlive-pool serve --stop') or serve from that one." % (other[0], nic), 1)
    missing = serve.missing_files()
    if missing:
        die("serving needs the medium this machine booted from, with its netboot files (%s missing): "
            "boot the server from a Xen Live CD or stick (with or without 'copy to RAM'), not from the network."
            % missing[0], 1)
    mode, why = serve.mode_of(addr, offers)
    with open(SECRET_FILE, "rb") as f:
        secret = f.read().rstrip(b"\n")
    err = serve.start(nic, addr, mode, h, name, secret)
    del secret
    if err:
        die("cannot start serving: %s" % err, 1)
    print("serving Xen Live on %s (%s): %s; PCs of this LAN that boot from the network join this pool. "
          "'xenlive-pool serve --stop' ends it." % (nic, addr, why))


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    cmds = {"join": cmd_join, "leave": cmd_leave, "list": cmd_list, "migrate": cmd_migrate, "free": cmd_free,
            "serve": cmd_serve}
    if args and args[0] == "daemon" and len(args) == 1:
        daemon()
    elif args == ["serve-daemon"]:
        sys.exit(serve.daemon())
    elif args and args[0] in cmds:
        cmds[args[0]](args[1:])
    else:
        die(USAGE, 2)
