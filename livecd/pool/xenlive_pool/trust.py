"""SSH between the pool's hosts: each peer's root key authorized from its
address only, its host key known under its name, `ssh NAME` by name, and
sshd for the peers on the LAN address."""
from .util import RUN, remove, write_file

AUTH_KEYS = RUN + "/authorized_keys"
KNOWN_HOSTS = RUN + "/known_hosts"
SSH_CONFIG = RUN + "/ssh_config"
SSHD_SOCKET = "/run/systemd/system/xenlive-pool-sshd.socket"
HOST_KEY = "/etc/ssh/ssh_host_ed25519_key.pub"
USER_KEY = "/root/.ssh/id_ed25519.pub"


def read_key(path):
    """The key of a .pub file (type and key, no comment); "" without one."""
    try:
        with open(path) as f:
            return " ".join(f.read().split()[:2])
    except OSError:
        return ""


def authorized_keys_text(peers):
    return "".join('from="%s",restrict %s xenlive-pool:%s\n' % (p["addr"], p["sshkey"], p["name"])
                   for p in sorted(peers.values(), key=lambda p: p["name"]))


def known_hosts_text(peers):
    return "".join("%s %s\n" % (p["name"], p["hostkey"])
                   for p in sorted(peers.values(), key=lambda p: p["name"]))


def ssh_config_text(peers):
    conf = []
    for p in sorted(peers.values(), key=lambda p: p["name"]):
        # A peer silent for a minute is given up (xl then resumes the
        # guest here); a loaded emulated machine can take seconds to answer.
        conf.append("Host %s\n\tHostName %s\n\tHostKeyAlias %s\n\tUser root\n\tBatchMode yes\n"
                    "\tStrictHostKeyChecking yes\n\tUserKnownHostsFile %s\n\tGlobalKnownHostsFile /dev/null\n"
                    "\tUpdateHostKeys no\n\tCheckHostIP no\n\tConnectTimeout 60\n"
                    "\tServerAliveInterval 10\n\tServerAliveCountMax 6\n"
                    % (p["name"], p["addr"], p["name"], KNOWN_HOSTS))
    return "# xenlive-pool: the pool's hosts, by name\n" + "".join(conf)


def write_peers(peers):
    """The three SSH files for the peers ({name: record})."""
    write_file(AUTH_KEYS, authorized_keys_text(peers), 0o600)
    write_file(KNOWN_HOSTS, known_hosts_text(peers))
    write_file(SSH_CONFIG, ssh_config_text(peers))


def write_empty():
    """The SSH files of a pool with no peers yet."""
    write_file(AUTH_KEYS, "", 0o600)
    write_file(KNOWN_HOSTS, "")
    write_file(SSH_CONFIG, "")


def sshd_socket_text(addr):
    return ("# xenlive-pool: sshd for the pool's peers, on the LAN address only\n[Unit]\n"
            "Description=Xen Live: SSH server for the pool's peers (%s)\n"
            "After=xenlive-ssh-keys.service\n\n[Socket]\nListenStream=%s:22\n"
            "FreeBind=yes\nAccept=yes\n" % (addr, addr))


def write_sshd_socket(addr):
    """sshd for the peers on addr, or none without an address."""
    if addr:
        write_file(SSHD_SOCKET, sshd_socket_text(addr))
    else:
        remove(SSHD_SOCKET)
