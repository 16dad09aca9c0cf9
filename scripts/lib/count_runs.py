#!/usr/bin/env python3
"""scripts/lib/count_runs.py UNITS_DIR UNIT: count the starts of UNIT until SIGTERM, then print the count.

scripts/bench-tick counts a unit's runs with it. PID 1 writes /run/systemd/units/invocation:UNIT
(a symlink to the invocation ID, made under a temporary name and renamed into place) at every
start of UNIT; inotify on that directory (IN_CREATE, IN_MOVED_TO) sees each one without a journal
line, so a unit whose idle runs log nothing is counted too, and without polling, whose own CPU
would land in the figure. The directory lives as long as PID 1. Prints "ready" on stderr once
the watch is set.
"""
import ctypes
import os
import signal
import struct
import sys

IN_CREATE = 0x100
IN_MOVED_TO = 0x80
HEADER = struct.Struct("iIII")  # wd, mask, cookie, len


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: count_runs.py UNITS_DIR UNIT", file=sys.stderr)
        return 2
    directory, name = sys.argv[1], ("invocation:" + sys.argv[2]).encode()
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.inotify_init1(0)
    if fd < 0:
        print(f"count_runs: inotify_init1: {os.strerror(ctypes.get_errno())}", file=sys.stderr)
        return 1
    if libc.inotify_add_watch(fd, directory.encode(), IN_CREATE | IN_MOVED_TO) < 0:
        print(f"count_runs: watch {directory}: {os.strerror(ctypes.get_errno())}", file=sys.stderr)
        return 1
    count = 0

    def stop(_signum, _frame):
        raise SystemExit

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("ready", file=sys.stderr, flush=True)
    try:
        while True:
            data = os.read(fd, 65536)
            offset = 0
            while offset < len(data):
                _wd, mask, _cookie, length = HEADER.unpack_from(data, offset)
                event_name = data[offset + HEADER.size:offset + HEADER.size + length].rstrip(b"\0")
                offset += HEADER.size + length
                if mask & (IN_CREATE | IN_MOVED_TO) and event_name == name:
                    count += 1
    except SystemExit:
        pass
    print(count, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
