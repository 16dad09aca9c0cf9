#!/usr/bin/env python3
"""The soak run behind scripts/soak: many labelled containers, many consecutive reconcile runs,
random churn between runs, and an independent check after every run.

The check is deliberately NOT the tool's own output: it recomputes every desired address here, the
way the Python daemon did (hashlib.md5 of the name, first three bytes as the last three groups, or
the explicit suffix label), reads the engine's real state over its API, and compares addresses as
integers. It counts:
  lost attachments  a running labelled container with no endpoint on its network after a run
  wrong addresses   an endpoint at any address other than the desired one, or a second endpoint
  crashes           a run killed by a signal, or exiting with a status other than 0
Usage: soak.py SOCKET TOOL [--containers N] [--runs N] [--seed N]
"""
import argparse
import http.client
import ipaddress
import json
import random
import socket
import subprocess
import sys
import time
import urllib.parse

from address_oracle import suffix_value  # scripts/lib is on sys.path

IMAGE = "ipv6-reconcile-test/busybox:latest"
NETWORK = "soaknet"
SUBNET = ipaddress.IPv6Network("2001:db8:50::/64")
LABEL = "ipv6.mapper.network"


class UnixConnection(http.client.HTTPConnection):
    """http.client over the engine's Unix socket."""

    def __init__(self, path):
        super().__init__("docker", timeout=60)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(60)
        self.sock.connect(self.path)


class Engine:
    def __init__(self, path):
        self.path = path

    def call(self, method, target, body=None, ok=(200, 201, 204, 304)):
        connection = UnixConnection(self.path)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        connection.request(method, "/v1.41" + target, body=None if body is None else json.dumps(body), headers=headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        if response.status not in ok:
            raise RuntimeError(f"{method} {target}: {response.status} {data[:200]!r}")
        return json.loads(data) if data else None

    def create(self, name, labels):
        self.call("POST", "/containers/create?name=" + urllib.parse.quote(name),
                  {"Image": IMAGE, "Labels": labels, "HostConfig": {"NetworkMode": "bridge"}})
        self.call("POST", f"/containers/{name}/start")

    def remove(self, name):
        self.call("DELETE", f"/containers/{name}?force=1", ok=(204, 404))


def desired_address(name, labels):
    return int(SUBNET.network_address) | suffix_value(name, labels)


def check(engine, labelled):
    """(lost, wrong) after a run: over all running labelled containers."""
    lost = wrong = 0
    running = engine.call("GET", "/containers/json?filters=" + urllib.parse.quote(json.dumps({"label": [LABEL]})))
    for container in running:
        name = container["Names"][0].lstrip("/")
        if name not in labelled:
            continue
        networks = (container.get("NetworkSettings") or {}).get("Networks") or {}
        endpoint = networks.get(NETWORK)
        if endpoint is None:
            lost += 1
            print(f"soak: LOST {name}: not on {NETWORK}", file=sys.stderr)
            continue
        address = endpoint.get("GlobalIPv6Address") or ""
        if not address or int(ipaddress.IPv6Address(address)) != desired_address(name, labelled[name]):
            wrong += 1
            print(f"soak: WRONG {name}: at {address!r}", file=sys.stderr)
    return lost, wrong


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("socket")
    parser.add_argument("tool")
    parser.add_argument("--containers", type=int, default=100)
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    engine = Engine(args.socket)

    engine.call("POST", "/networks/create", {"Name": NETWORK, "EnableIPv6": True,
                "IPAM": {"Config": [{"Subnet": str(SUBNET)}]}, "CheckDuplicate": True})
    labelled = {}
    for index in range(args.containers):
        name = f"soak-{index:03d}"
        labels = {LABEL: NETWORK}
        if index % 10 == 0:  # every tenth one with an explicit suffix
            labels["ipv6.mapper.suffix"] = f"ab:{index:x}"
        labelled[name] = labels
        engine.create(name, labels)
    # An unlabelled bystander on the network: it must keep its address throughout.
    engine.call("POST", "/containers/create?name=bystander", {"Image": IMAGE, "HostConfig": {"NetworkMode": "bridge"}})
    engine.call("POST", "/containers/bystander/start")
    engine.call("POST", f"/networks/{NETWORK}/connect",
                {"Container": "bystander", "EndpointConfig": {"IPAMConfig": {"IPv6Address": "2001:db8:50::beef"}}})
    print(f"soak: {args.containers} labelled containers on {NETWORK} ({SUBNET}), {args.runs} runs, seed {args.seed}", flush=True)

    state = {name: "running" for name in labelled}  # running, stopped, removed
    actions = {"stop": 0, "start": 0, "remove": 0, "recreate": 0}
    lost_total = wrong_total = crashes = problem_runs = 0
    durations = []
    for run in range(1, args.runs + 1):
        for _ in range(rng.randint(1, 4)):
            name = rng.choice(sorted(labelled))
            action = rng.choice(["stop", "start", "remove", "recreate"])
            if action == "stop" and state[name] == "running":
                engine.call("POST", f"/containers/{name}/stop?t=0", ok=(204, 304))
                state[name] = "stopped"
            elif action == "start" and state[name] == "stopped":
                engine.call("POST", f"/containers/{name}/start", ok=(204, 304))
                state[name] = "running"
            elif action == "remove" and state[name] != "removed":
                engine.remove(name)
                state[name] = "removed"
            elif action == "recreate":
                engine.remove(name)
                engine.create(name, labelled[name])
                state[name] = "running"
            else:
                continue
            actions[action] += 1
        # Bring a removed one back now and then, under the same name: it must get its address back.
        if run % 3 == 0:
            removed = sorted(n for n, s in state.items() if s == "removed")
            if removed:
                name = rng.choice(removed)
                engine.create(name, labelled[name])
                state[name] = "running"
                actions["recreate"] += 1
        started = time.monotonic()
        result = subprocess.run([args.tool, "--host", "unix://" + args.socket], capture_output=True, text=True)
        durations.append(time.monotonic() - started)
        if result.returncode != 0:
            if result.returncode == 3:
                problem_runs += 1
            else:
                crashes += 1
            print(f"soak: run {run} exited {result.returncode}: {result.stderr.strip()[:300]}", file=sys.stderr)
        lost, wrong = check(engine, labelled)
        lost_total += lost
        wrong_total += wrong
        if run % 50 == 0:
            print(f"soak: {run} runs, lost {lost_total}, wrong {wrong_total}, crashes {crashes}", flush=True)

    bystander = engine.call("GET", "/containers/bystander/json")
    bystander_address = bystander["NetworkSettings"]["Networks"].get(NETWORK, {}).get("GlobalIPv6Address")
    bystander_ok = bystander_address == "2001:db8:50::beef" and len(bystander["NetworkSettings"]["Networks"]) == 2
    durations.sort()
    print()
    print(f"runs              {args.runs}")
    print("actions           " + ", ".join(f"{k} {v}" for k, v in actions.items()) + f" (total {sum(actions.values())})")
    print(f"run time          median {durations[len(durations) // 2] * 1000:.1f} ms, max {durations[-1] * 1000:.1f} ms")
    print(f"lost attachments  {lost_total}")
    print(f"wrong addresses   {wrong_total}")
    print(f"crashes           {crashes}")
    print(f"runs with problems (exit 3) {problem_runs}")
    print(f"unlabelled bystander untouched: {'yes' if bystander_ok else 'NO'}")
    failed = lost_total or wrong_total or crashes or problem_runs or not bystander_ok
    print("soak: " + ("FAILED" if failed else "passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
