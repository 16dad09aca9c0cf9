#!/usr/bin/env python3
"""The benchmark behind scripts/bench: ipv6-reconcile against the least any reconciler can do and
against two peers a user would otherwise run, on a private engine, then past what the machine can
run on a replay engine. Prints ONE table (Markdown) on stdout; progress goes to stderr.

Contenders, each a one-shot run from a fresh process:
  floor           two `curl --unix-socket` calls, for the two list requests every reconciler needs
  ipv6-reconcile  a no-op apply run: --host unix://... --lock-file ... --state-file ... in a temp dir
  docker CLI      scripts/lib/bench_peer_cli.sh: bash with docker ps / network inspect / inspect / md5sum
  docker-py       scripts/lib/bench_peer_dockerpy.py: the old daemon's logic with the docker package
Figures per run come from scripts/lib/bench_spawn.c, a small C launcher (see there why): wall =
fork to reap, CPU = user + sys from wait4's rusage, of the process and every descendant it waited
for (a script's docker, md5sum and curl processes included; the engine's own CPU is not), peak
RSS = ru_maxrss, that of the largest single process of the tree. The floor's two curls run one
after the other: walls and CPUs add up, RSS is the larger. The engine's CPU is nobody's: all
contenders ask it for the same lists, and the peers ask for more.

Runs are interleaved: in each iteration every contender runs once, and the order rotates from one
iteration to the next (round robin), after warm-up iterations that are not counted, so that load
from other processes on the machine falls on all contenders alike. Medians are reported.
"""
import argparse
import concurrent.futures
import http.client
import ipaddress
import json
import math
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse

from address_oracle import SUFFIX_LABEL, suffix_value  # noqa: E402  (scripts/lib is on sys.path)

IMAGE = "ipv6-reconcile-test/busybox:latest"
LABEL = "ipv6.mapper.network"
API = "/v1.41"
# The engine's default address pool hands each network an IPv4 /24 (scripts/lib/engine.sh), and a
# bridge network in Docker 20.10 always has IPv4: 253 endpoints at most. Containers are therefore
# spread over one home network and one IPv6 network per 200 containers (N = 300: two of each); the
# IPv4 subnets are the engine's choice, never given.
PER_NETWORK = 200
LIB = os.path.dirname(os.path.abspath(__file__))
SPAWN = None  # the built scripts/lib/bench_spawn.c (--spawn)
CONTAINERS_QUERY = "/containers/json?filters=" + urllib.parse.quote(json.dumps({"label": [LABEL]}, separators=(",", ":")))


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def home_network(k):
    return f"bench-home-{k}"


def v6_network(k):
    return f"bench-v6-{k}"


def v6_subnet(k):
    return ipaddress.IPv6Network(f"2001:db8:be{k:02x}::/64")


def container_name(i):
    return f"bench-{i:03d}"


def container_labels(i):
    labels = {LABEL: v6_network(i // PER_NETWORK)}
    if i % 10 == 5:  # every tenth with an explicit suffix, as users write them
        labels[SUFFIX_LABEL] = f"ab:{i:x}"
    return labels


def desired(i):
    """(network name, desired address) of bench container i: computed here, independently."""
    k = i // PER_NETWORK
    return v6_network(k), ipaddress.IPv6Address(int(v6_subnet(k).network_address) | suffix_value(container_name(i), container_labels(i)))


# ---------------------------------------------------------------------------------------------
# The engine's API over its Unix socket (as scripts/lib/soak.py does).

class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("docker", timeout=120)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(120)
        self.sock.connect(self.path)


class Engine:
    def __init__(self, path):
        self.path = path

    def raw(self, method, target, body=None):
        connection = UnixConnection(self.path)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        connection.request(method, target, body=None if body is None else json.dumps(body), headers=headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, data

    def call(self, method, target, body=None, ok=(200, 201, 204, 304)):
        status, data = self.raw(method, API + target, body)
        if status not in ok:
            raise RuntimeError(f"{method} {target}: {status} {data[:300]!r}")
        return json.loads(data) if data else None


# ---------------------------------------------------------------------------------------------
# Measuring one run.

class Run:
    __slots__ = ("wall", "cpu", "rss", "status", "stdout", "stderr")


def measure(commands, env, scratch):
    """Runs COMMANDS (argv lists) one after the other under bench_spawn; returns a Run: wall and
    CPU summed, RSS the largest, the first non-zero status (or 0), and everything they printed."""
    out_path = os.path.join(scratch, "run.out")
    err_path = os.path.join(scratch, "run.err")
    result_path = os.path.join(scratch, "run.result")
    actions = [(os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
               (os.POSIX_SPAWN_OPEN, 2, err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)]
    argv = [SPAWN, result_path]
    for index, command in enumerate(commands):
        argv += (["::next::"] if index else []) + command
    if os.path.exists(result_path):
        os.unlink(result_path)
    pid = os.posix_spawn(SPAWN, argv, env, file_actions=actions)
    _, wait_status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(wait_status) != 0:
        with open(err_path, encoding="utf-8", errors="replace") as f:
            raise RuntimeError(f"bench_spawn {argv[2:]} failed: {f.read()[-400:]}")
    with open(result_path) as f:
        wall_ns, cpu_us, rss, status = (int(x) for x in f.read().split())
    run = Run()
    run.wall, run.cpu, run.rss, run.status = wall_ns / 1e9, cpu_us / 1e6, rss, status
    with open(out_path, encoding="utf-8", errors="replace") as f:
        run.stdout = f.read()
    with open(err_path, encoding="utf-8", errors="replace") as f:
        run.stderr = f.read()
    return run


def median(values):
    return statistics.median(values)


class Contender:
    def __init__(self, key, title, commands_for):
        self.key = key
        self.title = title
        self.commands_for = commands_for  # socket path -> list of argv lists


def interleaved(contenders, socket_path, env, scratch, warmups, runs, check, what):
    """Round-robin runs: per iteration every contender once, the order rotating per iteration.
    Returns key -> list of Runs (warm-ups dropped). CHECK(contender, run) raises on a wrong run."""
    results = {c.key: [] for c in contenders}
    total = warmups + runs
    for iteration in range(total):
        shift = iteration % len(contenders)
        for contender in contenders[shift:] + contenders[:shift]:
            run = measure(contender.commands_for(socket_path), env, scratch)
            check(contender, run)
            if iteration >= warmups:
                results[contender.key].append(run)
        if (iteration + 1) % 5 == 0 or iteration + 1 == total:
            log(f"{what}: {iteration + 1}/{total} iterations")
    return results


def noop_check(contender, run):
    if run.status != 0 or run.stdout.strip():
        raise RuntimeError(f"{contender.title}: a no-op run exited {run.status} and printed "
                           f"{run.stdout.strip()[:400]!r} (stderr {run.stderr.strip()[:400]!r})")


# ---------------------------------------------------------------------------------------------
# The bench fleet on the real engine.

class Fleet:
    def __init__(self, engine, tool, tool_args, env, scratch):
        self.engine = engine
        self.tool = tool
        self.tool_args = tool_args
        self.env = env
        self.scratch = scratch
        self.count = 0
        self.networks = 0

    def ensure_networks(self, n):
        needed = math.ceil(n / PER_NETWORK)
        while self.networks < needed:
            k = self.networks
            # The home network: where containers start (IPv4 only, the engine picks the subnet).
            self.engine.call("POST", "/networks/create", {"Name": home_network(k), "CheckDuplicate": True})
            # The IPv6 network the label names: a 2001:db8::/32 subnet; IPv4 left to the engine.
            self.engine.call("POST", "/networks/create", {"Name": v6_network(k), "EnableIPv6": True, "CheckDuplicate": True,
                                                          "IPAM": {"Config": [{"Subnet": str(v6_subnet(k))}]}})
            self.networks += 1

    def create(self, i):
        name = container_name(i)
        self.engine.call("POST", "/containers/create?name=" + name,
                         {"Image": IMAGE, "Labels": container_labels(i),
                          "HostConfig": {"NetworkMode": home_network(i // PER_NETWORK)}})
        self.engine.call("POST", f"/containers/{name}/start")

    def grow_to(self, n):
        """N running labelled containers, all connected at their desired address."""
        if n <= self.count:
            return
        self.ensure_networks(n)
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(self.create, range(self.count, n)))
        log(f"created containers {self.count}..{n - 1} in {time.monotonic() - started:.1f} s")
        self.count = n
        # Sync them with the tool, once, then check independently.
        run = measure([[self.tool] + self.tool_args], self.env, self.scratch)
        if run.status != 0:
            raise RuntimeError(f"the syncing run exited {run.status}: {run.stderr.strip()[:400]}")
        self.require_in_sync("after the syncing run")

    def state(self):
        """name -> {network: GlobalIPv6Address} for the running labelled containers."""
        listed = self.engine.call("GET", CONTAINERS_QUERY)
        return {c["Names"][0].lstrip("/"): {net: (ep or {}).get("GlobalIPv6Address") or ""
                                            for net, ep in ((c.get("NetworkSettings") or {}).get("Networks") or {}).items()}
                for c in listed}

    def require_in_sync(self, when):
        state = self.state()
        wrong = []
        for i in range(self.count):
            net, address = desired(i)
            have = state.get(container_name(i), {}).get(net)
            if not have or ipaddress.IPv6Address(have) != address:
                wrong.append(f"{container_name(i)} on {net}: {have or 'not connected'}, wants {address}")
        if wrong:
            raise RuntimeError(f"{len(wrong)} of {self.count} containers not in sync {when}: " + "; ".join(wrong[:5]))

    def disconnect_all(self):
        def disconnect(i):
            net, _ = desired(i)
            self.engine.call("POST", f"/networks/{net}/disconnect", {"Container": container_name(i), "Force": False})
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(disconnect, range(self.count)))
        state = self.state()
        still = [n for n, nets in state.items() if any(net.startswith("bench-v6-") for net in nets)]
        if still:
            raise RuntimeError(f"still connected after disconnecting: {still[:5]}")

    def record(self, directory):
        """The raw bodies of the two list requests, for the replay engine."""
        paths = {}
        for key, target in (("containers", API + CONTAINERS_QUERY), ("networks", API + "/networks")):
            status, data = self.engine.raw("GET", target)
            if status != 200:
                raise RuntimeError(f"recording {target}: {status}")
            paths[key] = os.path.join(directory, f"recorded-{key}.json")
            with open(paths[key], "wb") as f:
                f.write(data)
        return paths


# ---------------------------------------------------------------------------------------------
# Request counting and the replay engine, both separate processes.

def wait_for_socket(path, process, what):
    for _ in range(600):
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited {process.returncode} before listening")
        if os.path.exists(path):
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                probe.connect(path)
                return
            except OSError:
                pass
            finally:
                probe.close()
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on {path}")


def read_log(path):
    with open(path, encoding="latin-1") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


ID_RE = re.compile(r"/[0-9a-f]{64}(?=/|$|\?)")
NAME_RE = re.compile(r"/containers/bench-[0-9]+(?=/)")


def request_kinds(lines):
    """'GET /v1.41/containers/{id}/json ×300, ...' from request lines."""
    kinds = {}
    for line in lines:
        method, _, rest = line.partition(" ")
        target = rest.rsplit(" ", 1)[0].split("?")[0]
        target = NAME_RE.sub("/containers/{name}", ID_RE.sub("/{id}", target))
        target = re.sub(r"/networks/bench-v6-[0-9]+", "/networks/{net}", target)
        key = f"{method} {target}"
        kinds[key] = kinds.get(key, 0) + 1
    return kinds


def format_kinds(kinds):
    return ", ".join(f"{k}" + (f" ×{v}" if v > 1 else "") for k, v in kinds.items())


# ---------------------------------------------------------------------------------------------
# The table.

def ms(seconds):
    return f"{seconds * 1000:.1f}"


def mib(kib):
    return f"{kib / 1024:.1f}"


def size_text(nbytes):
    if nbytes >= 1 << 20:
        return f"{nbytes / (1 << 20):.2f} MiB"
    return f"{nbytes / 1024:.1f} KiB"


def linear_fit(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    slope = sxy / sxx
    intercept = my - slope * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys))
    r2 = 1 - ss_res / ss_tot if ss_tot else 1.0
    return slope, intercept, r2


def machine():
    """One line: CPUs, CPU model, memory, load."""
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kib = int(next(line for line in f if line.startswith("MemTotal:")).split()[1])
    load = os.getloadavg()
    return (f"{os.cpu_count()} CPUs ({model}), {mem_kib / (1 << 20):.1f} GiB memory, "
            f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def main():
    try:
        return run_bench()
    except RuntimeError as error:
        print(f"bench: error: {error}", file=sys.stderr)
        return 1


def run_bench():
    parser = argparse.ArgumentParser()
    parser.add_argument("--socket", required=True, help="the private engine's socket path")
    parser.add_argument("--tool", required=True)
    parser.add_argument("--python", required=True, help="a python3 that imports docker (the docker-py peer)")
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--spawn", required=True, help="the built scripts/lib/bench_spawn.c")
    parser.add_argument("--sizes", default="10,100,300")
    parser.add_argument("--replay-sizes", default="10,100,300,1000,3000,10000")
    parser.add_argument("--warmups", type=int, default=2)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--apply-runs", type=int, default=3)
    parser.add_argument("--replay-runs", type=int, default=15)
    parser.add_argument("--keep-recordings", help="copy the recorded engine answers to this directory (for --profile)")
    args = parser.parse_args()

    global SPAWN
    SPAWN = args.spawn
    sizes = [int(s) for s in args.sizes.split(",")]
    machine_before = machine()
    replay_sizes = [int(s) for s in args.replay_sizes.split(",")]
    work = args.workdir
    scratch = os.path.join(work, "scratch")
    os.makedirs(scratch, exist_ok=True)
    docker_config = os.path.join(work, "docker-config")  # an empty client config: no contexts, no plugins
    os.makedirs(docker_config, exist_ok=True)
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root"),
           "LANG": "C.UTF-8", "DOCKER_CONFIG": docker_config}
    lock_args = ["--lock-file", os.path.join(work, "lock"), "--state-file", os.path.join(work, "state")]
    engine = Engine(args.socket)
    curl = "/usr/bin/curl"

    def tool_commands(path):
        return [[args.tool, "--host", "unix://" + path] + lock_args]

    contenders = [
        Contender("floor", "floor (2× curl)", lambda path: [
            [curl, "-sf", "-o", "/dev/null", "--unix-socket", path, "http://docker" + API + CONTAINERS_QUERY],
            [curl, "-sf", "-o", "/dev/null", "--unix-socket", path, "http://docker" + API + "/networks"]]),
        Contender("tool", "ipv6-reconcile", tool_commands),
        Contender("cli", "docker CLI peer (bash)", lambda path: [["/bin/bash", os.path.join(LIB, "bench_peer_cli.sh"), path]]),
        Contender("py", "docker-py peer", lambda path: [[args.python, os.path.join(LIB, "bench_peer_dockerpy.py"), path]]),
    ]
    by_key = {c.key: c for c in contenders}
    appliers = [by_key["tool"], by_key["cli"], by_key["py"]]

    children = []
    proxy_socket = os.path.join(work, "proxy.sock")
    proxy_log = os.path.join(work, "proxy.log")
    open(proxy_log, "w").close()
    proxy = subprocess.Popen([sys.executable, os.path.join(LIB, "bench_proxy.py"), proxy_socket, args.socket, proxy_log],
                             stdin=subprocess.DEVNULL)
    children.append(proxy)
    rows = []  # (measure, N, contender, wall, cpu, rss, requests, note)
    noop = {}  # (N, key) -> (wall, cpu, rss)
    requests = {}  # (N, key) -> count
    apply_figures = {}
    replay = {}
    try:
        wait_for_socket(proxy_socket, proxy, "the counting proxy")
        fleet = Fleet(engine, args.tool, ["--host", "unix://" + args.socket] + lock_args, env, scratch)
        for n in sizes:
            fleet.grow_to(n)
            log(f"N = {n}: {len(contenders)} contenders × ({args.warmups} warm-up + {args.runs}) no-op runs, interleaved")
            results = interleaved(contenders, args.socket, env, scratch, args.warmups, args.runs, noop_check, f"no-op N={n}")
            for c in contenders:
                runs = results[c.key]
                noop[(n, c.key)] = (median([r.wall for r in runs]), median([r.cpu for r in runs]), median([r.rss for r in runs]))
            fleet.require_in_sync("after the no-op runs")
            # Requests: each contender once, through the counting proxy.
            kinds = {}
            for c in contenders:
                open(proxy_log, "w").close()
                run = measure(c.commands_for(proxy_socket), env, scratch)
                noop_check(c, run)
                lines = read_log(proxy_log)
                requests[(n, c.key)] = len(lines)
                kinds[c.key] = request_kinds(lines)
                if any(not line.startswith(("GET ", "HEAD ")) for line in lines):
                    raise RuntimeError(f"{c.title}: a no-op run made a write: {lines}")
            for c in contenders:
                wall, cpu, rss = noop[(n, c.key)]
                if c.key == "floor":
                    note = ""
                elif c.key == "tool":
                    note = f"{wall / noop[(n, 'floor')][0]:.2f}× floor"
                else:
                    note = f"{wall / noop[(n, 'tool')][0]:.1f}× ipv6-reconcile"
                rows.append(("no-op run", n, c.title, ms(wall), ms(cpu), mib(rss), str(requests[(n, c.key)]), note))
                log(f"N = {n} {c.title}: {requests[(n, c.key)]} requests: {format_kinds(kinds[c.key])}")

            # Apply runs that connect N missing endpoints.
            log(f"N = {n}: apply runs connecting {n} endpoints, {args.apply_runs} per contender")
            per = {c.key: [] for c in appliers}
            for rep in range(args.apply_runs):
                shift = rep % len(appliers)
                for c in appliers[shift:] + appliers[:shift]:
                    fleet.disconnect_all()
                    run = measure(c.commands_for(args.socket), env, scratch)
                    if run.status != 0:
                        raise RuntimeError(f"{c.title}: apply run exited {run.status}: {run.stderr.strip()[:400]}")
                    fleet.require_in_sync(f"after {c.title}'s apply run")
                    per[c.key].append(run)
                    log(f"N = {n} apply {c.title}: {ms(run.wall)} ms")
            for c in appliers:
                runs = per[c.key]
                apply_figures[(n, c.key)] = (median([r.wall for r in runs]), median([r.cpu for r in runs]), median([r.rss for r in runs]))
            for c in appliers:
                wall, cpu, rss = apply_figures[(n, c.key)]
                note = "" if c.key == "tool" else f"{wall / apply_figures[(n, 'tool')][0]:.1f}× ipv6-reconcile"
                rows.append((f"apply: connect {n}", n, c.title, ms(wall), ms(cpu), mib(rss), "", note))

        # The replay engine, from what the real engine answered at the largest N.
        recordings = fleet.record(work)
        if args.keep_recordings:
            os.makedirs(args.keep_recordings, exist_ok=True)
            for path in recordings.values():
                shutil.copy(path, args.keep_recordings)
        real_size = os.path.getsize(recordings["containers"])
        servers = {}
        for size in replay_sizes:
            sock = os.path.join(work, f"replay-{size}.sock")
            log_path = os.path.join(work, f"replay-{size}.log")
            open(log_path, "w").close()
            process = subprocess.Popen([sys.executable, os.path.join(LIB, "replay_engine.py"), sock, recordings["containers"],
                                        recordings["networks"], str(size), log_path],
                                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True)
            children.append(process)
            ready = process.stdout.readline().split()
            if not ready or ready[0] != "ready":
                raise RuntimeError(f"the replay engine for {size} containers did not start")
            servers[size] = (sock, log_path, int(ready[1]))
        log(f"replay engine: sizes {replay_sizes}; the recorded list at N = {sizes[-1]} is {size_text(real_size)}")
        # One contender per size, interleaved over sizes like the contenders above.
        replay_contenders = [Contender(size, f"ipv6-reconcile @{size}", (lambda s: lambda _path: tool_commands(servers[s][0]))(size))
                             for size in replay_sizes]
        results = interleaved(replay_contenders, None, env, scratch, args.warmups, args.replay_runs, noop_check, "replay")
        for size in replay_sizes:
            sock, log_path, body_size = servers[size]
            lines = read_log(log_path)
            runs_made = args.warmups + args.replay_runs
            kinds = request_kinds(lines)
            per_run = len(lines) / runs_made
            if any(not line.startswith(("GET ", "HEAD ")) for line in lines):
                raise RuntimeError(f"a no-op run against the replay engine made a write: {kinds}")
            runs = results[size]
            replay[size] = (median([r.wall for r in runs]), median([r.cpu for r in runs]), median([r.rss for r in runs]), body_size, per_run)
            log(f"replay {size}: {format_kinds(kinds)} over {runs_made} runs")
        for process in children[1:]:
            process.terminate()
            process.wait()
        del children[1:]

        for size in replay_sizes:
            wall, cpu, rss, body_size, per_run = replay[size]
            ratio = rss * 1024 / body_size
            rows.append(("no-op run, replay engine", size, "ipv6-reconcile", ms(wall), ms(cpu), mib(rss), f"{per_run:g}",
                         f"containers response {size_text(body_size)}, RSS {ratio:.2f}× response"))
        xs = replay_sizes
        slope, intercept, r2 = linear_fit(xs, [replay[s][0] * 1e6 for s in xs])  # µs
        cpu_slope, _, cpu_r2 = linear_fit(xs, [replay[s][1] * 1e6 for s in xs])
        rss_slope, rss_intercept, _ = linear_fit(xs, [replay[s][2] * 1024 for s in xs])
        rows.append(("cost per container (fit)", f"{xs[0]:,}..{xs[-1]:,}", "ipv6-reconcile",
                     f"{slope:.2f} µs/ctr", f"{cpu_slope:.2f} µs/ctr", f"{rss_slope / 1024:.2f} KiB/ctr", "",
                     f"wall = {intercept / 1000:.1f} ms + {slope:.2f} µs × N, R² {r2:.4f} (CPU R² {cpu_r2:.4f}); "
                     f"RSS = {rss_intercept / (1 << 20):.1f} MiB + {rss_slope / 1024:.2f} KiB × N"))

        # Targets.
        def verdict(ok):
            return "PASS" if ok else "MISS"
        targets = []
        if 100 in sizes:
            r = noop[(100, "tool")][0] / noop[(100, "floor")][0]
            targets.append(("no-op N=100 median wall ≤ 1.0× floor", verdict(r <= 1.0), f"{r:.2f}× floor "
                            f"({ms(noop[(100, 'tool')][0])} vs {ms(noop[(100, 'floor')][0])} ms)"))
        worst = min((noop[(n, p)][0] / noop[(n, "tool")][0], n, p) for n in sizes for p in ("cli", "py"))
        targets.append(("≥ 10× faster than both peers at every N (no-op)", verdict(worst[0] >= 10),
                        f"slowest peer margin {worst[0]:.1f}× ({by_key[worst[2]].title}, N={worst[1]})"))
        worst_apply = min((apply_figures[(n, p)][0] / apply_figures[(n, "tool")][0], n, p) for n in sizes for p in ("cli", "py"))
        targets.append(("≥ 10× faster than both peers at every N (apply, for information)", verdict(worst_apply[0] >= 10),
                        f"smallest margin {worst_apply[0]:.1f}× ({by_key[worst_apply[2]].title}, N={worst_apply[1]})"))
        if 300 in sizes:
            rss = noop[(300, "tool")][2]
            targets.append(("peak RSS ≤ 15 MiB at N=300", verdict(rss <= 15 * 1024), f"{mib(rss)} MiB"))
        biggest = max(replay_sizes)
        wall, cpu, rss, body_size, _ = replay[biggest]
        ratio = rss * 1024 / body_size
        targets.append((f"RSS ≤ 4× containers response at {biggest:,}", verdict(ratio <= 4),
                        f"{mib(rss)} MiB for {size_text(body_size)}: {ratio:.2f}×"))
        counts = [requests[(n, "tool")] for n in sizes] + [replay[s][4] for s in replay_sizes]
        targets.append(("requests per no-op run = 3 whatever N", verdict(all(c == 3 for c in counts)),
                        f"{sorted(set(counts))} at N = {', '.join(f'{n:,}' for n in sizes + replay_sizes)}"))
        targets.append(("cost per container linear", verdict(r2 >= 0.99), f"{slope:.2f} µs per container, R² {r2:.4f}"))
        for name, result, detail in targets:
            rows.append(("target", "", name, "", "", "", "", f"**{result}** {detail}"))
    finally:
        for process in children:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()

    print(f"Machine: {machine_before} at the start; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end.")
    print()
    header = ("measure", "N", "contender", "wall ms", "CPU ms", "peak RSS MiB", "requests", "ratio / note")
    cells = [header] + [tuple(str(x) if not isinstance(x, int) else f"{x:,}" for x in row) for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    right = {3, 4, 5, 6}

    def line(row):
        return "| " + " | ".join(row[i].rjust(widths[i]) if i in right else row[i].ljust(widths[i]) for i in range(len(row))) + " |"
    print(line(header))
    print("|" + "|".join(("-" * (widths[i] + 1) + ":") if i in right else ("-" * (widths[i] + 2)) for i in range(len(header))) + "|")
    for row in cells[1:]:
        print(line(row))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
