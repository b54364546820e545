#!/usr/bin/env python3
"""Prints each line of its input prefixed with the time it arrived
(seconds since the epoch, to the millisecond): xl's own messages carry no
time, and under QEMU/TCG a `date` per line would itself take longer than
the steps it times.

Usage: COMMAND 2>&1 | stamp-lines.py
"""
import sys
import time

for line in sys.stdin:
    sys.stdout.write(f"{time.time():.3f} {line}")
    sys.stdout.flush()
