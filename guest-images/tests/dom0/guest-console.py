#!/usr/bin/env python3
"""Runs one shell command in a Xen guest through its console, from dom0.

    guest-console.py NAME 'COMMAND' [TIMEOUT]

Attaches `xl console NAME` on a pseudo-terminal, logs in as root if a login
prompt shows, runs COMMAND, prints its output and exits with its status.
"""
import os
import pty
import re
import select
import sys
import time


def main():
    name, command = sys.argv[1], sys.argv[2]
    timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 60.0
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp("xl", ["xl", "console", name])
    buf = b""
    deadline = time.monotonic() + timeout

    # Terminal control sequences (busybox's line editor asks for the cursor
    # position after its prompt) would hide the prompt at the end.
    csi = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")

    def read_until(pattern, limit):
        nonlocal buf
        end = min(deadline, time.monotonic() + limit)
        while time.monotonic() < end:
            m = re.search(pattern, csi.sub(b"", buf))
            if m:
                return m
            r, _, _ = select.select([fd], [], [], 0.2)
            if r:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    break
                if not data:
                    break
                buf += data
        return re.search(pattern, csi.sub(b"", buf))

    def send(text):
        os.write(fd, text.encode())

    tag = "XL%d" % os.getpid()
    # Wake the console up; log in when asked; wait for a shell prompt.
    prompt = rb"[#$] ?$"
    logged_in = False
    for _ in range(int(timeout)):
        buf = b""
        send("\r")
        m = read_until(rb"(login: ?$|Password: ?$|[#$] ?$)", 3)
        if not m:
            continue
        if m.group(1).startswith(b"login"):
            buf = b""
            send("root\r")
            m = read_until(rb"(Password: ?$|[#$] ?$)", 20)
            if m and m.group(1).startswith(b"Password"):
                buf = b""
                send("\r")
                m = read_until(prompt, 20)
            if m:
                logged_in = True
                break
            continue
        if m.group(1).startswith(b"Password"):
            continue
        logged_in = True
        break
    if not logged_in:
        sys.stderr.write("guest-console: no shell prompt on %s's console\n" % name)
        os.kill(pid, 9)
        return 3
    buf = b""
    # Output starts after a marker the shell computes ($((6 * 7))), so
    # neither the echoed command line nor a prompt left over from the
    # wake-up Enters above (a slow guest answers late) can pass for it.
    send("stty -echo 2>/dev/null; echo %s-begin-$((6 * 7)); %s; echo %s-rc=$?\r" % (tag, command, tag))
    m = read_until((r"%s-rc=(\d+)" % tag).encode(), timeout)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    if not m:
        sys.stderr.write("guest-console: %s did not finish on %s\n" % (command, name))
        sys.stdout.write(buf.decode(errors="replace"))
        return 3
    text = csi.sub(b"", buf)
    begin = max(0, text.find(("%s-begin-42" % tag).encode()))
    end = text.find(("%s-rc=" % tag).encode(), begin)
    out = text[begin:end].decode(errors="replace").replace("\r", "")
    # Drop the begin marker's own line.
    sys.stdout.write(out.split("\n", 1)[1].strip("\n") + "\n" if "\n" in out else "")
    return int(m.group(1))


if __name__ == "__main__":
    sys.exit(main())
