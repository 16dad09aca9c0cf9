"""A counting Unix-socket proxy for scripts/bench: listens on LISTEN_PATH, forwards every
connection to the engine's socket UPSTREAM_PATH byte for byte, and appends the request line of
every HTTP request a client sends ("GET /v1.41/networks") to LOG_PATH, flushed before the request
is forwarded. Keep-alive connections (the docker CLI's, docker-py's) carry several requests, so the
client's byte stream is parsed: head up to the blank line, then a Content-Length or chunked body.
Requests are logged before they are forwarded, so once a client has exited every request it made
is in the log. Loopback only: both ends are Unix sockets.
Usage: python3 bench_proxy.py LISTEN_PATH UPSTREAM_PATH LOG_PATH
"""
import os
import signal
import socket
import sys
import threading

log_lock = threading.Lock()


def pump(source, sink):
    """Copies until EOF, then half-closes the sink."""
    try:
        while True:
            data = source.recv(1 << 16)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    finally:
        try:
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass


class RequestCounter:
    """Splits a client's byte stream into requests and logs each request line."""

    def __init__(self, log):
        self.log = log
        self.buffer = b""
        self.state = "head"
        self.remaining = 0  # body bytes left (fixed), or chunk bytes left (chunked)

    def feed(self, data):
        self.buffer += data
        while True:
            if self.state == "head":
                end = self.buffer.find(b"\r\n\r\n")
                if end < 0:
                    return
                head, self.buffer = self.buffer[:end].decode("latin-1"), self.buffer[end + 4:]
                lines = head.split("\r\n")
                with log_lock:
                    self.log.write(lines[0] + "\n")
                    self.log.flush()
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                if "chunked" in headers.get("transfer-encoding", "").lower():
                    self.state = "chunk-size"
                else:
                    self.remaining = int(headers.get("content-length", "0") or 0)
                    self.state = "body"
            elif self.state == "body":
                take = min(self.remaining, len(self.buffer))
                self.buffer = self.buffer[take:]
                self.remaining -= take
                if self.remaining:
                    return
                self.state = "head"
            elif self.state == "chunk-size":
                end = self.buffer.find(b"\r\n")
                if end < 0:
                    return
                size = int(self.buffer[:end].split(b";")[0], 16)
                self.buffer = self.buffer[end + 2:]
                if size == 0:
                    self.state = "trailer"
                else:
                    self.remaining = size + 2  # the chunk and its CRLF
                    self.state = "chunk-data"
            elif self.state == "chunk-data":
                take = min(self.remaining, len(self.buffer))
                self.buffer = self.buffer[take:]
                self.remaining -= take
                if self.remaining:
                    return
                self.state = "chunk-size"
            elif self.state == "trailer":
                end = self.buffer.find(b"\r\n")
                if end < 0:
                    return
                line, self.buffer = self.buffer[:end], self.buffer[end + 2:]
                if not line:
                    self.state = "head"


def serve_client(client, upstream_path, log):
    upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        upstream.connect(upstream_path)
    except OSError:
        client.close()
        return
    back = threading.Thread(target=pump, args=(upstream, client), daemon=True)
    back.start()
    counter = RequestCounter(log)
    try:
        while True:
            data = client.recv(1 << 16)
            if not data:
                break
            counter.feed(data)
            upstream.sendall(data)
    except OSError:
        pass
    finally:
        try:
            upstream.shutdown(socket.SHUT_WR)
        except OSError:
            pass
    back.join()
    client.close()
    upstream.close()


def main():
    listen_path, upstream_path, log_path = sys.argv[1:4]
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    log = open(log_path, "a", encoding="latin-1")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    if os.path.exists(listen_path):
        os.unlink(listen_path)
    server.bind(listen_path)
    server.listen(128)
    while True:
        client, _ = server.accept()
        threading.Thread(target=serve_client, args=(client, upstream_path, log), daemon=True).start()


if __name__ == "__main__":
    main()
