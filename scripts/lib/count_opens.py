#!/usr/bin/env python3
"""scripts/lib/count_opens.py DIR NAME: count the opens of DIR/NAME until SIGTERM, then print the count.

scripts/bench-tick counts service runs with it: every apply run of ipv6-reconcile opens its lock
file once. inotify (IN_OPEN on the directory) costs the runs nothing measurable and needs no
journal line, so it counts a unit whose idle runs log nothing. Prints "ready" on stderr once the
watch is set.
"""
import ctypes
import os
import signal
import struct
import sys

IN_OPEN = 0x20
HEADER = struct.Struct("iIII")  # wd, mask, cookie, len


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: count_opens.py DIR NAME", file=sys.stderr)
        return 2
    directory, name = sys.argv[1], sys.argv[2].encode()
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.inotify_init1(0)
    if fd < 0:
        print(f"count_opens: inotify_init1: {os.strerror(ctypes.get_errno())}", file=sys.stderr)
        return 1
    if libc.inotify_add_watch(fd, directory.encode(), IN_OPEN) < 0:
        print(f"count_opens: watch {directory}: {os.strerror(ctypes.get_errno())}", file=sys.stderr)
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
                if mask & IN_OPEN and event_name == name:
                    count += 1
    except SystemExit:
        pass
    print(count, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
