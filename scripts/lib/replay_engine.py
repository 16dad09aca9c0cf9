"""A replay Docker engine for scripts/bench: serves, on a Unix socket, the three requests of a no-op
reconcile run from JSON recorded off the real (private) engine, multiplied to any number of
containers, so that ipv6-reconcile can be measured at sizes the machine cannot run.

  GET|HEAD /_ping             "OK", with the recorded engine's Api-Version (1.41) header
  GET /vX/containers/json     the recorded labelled containers, multiplied to COUNT (the label
                              filter must be the ipv6.mapper.network one)
  GET /vX/networks            the recorded networks, as recorded
Anything else gets a 404 with the engine's {"message": ...} body, and is logged like the rest.

Multiplying: copy i is made from recorded container i % len(recorded), with a unique 64-hex ID and
a unique name, and its addresses made consistent, so that the no-op run really is a no-op: its
GlobalIPv6Address (and GlobalIPv6PrefixLen) on each network its label names is exactly its desired
address, the network's prefix | the suffix, computed here as the old daemon did (hashlib.md5 of the
name, or the ipv6.mapper.suffix label). Names whose address would collide with one already given on
that network (24 bits of MD5: about 3 collisions among 10,000 names) are skipped, so no conflict is
reported either. Other fields (IPv4 address, endpoint IDs, MAC) keep the template's values but for
the endpoint ID, which is made unique.

Framing follows the real engine (Go's net/http): a body up to 2,048 bytes gets a Content-Length, a
longer one is sent chunked, as one chunk. Every request line is appended to LOG_PATH.
Usage: python3 replay_engine.py SOCKET_PATH CONTAINERS_JSON NETWORKS_JSON COUNT LOG_PATH [--ping-version V]
"""
import argparse
import copy
import email.utils
import hashlib
import ipaddress
import json
import os
import signal
import socket
import socketserver
import sys
import threading
import urllib.parse

from address_oracle import SUFFIX_LABEL, suffix_value  # noqa: E402  (scripts/lib is on sys.path)

LABEL = "ipv6.mapper.network"
GO_BUFFER_BEFORE_CHUNKING = 2048


def ipv6_prefixes(networks):
    """name and ID -> (name, IPv6Network) for every network with an IPv6 subnet."""
    prefixes = {}
    for network in networks:
        for config in (network.get("IPAM") or {}).get("Config") or []:
            subnet = config.get("Subnet", "")
            if ":" in subnet:
                value = (network["Name"], ipaddress.IPv6Network(subnet, strict=False))
                prefixes[network["Name"]] = value
                prefixes[network["Id"]] = value
    return prefixes


def multiply(recorded, networks, count):
    """COUNT containers made from the recorded ones: unique IDs and names, consistent addresses."""
    prefixes = ipv6_prefixes(networks)
    used = {}  # network name -> set of addresses given
    result = []
    for index in range(count):
        template = recorded[index % len(recorded)]
        container = copy.deepcopy(template)
        labels = container.setdefault("Labels", {})
        refs = [r for r in labels.get(LABEL, "").split(",") if r]
        explicit = SUFFIX_LABEL in labels
        attempt = 0
        while True:
            name = f"bench-r{index:05d}" + (f"-{attempt}" if attempt else "")
            if explicit:
                # A unique explicit suffix in the template's style ("ab:<n>"), kept in 2 groups.
                labels[SUFFIX_LABEL] = f"ab:{(index + attempt * count) & 0xffff:x}"
            suffix = suffix_value(name, labels)
            wanted = {}
            for ref in refs:
                if ref in prefixes:
                    net_name, subnet = prefixes[ref]
                    wanted[net_name] = (subnet, ipaddress.IPv6Address(int(subnet.network_address) | suffix))
            if all(address not in used.get(net, ()) for net, (_, address) in wanted.items()):
                break
            attempt += 1
        for net, (_, address) in wanted.items():
            used.setdefault(net, set()).add(address)
        container["Id"] = hashlib.sha256(f"replay-container-{index}".encode()).hexdigest()
        container["Names"] = ["/" + name]
        endpoints = ((container.get("NetworkSettings") or {}).get("Networks")) or {}
        for net, endpoint in endpoints.items():
            endpoint["EndpointID"] = hashlib.sha256(f"replay-endpoint-{index}-{net}".encode()).hexdigest()
            if net in wanted:
                subnet, address = wanted[net]
                endpoint["GlobalIPv6Address"] = str(address)
                endpoint["GlobalIPv6PrefixLen"] = subnet.prefixlen
        result.append(container)
    return result


class Handler(socketserver.StreamRequestHandler):
    """HTTP/1.1 with keep-alive, just enough for the engine's clients."""

    def handle(self):
        server = self.server
        while True:
            line = self.rfile.readline(65537)
            if not line:
                return
            if line in (b"\r\n", b"\n"):
                continue
            request_line = line.decode("latin-1").rstrip("\r\n")
            length = 0
            close = False
            while True:
                header = self.rfile.readline(65537)
                if header in (b"\r\n", b"\n", b""):
                    break
                name, _, value = header.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
                elif name.strip().lower() == "connection" and value.strip().lower() == "close":
                    close = True
            if length:
                self.rfile.read(length)
            with server.log_lock:
                server.log.write(request_line + "\n")
                server.log.flush()
            method, _, rest = request_line.partition(" ")
            target = rest.rsplit(" ", 1)[0]
            self.respond(method, target)
            if close:
                return

    def respond(self, method, target):
        server = self.server
        path, _, query = target.partition("?")
        parts = path.split("/")
        versioned = len(parts) >= 3 and parts[1].startswith("v") and parts[1][1:].replace(".", "").isdigit()
        rest = "/" + "/".join(parts[2:]) if versioned else path
        status, content_type, body = 404, "application/json", b'{"message":"page not found"}\n'
        if path == "/_ping" and method in ("GET", "HEAD"):
            status, content_type, body = 200, "text/plain; charset=utf-8", b"OK"
        elif method == "GET" and versioned and rest == "/containers/json":
            filters = json.loads(urllib.parse.parse_qs(query).get("filters", ["{}"])[0] or "{}")
            if LABEL in (filters.get("label") or []) or LABEL in (filters.get("label") or {}):
                status, body = 200, server.containers_body
            else:
                status, body = 400, b'{"message":"replay engine: only the ipv6.mapper.network label filter is recorded"}\n'
        elif method == "GET" and versioned and rest == "/networks":
            status, body = 200, server.networks_body
        reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}[status]
        head = [f"HTTP/1.1 {status} {reason}", f"Api-Version: {server.api_version}"]
        if path == "/_ping":
            head += ["Cache-Control: no-cache, no-store, must-revalidate", "Pragma: no-cache"]
        head += [f"Content-Type: {content_type}", "Docker-Experimental: false", "Ostype: linux",
                 "Server: Docker/20.10.24+dfsg1 (linux) (replay)", "Date: " + email.utils.formatdate(usegmt=True)]
        if len(body) <= GO_BUFFER_BEFORE_CHUNKING:
            head.append(f"Content-Length: {len(body)}")
            payload = b"" if method == "HEAD" else body
            self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode() + payload)
        else:
            head.append("Transfer-Encoding: chunked")
            self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode())
            if method != "HEAD":
                self.wfile.write(f"{len(body):x}\r\n".encode())
                self.wfile.write(body)
                self.wfile.write(b"\r\n0\r\n\r\n")
        self.wfile.flush()


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    request_queue_size = 128


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("socket")
    parser.add_argument("containers_json")
    parser.add_argument("networks_json")
    parser.add_argument("count", type=int)
    parser.add_argument("log")
    parser.add_argument("--ping-version", default="1.41")
    parser.add_argument("--write-body", help="also write the multiplied containers body to this file")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    signal.signal(signal.SIGINT, lambda *_: os._exit(0))

    with open(args.containers_json, encoding="utf-8") as f:
        recorded = json.load(f)
    with open(args.networks_json, "rb") as f:
        networks_body = f.read()
    networks = json.loads(networks_body)
    containers = multiply(recorded, networks, args.count)
    # The engine's encoder: compact JSON, one trailing newline.
    containers_body = (json.dumps(containers, separators=(",", ":"), ensure_ascii=False) + "\n").encode()
    if args.write_body:
        with open(args.write_body, "wb") as f:
            f.write(containers_body)

    if os.path.exists(args.socket):
        os.unlink(args.socket)
    server = Server(args.socket, Handler)
    server.containers_body = containers_body
    server.networks_body = networks_body
    server.api_version = args.ping_version
    server.log = open(args.log, "a", encoding="latin-1")
    server.log_lock = threading.Lock()
    # Ready: the parent waits for this line.
    print(f"ready {len(containers_body)}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
