#!/usr/bin/env python3
"""Fetches http://ADDR/ every INTERVAL seconds and prints one line per try,
"ok START END" or "fail START END" (seconds since the epoch: when the
request went out, when the answer or the failure came), until killed.

A new try starts every INTERVAL (each in its own thread) while fewer than
three are running, so a slow answer does not hold up the next request, and
a slow server is not buried in requests: the longest span of request times
with no answer is the guest's downtime as its clients see it, to within
about one interval.  A connection not made within 0.5 s fails (a paused
guest answers no SYN, and TCP would only retry after 1 s); a connected try
has LIMIT seconds for its answer.  Three, because while the guest is away
every try takes those 0.5 s: with two in flight, every other start was
skipped, and the first answer after the guest came back could start up to
two intervals late.  On SIGTERM it starts no more tries and exits when the running
ones end.  One process for the whole poll: a shell loop forking curl, grep
and date each time takes longer than the interval itself under QEMU/TCG.

Usage: http-poll.py ADDR [INTERVAL [LIMIT]]   (defaults 0.2 and 3 seconds)
"""
import signal
import socket
import sys
import threading
import time

print_lock = threading.Lock()
CONNECT_LIMIT = 0.5
IN_FLIGHT = 3


def fetch(addr, limit):
    """True when ADDR answers a demo guest's page ("name: ..." in the body)."""
    deadline = time.monotonic() + limit
    try:
        with socket.create_connection((addr, 80), timeout=min(limit, CONNECT_LIMIT)) as conn:
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


def one_try(addr, limit, slots):
    try:
        start = time.time()
        ok = fetch(addr, limit)
        with print_lock:
            print(f"{'ok' if ok else 'fail'} {start:.3f} {time.time():.3f}", flush=True)
    finally:
        slots.release()


def main():
    if not 2 <= len(sys.argv) <= 4:
        sys.exit("usage: http-poll.py ADDR [INTERVAL [LIMIT]]")
    addr = sys.argv[1]
    try:
        interval = float(sys.argv[2]) if len(sys.argv) > 2 else 0.2
        limit = float(sys.argv[3]) if len(sys.argv) > 3 else 3.0
    except ValueError:
        sys.exit("http-poll.py: INTERVAL and LIMIT are seconds, e.g. 0.2 3")
    if interval <= 0 or limit <= 0:
        sys.exit("http-poll.py: INTERVAL and LIMIT must be above 0 seconds")
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    tries = []
    slots = threading.BoundedSemaphore(IN_FLIGHT)
    next_start = time.monotonic()
    while not stopping.is_set():
        if slots.acquire(blocking=False):
            t = threading.Thread(target=one_try, args=(addr, limit, slots))
            t.start()
            tries = [x for x in tries if x.is_alive()] + [t]
        next_start += interval
        stopping.wait(max(0.0, next_start - time.monotonic()))
    for t in tries:
        t.join()


if __name__ == "__main__":
    main()
