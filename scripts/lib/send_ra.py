#!/usr/bin/env python3
"""send_ra.py IFACE LIFETIME: send one ICMPv6 router advertisement to ff02::1 on IFACE.

A test helper for --check's host.accept-ra: run inside the harness's upstream namespace
(nsenter --net=...), it plays the router whose advertisements give the engine's namespace a
default route (proto ra) for LIFETIME seconds. No prefix options: only the default route.
Sent with hop limit 255 from IFACE's link-local address, as the kernel requires of an RA.
"""
import socket
import struct
import sys


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: send_ra.py IFACE LIFETIME", file=sys.stderr)
        return 2
    iface, lifetime = sys.argv[1], int(sys.argv[2])
    index = socket.if_nametoindex(iface)
    sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, index)
    # type 134, code 0, checksum (the kernel fills it in for ICMPv6), current hop limit 64,
    # flags 0, router lifetime, reachable time 0, retransmit timer 0.
    advertisement = struct.pack("!BBHBBHII", 134, 0, 0, 64, 0, lifetime, 0, 0)
    sock.sendto(advertisement, ("ff02::1", 0, 0, index))
    return 0


if __name__ == "__main__":
    sys.exit(main())
