"""The command line: join, leave, list, migrate, free, daemon.  Bad input
gives one sentence on stderr and exit 2; a refusal exit 1."""
import os
import sys

from . import network, state, xen
from .member import SECRET_FILE, daemon, teardown
from .util import ENV, die, remove, run, write_file

UNIT = "xenlive-pool.service"
USAGE = "usage: xenlive-pool join SECRET|- | leave | list [--batch] | migrate NAME HOST | free"


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
    run("systemctl", "stop", UNIT, check=False)
    remove(SECRET_FILE)
    teardown()
    print("left the pool: peers' keys, tunnels and the LAN listeners are gone.")


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


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    cmds = {"join": cmd_join, "leave": cmd_leave, "list": cmd_list, "migrate": cmd_migrate, "free": cmd_free}
    if args and args[0] == "daemon" and len(args) == 1:
        daemon()
    elif args and args[0] in cmds:
        cmds[args[0]](args[1:])
    else:
        die(USAGE, 2)
