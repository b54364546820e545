"""What xl says: this host's guests, Xen's free memory, what a guest needs."""
import re

from .built import GUEST_OVERHEAD_MIB
from .util import DOMAIN_RE, run



def parse_xl_list(text):
    """[[name, memory MiB, vCPUs, state]] of the guests in `xl list`'s
    output, without Domain-0, at most 200."""
    doms = []
    for line in text.splitlines()[1:]:
        f = line.split()
        if len(f) >= 6 and f[0] != "Domain-0" and DOMAIN_RE.match(f[0]):
            try:
                doms.append([f[0], int(f[2]), int(f[3]), f[4]])
            except ValueError:
                pass
    return doms[:200]


def parse_free_mib(text):
    """free_memory of `xl info`'s output, -1 when it has none."""
    m = re.search(r"^free_memory\s*:\s*(\d+)", text, re.M)
    return int(m.group(1)) if m else -1


def xl_domains():
    return parse_xl_list(run("xl", "list", check=False).stdout)


def xl_free_mib():
    return parse_free_mib(run("xl", "info", check=False).stdout)


def need_mib(memory_mib):
    """What a guest of memory_mib takes of Xen's free memory: its memory
    and Xen's own per guest, as xtop's fit check counts (livecd/pool/
    install.sh takes the figure from xtop/model/launch.h into built.py)."""
    return memory_mib + GUEST_OVERHEAD_MIB
