"""Running programs, writing files, and the one-sentence messages."""
import os
import re
import subprocess
import sys

RUN = "/run/xenlive/pool"
ENV = dict(os.environ, PATH="/usr/sbin:/usr/bin:/sbin:/bin")
# A guest's name as xl lists it and dnsmasq leases it; announcements carry it.
DOMAIN_RE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def say(msg):
    print("xenlive-pool: " + msg, file=sys.stderr, flush=True)


def die(msg, code=1):
    say(msg)
    sys.exit(code)


def run(*args, check=True, quiet=False):
    r = subprocess.run(args, env=ENV, capture_output=True, text=True)
    if check and r.returncode != 0 and not quiet:
        say("%s failed: %s" % (" ".join(args[:4]), (r.stderr or r.stdout).strip()[:200]))
    return r


def write_file(path, text, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def remove(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
