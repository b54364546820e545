#!/usr/bin/env python3
"""Fetches http://ADDR/ every INTERVAL seconds and prints one line per try,
"ok T" or "fail T" (T: seconds since the epoch when the try ended), until
killed.  One process for the whole poll: a shell loop forking curl, grep
and date each time takes longer than the interval itself under QEMU/TCG,
and a missed answer then says little about the guest.  Each try has its
own time limit (connect, request and answer), so a try that falls into the
guest's pause fails at that limit instead of waiting for TCP's SYN
retransmission (1 s, then 3 s): the longest gap between answers is then the
downtime to within one interval plus the limit.

Usage: http-poll.py ADDR [INTERVAL [LIMIT]]
"""
import socket
import sys
import time


def fetch(addr, limit):
    """True when ADDR answers a demo guest's page ("name: ..." in the body)."""
    deadline = time.monotonic() + limit
    try:
        with socket.create_connection((addr, 80), timeout=limit) as conn:
            conn.sendall(b"GET / HTTP/1.0\r\nHost: " + addr.encode() + b"\r\n\r\n")
            data = b""
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                conn.settimeout(left)
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
        return b"\nname: " in data
    except OSError:
        return False


def main():
    if not 2 <= len(sys.argv) <= 4:
        sys.exit("usage: http-poll.py ADDR [INTERVAL [LIMIT]]")
    addr = sys.argv[1]
    try:
        interval = float(sys.argv[2]) if len(sys.argv) > 2 else 0.2
        limit = float(sys.argv[3]) if len(sys.argv) > 3 else 0.5
    except ValueError:
        sys.exit("http-poll.py: INTERVAL and LIMIT are seconds, e.g. 0.2 0.5")
    while True:
        ok = fetch(addr, limit)
        print(f"{'ok' if ok else 'fail'} {time.time():.3f}", flush=True)
        time.sleep(interval)


if __name__ == "__main__":
    main()
