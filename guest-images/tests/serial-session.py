#!/usr/bin/env python3
"""Drives the live dom0's serial console (autologin root shell) from the host.

    serial-session.py SOCKET TIMEOUT COMMAND...

Connects to QEMU's serial port (a unix socket), waits for dom0's shell
prompt, runs each COMMAND in turn and copies the console to stdout.  A
command is done when it prints "XLDONE rc=N"; the exit status is that of the
last command (124 on time-out).
"""
import re
import socket
import sys
import time


def main():
    path, timeout, commands = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    deadline = time.monotonic() + timeout
    sock = None
    while sock is None and time.monotonic() < deadline:
        try:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.connect(path)
        except OSError:
            sock = None
            time.sleep(0.5)
    if sock is None:
        print("serial-session: cannot connect to %s" % path, file=sys.stderr)
        return 124
    sock.settimeout(1.0)
    buf = b""

    def pump():
        nonlocal buf
        try:
            data = sock.recv(65536)
        except socket.timeout:
            return
        if not data:
            raise EOFError("QEMU closed the serial port")
        sys.stdout.write(data.decode(errors="replace").replace("\r", ""))
        sys.stdout.flush()
        buf += data

    def type_slowly(text):
        # Xen reads the 16550's FIFO by polling under TCG: a burst longer
        # than the FIFO loses characters, so type a few at a time.
        data = text.encode()
        for i in range(0, len(data), 8):
            sock.sendall(data[i:i + 8])
            time.sleep(0.05)

    def wait_for(pattern, until):
        nonlocal buf
        while time.monotonic() < until:
            m = re.search(pattern, buf)
            if m:
                buf = buf[m.end():]
                return m
            pump()
        return None

    # The autologin shell: poke it (an empty command line) until a root
    # prompt answers.
    last = time.monotonic()
    while time.monotonic() < deadline:
        if time.monotonic() - last > 10:
            sock.sendall(b"\r")
            last = time.monotonic()
        if re.search(rb"root@[^\r\n]*# ?$", buf):
            break
        pump()
    else:
        print("\nserial-session: no dom0 shell prompt", file=sys.stderr)
        return 124
    rc = 0
    for cmd in commands:
        buf = b""
        type_slowly("%s; echo XLDONE rc=$?\r" % cmd)
        # Skip the echo of the command itself, then wait for its end marker.
        m = wait_for(rb"XLDONE rc=(\d+)\r*\n", deadline)
        if not m:
            print("\nserial-session: time-out running %s" % cmd, file=sys.stderr)
            return 124
        rc = int(m.group(1))
    return rc


if __name__ == "__main__":
    sys.exit(main())
