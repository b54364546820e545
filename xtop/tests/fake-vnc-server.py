#!/usr/bin/env python3
"""A VNC (RFB 3.8) server as QEMU's looks to xenlive-vnc, for its tests.

  fake-vnc-server.py PORTFILE MODE

Listens on 127.0.0.1 (a free port, written to PORTFILE), takes one
client, and serves a 64x32 screen: left half red, right half blue.
MODE: "serve" answers update requests until the client leaves; "resize"
then announces a 32x16 all-green screen; "password" offers only VNC
authentication; "garbage" is not a VNC server at all.  Writes what the
client sent (its encodings, whether it asked for updates) to stdout."""
import socket
import struct
import sys

port_file, mode = sys.argv[1], sys.argv[2]
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
with open(port_file + ".tmp", "w") as f:
    f.write(str(srv.getsockname()[1]))
import os
os.rename(port_file + ".tmp", port_file)
srv.settimeout(30)
c, _ = srv.accept()
c.settimeout(30)


def recv(n):
    buf = b""
    while len(buf) < n:
        part = c.recv(n - len(buf))
        if not part:
            raise SystemExit(0)
        buf += part
    return buf


def screen(w, h, colour_at):
    rows = []
    for y in range(h):
        rows.append(b"".join(struct.pack("<I", colour_at(x, y)) for x in range(w)))
    return struct.pack(">BxH", 0, 1) + struct.pack(">HHHHi", 0, 0, w, h, 0) + b"".join(rows)


if mode == "garbage":
    c.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\n")
    raise SystemExit(0)
c.sendall(b"RFB 003.008\n")
recv(12)
if mode == "password":
    c.sendall(bytes([1, 2]))
    raise SystemExit(0)
c.sendall(bytes([1, 1]))
assert recv(1) == b"\x01"
c.sendall(struct.pack(">I", 0))
recv(1)  # ClientInit
name = b"fake"
c.sendall(struct.pack(">HH", 64, 32) + bytes(16) + struct.pack(">I", len(name)) + name)
w, h = 64, 32
updates = 0
while True:
    kind = recv(1)[0]
    if kind == 0:  # SetPixelFormat
        fmt = recv(19)[3:]
        print("pixel format bpp=%d depth=%d truecolour=%d" % (fmt[0], fmt[1], fmt[3]), flush=True)
    elif kind == 2:  # SetEncodings
        n = struct.unpack(">xH", recv(3))[0]
        encs = struct.unpack(">%di" % n, recv(4 * n))
        print("encodings " + " ".join(map(str, encs)), flush=True)
    elif kind == 3:  # FramebufferUpdateRequest
        recv(9)
        updates += 1
        print("update request %d" % updates, flush=True)
        if updates == 1:
            c.sendall(screen(w, h, lambda x, y: 0xFF0000 if x < w // 2 else 0x0000FF))
        elif updates == 2 and mode == "resize":
            w, h = 32, 16
            c.sendall(struct.pack(">BxH", 0, 2) + struct.pack(">HHHHi", 0, 0, w, h, -223)
                      + screen(w, h, lambda x, y: 0x00FF00)[4:])
    elif kind == 4:
        recv(7)
    elif kind == 255:
        recv(11)
    else:
        raise SystemExit("unexpected client message %d" % kind)
