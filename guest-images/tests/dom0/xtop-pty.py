#!/usr/bin/python3
"""Runs xtop's full-screen monitor on a pseudo-terminal, as tty1 runs it,
for tests in dom0 that need one running throughout (soak, crash).

    xtop-pty.py LOG PIDFILE [XTOP-ARGS...]

Writes the xtop process's id to PIDFILE, then keeps reading what it draws
into LOG (escape sequences removed; the file is started afresh when it
passes 1 MB, so a long soak cannot fill dom0's RAM).  Ends when xtop ends,
or on SIGTERM (then xtop is stopped too)."""
import fcntl
import os
import pty
import re
import signal
import struct
import sys
import termios

ESCAPES = re.compile(rb"\x1b(\[[0-9;?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>78MDEc])")
LOG_MAX = 1 << 20


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: xtop-pty.py LOG PIDFILE [XTOP-ARGS...]")
    log_path, pid_path, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm"
        os.environ.setdefault("LANG", "C.UTF-8")
        os.execvp("xtop", ["xtop"] + args)
    # 40 rows of 120 columns, whatever size the pty started with.
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    os.kill(pid, signal.SIGWINCH)
    with open(pid_path, "w") as f:
        f.write(f"{pid}\n")

    def stop(_sig, _frame):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    log = open(log_path, "wb")
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        if log.tell() > LOG_MAX:
            log.seek(0)
            log.truncate()
        # Cursor moves stand between words on screen: keep them apart.
        log.write(ESCAPES.sub(b" ", data).replace(b"\r", b""))
        log.flush()
    log.close()
    os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
