"""The "docker-py" peer of scripts/bench: the old Python daemon's logic as a one-shot script, with
the `docker` package from PyPI, as the daemon used it.

The daemon, on each container start event, fetched the container (`client.containers.get`), read its
`ipv6.mapper.network` label, fetched the network (`client.networks.get`), took the IPv6 subnet from
its IPAM config, built the address from md5(name) (or the `ipv6.mapper.suffix` label: here
address_oracle.py, which the scripts that check the tool share) and called
`network.connect(container, ipv6_address=...)`. As a one-shot it does that for every running labelled
container (`client.containers.list`, which inspects each one, as the daemon's `get` did), skipping
those already connected at the desired address, so a no-op run connects nothing and prints nothing.
Two deliberate departures, so that it is correct where the benchmark runs it: the IPv6 entry of
`IPAM.Config` is found by its content (the daemon read index 1), and the address is computed on
128-bit numbers with `ipaddress` (the daemon concatenated strings).
Usage: python3 bench_peer_dockerpy.py SOCKET_PATH
"""
import ipaddress
import sys

import docker

from address_oracle import SUFFIX_LABEL, suffix_value  # this script's folder, scripts/lib, is on sys.path

LABEL = "ipv6.mapper.network"


def ipv6_subnet(network):
    for config in network.attrs.get("IPAM", {}).get("Config") or []:
        subnet = config.get("Subnet", "")
        if ":" in subnet:
            return ipaddress.IPv6Network(subnet, strict=False)
    return None


def main():
    client = docker.DockerClient(base_url="unix://" + sys.argv[1])
    networks = {}
    failed = 0
    for container in client.containers.list(filters={"label": LABEL}):
        labels = container.labels
        suffix = suffix_value(container.name, labels)
        attached = container.attrs["NetworkSettings"]["Networks"] or {}
        for reference in filter(None, labels[LABEL].split(",")):
            if reference not in networks:
                try:
                    networks[reference] = client.networks.get(reference)
                except docker.errors.NotFound:
                    networks[reference] = None
            network = networks[reference]
            if network is None:
                print(f"problem: network {reference} not found", file=sys.stderr)
                continue
            subnet = ipv6_subnet(network)
            if subnet is None:
                print(f"problem: network {network.name} has no IPv6 subnet", file=sys.stderr)
                continue
            address = ipaddress.IPv6Address(int(subnet.network_address) | suffix)
            endpoint = attached.get(network.name)
            if endpoint is not None:
                current = endpoint.get("GlobalIPv6Address") or ""
                if current and ipaddress.IPv6Address(current) == address:
                    continue
                print(f"drift: {container.name} on {network.name} at {current or 'no IPv6 address'}", file=sys.stderr)
                continue
            try:
                network.connect(container, ipv6_address=str(address))
                print(f"connected {container.name} on {network.name} at {address}")
            except docker.errors.APIError as error:
                failed += 1
                print(f"problem: {container.name} on {network.name}: {error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
