#!/usr/bin/env bash
# scripts/lib/bench_peer_cli.sh: the "docker CLI" peer of scripts/bench. A one-shot reconciler as a
# user would write it instead of ipv6-reconcile, with `docker ps`, `docker network inspect`,
# `docker inspect` and `md5sum`: it computes every labelled container's address (the network's IPv6
# prefix OR the suffix: label ipv6.mapper.suffix, else the first three bytes of md5(name), the
# Swarm task name `service.slot.id` hashed as `service.slot`), compares it with the container's
# current address as 128-bit values, and runs `docker network connect --ip6` only for the missing
# ones. A no-op run connects nothing and prints nothing. Written to be reasonable, not strawman:
# one `docker ps`, one `docker network inspect` per referenced network, ONE `docker inspect` for all
# containers; the per-container cost left is md5sum (a fork per name) and the arithmetic.
# Usage: bench_peer_cli.sh SOCKET_PATH   (uses Debian's client, /usr/bin/docker, against that socket only)
set -euo pipefail

sock=$1
docker=(env -u DOCKER_HOST -u DOCKER_CONTEXT -u DOCKER_TLS_VERIFY -u DOCKER_CERT_PATH /usr/bin/docker -H "unix://$sock")
label=ipv6.mapper.network
suffix_label=ipv6.mapper.suffix

# expand ADDR: print the 8 groups of an IPv6 address as decimal numbers (no embedded IPv4 form).
expand() {
    local addr=$1 head tail fill i
    local -a h=() t=() out=()
    if [[ $addr == *::* ]]; then head=${addr%%::*} tail=${addr#*::}; else head=$addr tail=; fi
    [[ -n $head ]] && IFS=: read -ra h <<<"$head"
    [[ -n $tail ]] && IFS=: read -ra t <<<"$tail"
    fill=$((8 - ${#h[@]} - ${#t[@]}))
    ((fill >= 0)) || return 1
    for i in "${h[@]}"; do out+=($((16#$i))); done
    for ((i = 0; i < fill; i++)); do out+=(0); done
    for i in "${t[@]}"; do out+=($((16#$i))); done
    ((${#out[@]} == 8)) || return 1
    echo "${out[*]}"
}

# The labelled running containers: id|name|networks|suffix
mapfile -t rows < <("${docker[@]}" ps --no-trunc --filter "label=$label" \
    --format "{{.ID}}|{{.Names}}|{{.Label \"$label\"}}|{{.Label \"$suffix_label\"}}")
((${#rows[@]})) || exit 0

# Each referenced network once: its name and the groups of its IPv6 prefix, masked to the prefix length.
declare -A net_name=() net_prefix=()
for row in "${rows[@]}"; do
    IFS='|' read -r _ _ nets _ <<<"$row"
    IFS=, read -ra refs <<<"$nets"
    for ref in "${refs[@]}"; do
        [[ -n $ref && -z ${net_name[$ref]+x} ]] || continue
        if ! info=$("${docker[@]}" network inspect -f '{{.Name}} {{range .IPAM.Config}}{{.Subnet}} {{end}}' "$ref" 2>/dev/null); then
            echo "problem: network $ref not found" >&2
            net_name[$ref]=""
            continue
        fi
        read -ra words <<<"$info"
        net_name[$ref]=${words[0]}
        subnet=""
        for w in "${words[@]:1}"; do [[ $w == *:* ]] && subnet=$w; done
        if [[ -z $subnet ]]; then
            echo "problem: network $ref has no IPv6 subnet" >&2
            net_name[$ref]=""
            continue
        fi
        plen=${subnet#*/}
        read -ra g <<<"$(expand "${subnet%/*}")"
        masked=()
        for ((i = 0; i < 8; i++)); do
            bits=$((plen - 16 * i))
            ((bits < 0)) && bits=0
            ((bits > 16)) && bits=16
            masked+=($((g[i] & ((0xffff << (16 - bits)) & 0xffff))))
        done
        net_prefix[$ref]="${masked[*]}"
    done
done

# Current IPv6 address of every container on every network, in one docker inspect: "name net=addr".
ids=()
for row in "${rows[@]}"; do ids+=("${row%%|*}"); done
declare -A current=()
while read -r name rest; do
    for pair in $rest; do current["${name#/}|${pair%%=*}"]=${pair#*=}; done
done < <("${docker[@]}" inspect -f '{{.Name}}{{range $n, $e := .NetworkSettings.Networks}} {{$n}}={{$e.GlobalIPv6Address}}{{end}}' "${ids[@]}")

connected=0 failed=0
for row in "${rows[@]}"; do
    IFS='|' read -r id name nets explicit <<<"$row"
    # Suffix groups, right-aligned into 8 groups.
    sfx=(0 0 0 0 0 0 0 0)
    if [[ -n $explicit ]]; then
        IFS=: read -ra sg <<<"${explicit#::}"
        n=${#sg[@]}
        for ((i = 0; i < n; i++)); do sfx[8 - n + i]=$((16#${sg[i]})); done
    else
        hashed=$name
        IFS=. read -ra parts <<<"$name"
        ((${#parts[@]} == 3)) && hashed=${parts[0]}.${parts[1]}
        sum=$(printf '%s' "$hashed" | md5sum)
        sfx[5]=$((16#${sum:0:2})) sfx[6]=$((16#${sum:2:2})) sfx[7]=$((16#${sum:4:2}))
    fi
    IFS=, read -ra refs <<<"$nets"
    for ref in "${refs[@]}"; do
        [[ -n ${net_name[$ref]:-} ]] || continue
        read -ra p <<<"${net_prefix[$ref]}"
        want=()
        for ((i = 0; i < 8; i++)); do want+=($((p[i] | sfx[i]))); done
        have=${current["$name|${net_name[$ref]}"]-none}
        if [[ $have != none && -n $have ]] && [[ $(expand "$have") == "${want[*]}" ]]; then
            continue # in sync
        fi
        if [[ $have != none ]]; then
            echo "drift: $name on ${net_name[$ref]} at ${have:-no IPv6 address}" >&2
            continue
        fi
        addr=$(printf '%x:%x:%x:%x:%x:%x:%x:%x' "${want[@]}")
        if "${docker[@]}" network connect --ip6 "$addr" "${net_name[$ref]}" "$id" >/dev/null; then
            echo "connected $name on ${net_name[$ref]} at $addr"
            connected=$((connected + 1))
        else
            failed=$((failed + 1))
        fi
    done
done
((failed == 0))
