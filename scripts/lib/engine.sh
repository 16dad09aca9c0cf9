# shellcheck shell=bash
# scripts/lib/engine.sh: start and stop a PRIVATE Docker (or Podman) engine for tests, demos, soak
# and bench runs.
#
# Sourced, not run. Functions:
#   engine_install_deps [KIND...]  install what is missing from Debian's packages (as root,
#                        non-interactive): what the Docker engines need, and what the KINDs named
#                        need beyond that (podman-4.3: podman, netavark, aardvark-dns; podman-5.4:
#                        debootstrap)
#   engine_prepare KIND  make the engine's binaries available (26.1, 28.5: engine_debs_fetch; podman-5.4:
#                        engine_podman_trixie_fetch); optional, engine_start does it too
#   engine_start [KIND]  start a private containerd + dockerd (or a podman system service) in
#                        /tmp/v6r.XXXXXX, the upstream network namespace next to it, import the
#                        busybox image, and export
#                        IPV6_RECONCILE_TEST_DOCKER_HOST, IPV6_RECONCILE_TEST_IMAGE,
#                        IPV6_RECONCILE_TEST_ENGINE, IPV6_RECONCILE_TEST_ENGINE_FIREWALL,
#                        IPV6_RECONCILE_TEST_ENGINE_NETNS and IPV6_RECONCILE_TEST_UPSTREAM_NETNS
#   engine_stop          remove containers, stop the daemons and the upstream namespace, unmount,
#                        delete the temp dir; safe to call twice and from a trap
#   engine_docker ARGS   Debian's docker client (20.10, API 1.41) pointed at the private engine only
#
# KIND (default 20.10):
#   20.10  Debian 12's docker.io 20.10 and containerd 1.6, firewall OFF
#          (--iptables=false --ip6tables=false --ip-forward=false).
#   26.1   Debian 13's docker.io 26.1 and containerd 1.7 (scripts/lib/engine_sid.sh: unpacked into
#          a cache, never installed) with Debian 12's runc 1.1.5, with the ENGINE'S OWN DEFAULTS (no
#          firewall option: as a fresh install of Debian 13 runs it, --iptables on, --ip6tables off,
#          --ip-forward on), Debian 12's iptables.
#   28.5   Debian unstable's docker.io 28.5 and containerd 2.x (scripts/lib/engine_sid.sh: unpacked
#          into a cache, never installed) with Debian 12's runc 1.1.5, firewall ON
#          (--iptables=true --ip6tables=true --ip-forward=true, Debian 12's iptables/ip6tables).
#   podman-4.3  Debian 12's podman 4.3 (apt) with netavark 1.4, firewall "podman" (netavark's own
#          iptables rules). scripts/lib/engine_podman.sh.
#   podman-5.4  Debian 13's podman 5.4 with netavark 1.14 (nftables), from a debootstrapped trixie
#          tree in a cache, never installed; firewall "podman". scripts/lib/engine_podman.sh.
#          The tests use Debian 12's docker CLI against all of them; it negotiates API 1.41.
#
# Isolation, and why each part is there:
# - dockerd runs in its OWN network namespace (unshare --net). docker0 and every br-* bridge are
#   global to a network namespace: in the host's, a docker0 left by an earlier or concurrent engine
#   would be silently reused (or re-addressed) by ours, and our bridges would add routes to the host.
#   In a fresh namespace docker0 is always new, the --bip we pass is the one used (checked after
#   start), and every bridge disappears with dockerd, even after a SIGKILL. The API is a path-based
#   Unix socket, which works across network namespaces, so tools on the host reach it as usual.
#   With the firewall on (28.5), its iptables rules and forwarding sysctls are that namespace's too.
# - containerd is started by us, with its sockets and state under the temp dir, and handed to dockerd
#   with --containerd. Without --containerd, dockerd 20.10 uses the SYSTEM containerd whenever
#   /run/containerd/containerd.sock exists (Debian's containerd package runs one under systemd), and
#   would then share the "moby" namespace with a system Docker engine. Its Kubernetes (CRI) plugins
#   are off: they listen on a TCP port.
# - The upstream namespace (the tunnel broker / ISP router of the reachability tests) is a second
#   network namespace of ours, held by a sleep process whose pid is in the temp dir, linked to the
#   engine's namespace by one veth pair; it only ever carries documentation addresses (2001:db8::/32)
#   and dies with its holder. The host's own network namespace is never changed.
# - Processes are only ever signalled by pid read from our own pidfiles (and checked to mention our
#   temp dir in their command line), or because they are inside a network namespace of ours, never
#   by name: a system Docker engine on /var/run/docker.sock is never talked to, stopped or killed.

# Where the Debian binaries are: explicit, so that an unrelated docker client earlier in PATH
# (/usr/local/bin/docker 28.x on the dev machines) or a global DOCKER_HOST never gets in the way.
ENGINE_DOCKER_CLI=/usr/bin/docker
ENGINE_DOCKERD=/usr/sbin/dockerd
ENGINE_CONTAINERD=/usr/bin/containerd
ENGINE_RUNC=/usr/sbin/runc
# Test address plan (RFC 2544 benchmarking range, never routed on the internet): docker0 at the top
# /24, user-defined networks from the bottom /16. The machine's own network (192.0.2.0/24) is
# outside it.
ENGINE_RANGE=198.18.0.0/15
ENGINE_BIP=198.19.255.1/24
ENGINE_BIP_SUBNET=198.19.255.0/24
ENGINE_POOL=198.18.0.0/16
ENGINE_IMAGE=ipv6-reconcile-test/busybox:latest
# The test page the image's httpd serves (`docker run -d IMAGE httpd -f -p 80 -h /www`).
ENGINE_WWW_TEXT='ipv6-reconcile test page'
# The upstream link (veth v6r-up in the upstream namespace, v6r-eng in the engine's): a /64 of the
# documentation prefix that the tests' networks (2001:db8:100::/48 and up, 2001:db8:1:1::/80) never
# use. The upstream side routes all of 2001:db8::/32 to the engine's namespace.
ENGINE_UPLINK_UP=2001:db8:0:ffff::1
ENGINE_UPLINK_ENG=2001:db8:0:ffff::2
ENGINE_UPLINK_PLEN=64
ENGINE_UPLINK_ROUTE=2001:db8::/32
# PATH of the 26.1 and 28.5 daemons: the unpacked usr/bin first (their containerd-shim-runc-v2),
# then only the system dirs, so that runc is Debian 12's /usr/sbin/runc and iptables is
# /usr/sbin/iptables whatever the caller's PATH holds.
ENGINE_SID_DAEMON_PATH_TAIL=/usr/sbin:/usr/bin:/sbin:/bin
# Progress lines start with this word; scripts set it to their own name ("test: ...").
: "${ENGINE_LOG_PREFIX:=engine}"

# _engine_cache_locked WHAT CACHE FUNC: run `FUNC CACHE` holding CACHE/.lock (created with
# CACHE), so that two runs never fetch or unpack into one cache at once; WHAT names the engine in
# the error lines ("Docker 28.5").
_engine_cache_locked() {
    local what=$1 cache=$2 func=$3 lockfd rc=0
    if ! mkdir -p "$cache" 2>/dev/null; then
        _engine_err "$what: cannot create the cache directory $cache"
        return 1
    fi
    exec {lockfd}>"$cache/.lock"
    if ! flock -w 900 "$lockfd"; then
        exec {lockfd}>&-
        _engine_err "$what: $cache/.lock is held by another run for more than 15 minutes"
        return 1
    fi
    "$func" "$cache" || rc=$?
    exec {lockfd}>&-
    return "$rc"
}

_engine_log() { printf '%s: %s\n' "$ENGINE_LOG_PREFIX" "$*" >&2; }
_engine_err() { printf '%s: error: %s\n' "$ENGINE_LOG_PREFIX" "$*" >&2; }
# _engine_secs START: seconds since START (an $EPOCHREALTIME), one decimal.
_engine_secs() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# shellcheck source=scripts/lib/engine_sid.sh
source "$(dirname "${BASH_SOURCE[0]}")/engine_sid.sh"
# shellcheck source=scripts/lib/engine_podman.sh
source "$(dirname "${BASH_SOURCE[0]}")/engine_podman.sh"
# shellcheck source=scripts/lib/busybox_image.sh
source "$(dirname "${BASH_SOURCE[0]}")/busybox_image.sh"

# engine_install_deps [KIND...]: install Debian's docker.io, busybox-static and the tools the scripts
# and tests use, and what the Podman KINDs named need, only when something is missing (a machine that
# has them all is not touched and needs no network). Never starts a system service (docker,
# containerd, podman.socket): see the policy-rc.d note below.
engine_install_deps() {
    local missing=() pkgs=() cmd kind
    # command -> Debian package that provides it
    local -A need=(
        [/usr/sbin/dockerd]=docker.io [/usr/bin/docker]=docker.io
        [/usr/bin/containerd]=containerd [/usr/sbin/runc]=runc
        [curl]=curl [ip]=iproute2 [unshare]=util-linux [setsid]=util-linux
        [findmnt]=util-linux [mountpoint]=util-linux [nsenter]=util-linux [flock]=util-linux
        [timeout]=coreutils [tar]=tar [systemd-analyze]=systemd
        [/usr/sbin/iptables]=iptables [/usr/sbin/ip6tables]=iptables
        [/usr/share/keyrings/debian-archive-keyring.gpg]=debian-archive-keyring
        [/usr/bin/python3]=python3-minimal
        [man]=man-db
    )
    for kind in "$@"; do
        case $kind in
            # Debian 12's podman 4.3 depends on conmon, containers-common and crun|runc (runc is
            # there); netavark and aardvark-dns are only recommended, so they are named.
            podman-4.3)
                need[/usr/bin/podman]=podman need[/usr/bin/conmon]=conmon
                need[/usr/lib/podman/netavark]=netavark need[/usr/lib/podman/aardvark-dns]=aardvark-dns
                ;;
            # The 5.4 tree is debootstrapped (engine_podman_trixie_fetch) and entered with pivot_root.
            podman-5.4) need[debootstrap]=debootstrap need[/usr/sbin/pivot_root]=util-linux ;;
        esac
    done
    for cmd in "${!need[@]}"; do
        if [[ $cmd == /usr/share/* ]]; then [[ -r $cmd ]] || missing+=("${need[$cmd]}")
        elif [[ $cmd == /* ]]; then [[ -x $cmd ]] || missing+=("${need[$cmd]}")
        else command -v "$cmd" >/dev/null 2>&1 || missing+=("${need[$cmd]}"); fi
    done
    # The image needs a STATIC busybox (no libc in it); Debian's plain busybox package is dynamic.
    [[ -x /bin/busybox ]] && dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' \
        || missing+=(busybox-static)
    # With AppArmor on in the kernel (Debian's default kernels), dockerd loads its docker-default
    # profile for every container and fails to start them without apparmor_parser. docker.io only
    # recommends apparmor, and recommends are not installed here.
    if [[ $(cat /sys/module/apparmor/parameters/enabled 2>/dev/null) == Y ]] && ! command -v apparmor_parser >/dev/null 2>&1; then
        missing+=(apparmor)
    fi
    if ((${#missing[@]} == 0)); then
        return 0
    fi
    mapfile -t pkgs < <(printf '%s\n' "${missing[@]}" | sort -u)
    if [[ $(id -u) != 0 ]]; then
        _engine_err "missing packages: ${pkgs[*]}; run as root (apt-get install ${pkgs[*]})"
        return 1
    fi
    _engine_log "installing ${pkgs[*]} (apt-get)"
    # docker.io's, containerd's and podman's postinst start (or enable) their system services where an
    # init system will let them. A policy-rc.d that answers 101 ("action forbidden") stops invoke-rc.d and
    # deb-systemd-invoke from doing so; it is only put there for this install when the machine has
    # none, and removed right after.
    local policy=/usr/sbin/policy-rc.d ours_policy=0 rc=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\n# temporary, from ipv6-reconcile scripts/lib/engine.sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        ours_policy=1
    fi
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get update -qq </dev/null; then
        rc=1
        _engine_err "apt-get update failed"
    elif ! apt-get install -y -qq --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "${pkgs[@]}" </dev/null >/dev/null; then
        rc=1
        _engine_err "apt-get install ${pkgs[*]} failed"
    fi
    ((ours_policy)) && rm -f "$policy"
    return "$rc"
}

# engine_docker ARGS...: the Debian client against the private engine only. The environment that
# could redirect it (DOCKER_HOST, a context, TLS settings) is dropped for this one command.
engine_docker() {
    if [[ -z ${ENGINE_DOCKER_HOST:-} ]]; then
        _engine_err "engine_docker: no private engine is running"
        return 1
    fi
    env -u DOCKER_HOST -u DOCKER_CONTEXT -u DOCKER_TLS_VERIFY -u DOCKER_CERT_PATH \
        "$ENGINE_DOCKER_CLI" -H "$ENGINE_DOCKER_HOST" "$@"
}

# _engine_overlapping_routes: print the IPv4 routes of the CURRENT network namespace (all tables)
# that overlap ENGINE_RANGE, the default route excepted. Two prefixes overlap when they agree on the
# shorter one's bits.
_engine_overlapping_routes() {
    local base=${ENGINE_RANGE%/*} blen=${ENGINE_RANGE#*/} line dst a b c d plen n r
    local -a f
    IFS=. read -r a b c d <<<"$base"
    local bnum=$(((a << 24) | (b << 16) | (c << 8) | d))
    while read -r line; do
        read -ra f <<<"$line"
        dst=${f[0]:-}
        case $dst in
            unicast | local | broadcast | multicast | throw | unreachable | prohibit | blackhole | nat | anycast) dst=${f[1]:-} ;;
        esac
        [[ -z $dst || $dst == default ]] && continue
        [[ $dst == */* ]] && plen=${dst#*/} || plen=32
        IFS=. read -r a b c d <<<"${dst%/*}"
        [[ $a$b$c$d =~ ^[0-9]+$ ]] || continue
        n=$(((a << 24) | (b << 16) | (c << 8) | d))
        r=$((plen < blen ? plen : blen))
        if ((r == 0 || (n >> (32 - r)) == (bnum >> (32 - r)))); then
            printf '%s\n' "$line"
        fi
    done < <(ip -4 route show table all 2>/dev/null)
}

# _engine_pid DIR FILE: the pid in DIR/FILE if that process is alive and its command line mentions
# DIR (so a recycled pid, or a zombie, is never taken for ours). Prints nothing otherwise.
_engine_pid() {
    local dir=$1 file=$2 pid
    [[ -r $dir/$file ]] || return 0
    pid=$(<"$dir/$file") || return 0
    [[ $pid =~ ^[0-9]+$ ]] || return 0
    _engine_proc_mentions "$pid" "$dir/" && printf '%s\n' "$pid"
    return 0
}

# _engine_proc_mentions PID TEXT: true if PID's command line contains TEXT.
_engine_proc_mentions() {
    local cmdline
    cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline") || return 1
    [[ $cmdline == *"$2"* ]]
}

# _engine_stop_pids SECONDS PID...: SIGTERM to each PID, wait up to SECONDS for all of them to go,
# then SIGKILL to those left (a log line each) and wait up to 5 s more. Returns 0.
_engine_stop_pids() {
    local secs=$1 pid
    shift
    (($#)) || return 0
    kill -TERM "$@" 2>/dev/null || true
    _engine_wait_gone "$((secs * 10))" "$@" && return 0
    for pid in "$@"; do
        _engine_gone "$pid" || { _engine_log "pid $pid did not stop in ${secs}s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; }
    done
    _engine_wait_gone 50 "$@" || true
}

# _engine_wait_gone TENTHS PID...: true once every PID is gone, checked every 0.1 s up to TENTHS
# times; false if one is still there.
_engine_wait_gone() {
    local tries=$1 i pid left
    shift
    for ((i = 0; i < tries; i++)); do
        left=0
        for pid in "$@"; do _engine_gone "$pid" || left=1; done
        ((left)) || return 0
        sleep 0.1
    done
    return 1
}

# _engine_gone PID: no such process, or only a zombie left (PID 1 here may be slow to reap).
_engine_gone() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
    stat=${stat##*) }
    [[ ${stat%% *} == Z ]]
}

# _engine_teardown DIR: stop and remove everything a private engine in DIR left, whether it is
# running, half-started or long dead. Only touches processes that name DIR, and mounts under DIR.
_engine_teardown() {
    local dir=$1 dpid cpid hpid id pid p host eng_ns='' up_ns=''
    [[ -n $dir && -d $dir && $dir == /tmp/v6r.* ]] || return 0
    if [[ $(cat "$dir/engine.kind" 2>/dev/null) == podman-* ]]; then
        _engine_podman_teardown "$dir"
        return 0
    fi
    host=unix://$dir/docker.sock

    dpid=$(_engine_pid "$dir" dockerd.pid)
    hpid=$(_engine_pid "$dir" upstream.pid)
    # The namespaces' identities, read while their verified owners are alive (an inode number of a
    # namespace that is gone may be reused by someone else's, so a recorded one is never trusted).
    [[ -n $dpid ]] && eng_ns=$(readlink "/proc/$dpid/ns/net" 2>/dev/null)
    [[ -n $hpid ]] && up_ns=$(readlink "/proc/$hpid/ns/net" 2>/dev/null)
    [[ $eng_ns == "$(readlink /proc/1/ns/net)" ]] && eng_ns=''
    [[ $up_ns == "$(readlink /proc/1/ns/net)" ]] && up_ns=''
    if [[ -n $dpid ]]; then
        # Containers first, through the API, so that dockerd releases endpoints and mounts itself.
        local ids
        ids=$(env -u DOCKER_HOST -u DOCKER_CONTEXT timeout 20 "$ENGINE_DOCKER_CLI" -H "$host" ps -aq 2>/dev/null) || true
        if [[ -n $ids ]]; then
            # shellcheck disable=SC2086
            env -u DOCKER_HOST -u DOCKER_CONTEXT timeout 60 "$ENGINE_DOCKER_CLI" -H "$host" rm -f $ids >/dev/null 2>&1 || true
        fi
        env -u DOCKER_HOST -u DOCKER_CONTEXT timeout 20 "$ENGINE_DOCKER_CLI" -H "$host" network prune -f >/dev/null 2>&1 || true
    fi
    # Whatever else still runs inside our two network namespaces (a test's nsenter'd nc or wget, a
    # docker-proxy), while dockerd and the holder still pin them (so they are surely ours).
    local ns
    for ns in "$eng_ns" "$up_ns"; do
        [[ -n $ns ]] || continue
        for p in /proc/[0-9]*; do
            pid=${p#/proc/}
            [[ $pid == "$dpid" || $pid == "$hpid" || $pid == "$$" || $pid == "$BASHPID" ]] && continue
            [[ $(readlink "$p/ns/net" 2>/dev/null) == "$ns" ]] && _engine_stop_pids 5 "$pid"
        done
    done
    [[ -n $dpid ]] && _engine_stop_pids 20 "$dpid"

    # Containers that outlived dockerd (it was killed): runc state is under our exec-root. Both
    # dockerd 20.10 (containerd 1.6) and dockerd 28.5 (containerd 2.x) pass the shim a runc root of
    # EXEC/runtime-runc/moby; any other runc root under EXEC (a state.json two levels down in a
    # "moby" dir) is covered too, should a later version move it.
    local runc_root
    local -A roots=([$dir/exec/runtime-runc/moby]=1)
    # (Paths under DIR have no blanks: container ids are hex.)
    for p in $(find "$dir/exec" -xdev -mindepth 3 -maxdepth 5 -path '*/moby/*/state.json' 2>/dev/null); do
        roots[${p%/*/state.json}]=1
    done
    for runc_root in "${!roots[@]}"; do
        [[ -d $runc_root ]] || continue
        for id in $("$ENGINE_RUNC" --root "$runc_root" list -q 2>/dev/null); do
            "$ENGINE_RUNC" --root "$runc_root" kill "$id" KILL >/dev/null 2>&1 || true
            "$ENGINE_RUNC" --root "$runc_root" delete --force "$id" >/dev/null 2>&1 || true
        done
    done
    # Shims of our containerd: each names our containerd socket with -address.
    for p in /proc/[0-9]*; do
        pid=${p#/proc/}
        if _engine_proc_mentions "$pid" "-address $dir/exec/containerd/containerd.sock"; then
            _engine_stop_pids 5 "$pid"
        fi
    done
    cpid=$(_engine_pid "$dir" containerd.pid)
    [[ -n $cpid ]] && _engine_stop_pids 10 "$cpid"

    # The upstream namespace's holder: with it go the namespace and the veth pair.
    [[ -n $hpid ]] && _engine_stop_pids 5 "$hpid"

    # Mounts under DIR (overlay2 merged dirs, shm, netns bind mounts, the data root's own bind).
    _engine_remove_dir "$dir"
}

# _engine_remove_dir DIR: unmount whatever is mounted under DIR, deepest first (a lazy unmount if
# a plain one fails), then delete DIR, never following into anything still mounted there.
_engine_remove_dir() {
    local dir=$1 m
    for m in $(findmnt -rn -o TARGET 2>/dev/null | awk -v d="$dir" '$0 == d || index($0, d "/") == 1' | sort -r); do
        umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || _engine_log "could not unmount $m"
    done
    rm -rf --one-file-system "$dir" 2>/dev/null || _engine_log "could not remove all of $dir"
}

# _engine_export_test_env DIR PID: the variables the tests read, for the engine in DIR whose
# daemon (dockerd, or podman) is PID.
_engine_export_test_env() {
    local dir=$1 pid=$2
    export IPV6_RECONCILE_TEST_DOCKER_HOST=$ENGINE_DOCKER_HOST
    export IPV6_RECONCILE_TEST_IMAGE=$ENGINE_IMAGE
    export IPV6_RECONCILE_TEST_ENGINE=$ENGINE_KIND_NAME
    export IPV6_RECONCILE_TEST_ENGINE_FIREWALL=$ENGINE_KIND_FIREWALL
    export IPV6_RECONCILE_TEST_ENGINE_NETNS=/proc/$pid/ns/net
    IPV6_RECONCILE_TEST_UPSTREAM_NETNS=/proc/$(_engine_pid "$dir" upstream.pid)/ns/net
    export IPV6_RECONCILE_TEST_UPSTREAM_NETNS
}

# _engine_sweep_stale: tear down /tmp/v6r.* dirs left by an earlier run that is gone (killed with
# SIGKILL, or a session that ended mid-test): their mounts, daemons and namespaces would otherwise
# stay. A dir whose owner (the shell that ran engine_start: owner.pid, with its start time in
# owner.start so that a reused pid is not taken for it) is alive belongs to a live run and is left.
# Nothing else ever stops an engine whose owner is gone, so its daemons, if still running (they are
# in sessions of their own and survive a SIGKILL of the owner), are stopped too. A dir without an
# owner record: live daemons mean a live run. owner.pid is written before the .v6r-engine marker, so
# a dir is never taken while it is being set up.
_engine_sweep_stale() {
    local d owner start
    for d in /tmp/v6r.??????; do
        [[ -d $d && -f $d/.v6r-engine ]] || continue
        owner=$(cat "$d/owner.pid" 2>/dev/null || true)
        start=$(cat "$d/owner.start" 2>/dev/null || true)
        if [[ $owner =~ ^[0-9]+$ ]]; then
            if ! _engine_gone "$owner" && [[ -z $start || $(_engine_starttime "$owner") == "$start" ]]; then
                continue
            fi
        elif [[ -n $(_engine_pid "$d" dockerd.pid) || -n $(_engine_pid "$d" containerd.pid) ||
            -n $(_engine_pid "$d" podman.pid) ]]; then
            continue
        fi
        _engine_log "removing $d, left by an earlier run that is gone"
        _engine_teardown "$d"
    done
}

# _engine_starttime PID: the process's start time (clock ticks since boot, /proc/PID/stat field 22).
_engine_starttime() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
    stat=${stat##*) }
    # After the comm field: state is field 3, so start time (22) is the 20th word here.
    # shellcheck disable=SC2086
    set -- $stat
    printf '%s\n' "${20}"
}

# engine_prepare KIND: check KIND and make its binaries available (for 28.5, fetch or reuse the
# unpacked sid tree; for podman-5.4, the debootstrapped trixie tree). Sets ENGINE_KIND_* for
# engine_start. Safe to call more than once.
engine_prepare() {
    local kind=${1:-20.10}
    ENGINE_KIND_BACKEND=docker
    case $kind in
        20.10)
            ENGINE_KIND_NAME=docker-20.10
            ENGINE_KIND_FIREWALL=off
            ENGINE_KIND_DOCKERD=$ENGINE_DOCKERD
            ENGINE_KIND_CONTAINERD=$ENGINE_CONTAINERD
            ENGINE_KIND_PATH=$PATH
            ;;
        26.1 | 28.5)
            engine_debs_fetch "$kind" || return 1
            ENGINE_KIND_NAME=docker-$kind
            ENGINE_KIND_FIREWALL=on
            [[ $kind == 26.1 ]] && ENGINE_KIND_FIREWALL=defaults
            ENGINE_KIND_DOCKERD=$ENGINE_DEBS_ROOT/usr/sbin/dockerd
            ENGINE_KIND_CONTAINERD=$ENGINE_DEBS_ROOT/usr/bin/containerd
            ENGINE_KIND_PATH=$ENGINE_DEBS_ROOT/usr/bin:$ENGINE_SID_DAEMON_PATH_TAIL
            ;;
        podman-4.3)
            if [[ ! -x $ENGINE_PODMAN43_BIN ]]; then
                _engine_err "Podman 4.3 not available: $ENGINE_PODMAN43_BIN is missing (engine_install_deps podman-4.3 installs Debian's podman)"
                return 1
            fi
            ENGINE_KIND_BACKEND=podman
            ENGINE_KIND_NAME=podman-4.3
            ENGINE_KIND_FIREWALL=podman
            ;;
        podman-5.4)
            engine_podman_trixie_fetch || return 1
            ENGINE_KIND_BACKEND=podman
            ENGINE_KIND_NAME=podman-5.4
            ENGINE_KIND_FIREWALL=podman
            ;;
        *)
            _engine_err "unknown engine '$kind' (expected 20.10, 26.1, 28.5, podman-4.3 or podman-5.4)"
            return 1
            ;;
    esac
    ENGINE_KIND=$kind
}

# engine_start [KIND]: start the private engine (KIND 20.10, the default, 26.1, 28.5, podman-4.3 or
# podman-5.4), the upstream namespace, and import the test image. Sets ENGINE_DIR and
# ENGINE_DOCKER_HOST; exports the IPV6_RECONCILE_TEST_* variables listed at the top.
engine_start() {
    local kind=${1:-20.10} t0=$EPOCHREALTIME
    if [[ -n ${ENGINE_DIR:-} ]]; then
        _engine_err "a private engine is already running in $ENGINE_DIR"
        return 1
    fi
    if [[ $(id -u) != 0 ]]; then
        _engine_err "the private Docker engine needs root"
        return 1
    fi
    engine_prepare "$kind" || return 1
    local tool
    local -a tools=("$ENGINE_RUNC" "$ENGINE_DOCKER_CLI" /bin/busybox)
    if [[ $ENGINE_KIND_BACKEND == docker ]]; then
        tools+=("$ENGINE_KIND_DOCKERD" "$ENGINE_KIND_CONTAINERD")
    fi
    for tool in "${tools[@]}"; do
        [[ -x $tool ]] || { _engine_err "$tool is missing (engine_install_deps installs it)"; return 1; }
    done
    if [[ $ENGINE_KIND_FIREWALL == on ]]; then
        for tool in /usr/sbin/iptables /usr/sbin/ip6tables; do
            [[ -x $tool ]] || { _engine_err "$tool is missing (engine_install_deps installs it)"; return 1; }
        done
    fi
    _engine_sweep_stale

    # The host's routes are not ours to change, and ours never reach them (own network namespace),
    # so an overlap there is only worth a note; the refusal is for the namespace dockerd runs in.
    local overlap
    overlap=$(_engine_overlapping_routes)
    if [[ -n $overlap ]]; then
        _engine_log "note: host routes overlap $ENGINE_RANGE ($(echo "$overlap" | awk '{print $1, $2, $3}' | paste -sd';')); harmless: the private engine has its own network namespace"
    fi

    local dir
    dir=$(mktemp -d /tmp/v6r.XXXXXX) || { _engine_err "mktemp failed"; return 1; }
    # Traversable (not listable) by others, so that an unprivileged user in the socket's group
    # (docker.sock is root:docker 0660) can reach it, as the systemd service's user does.
    chmod 0711 "$dir"
    # Owner first, marker last: a concurrent sweep only looks at dirs with the marker.
    echo "$$" >"$dir/owner.pid"
    _engine_starttime "$$" >"$dir/owner.start"
    echo "$ENGINE_KIND_NAME" >"$dir/engine.kind"
    : >"$dir/.v6r-engine"
    if [[ $ENGINE_KIND_BACKEND == podman ]]; then
        _engine_start_podman "$dir" "$t0"
        return
    fi
    # Unix socket paths are limited to 107 bytes; the longest one we create is containerd's ttrpc.
    local csock=$dir/exec/containerd/containerd.sock
    if ((${#csock} + 6 > 107)); then
        _engine_err "temp dir path too long for Unix sockets: $dir"
        rm -rf "$dir"
        return 1
    fi
    ENGINE_DIR=$dir
    ENGINE_DOCKER_HOST=unix://$dir/docker.sock
    _engine_log "starting private engine $ENGINE_KIND_NAME (firewall $ENGINE_KIND_FIREWALL) in $dir"
    mkdir -p "$dir/data/containerd" "$dir/exec/containerd"

    # containerd: every path under DIR (root, state, sockets, the "opt" plugin dir, which otherwise
    # lands in /opt/containerd); the CRI plugins off (they are Kubernetes', and listen on a TCP port;
    # containerd 2.x splits CRI into three plugins with other IDs, plus its pod sandbox controllers), and
    # in 2.x also NRI (a plugin socket of its own outside the temp dir); no debug or metrics
    # endpoints. containerd 2.x reads the same keys as version 3, without a migration warning.
    local cversion=2 cdisabled='"io.containerd.grpc.v1.cri"'
    if [[ $ENGINE_KIND == 28.5 ]]; then
        cversion=3
        cdisabled='"io.containerd.grpc.v1.cri", "io.containerd.cri.v1.runtime", "io.containerd.cri.v1.images", "io.containerd.podsandbox.controller.v1.podsandbox", "io.containerd.grpc.v1.sandbox-controllers", "io.containerd.nri.v1.nri"'
    fi
    cat >"$dir/containerd.toml" <<EOF
version = $cversion
root = "$dir/data/containerd"
state = "$dir/exec/containerd"
disabled_plugins = [$cdisabled]
[grpc]
  address = "$csock"
[ttrpc]
  address = "$csock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$dir/data/containerd/opt"
EOF
    # setsid: a Ctrl-C on the terminal reaches the script (whose trap stops the engine in order), not
    # the daemons. The child writes its own pid before exec, so the pidfile is right whether or not
    # setsid had to fork; -w keeps setsid around to reap it. The daemons get the engine's PATH (for
    # 28.5: sid's usr/bin first, for containerd-shim-runc-v2); the docker CLI does not.
    setsid -w env PATH="$ENGINE_KIND_PATH" bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$dir/containerd.pid" \
        "$ENGINE_KIND_CONTAINERD" --config "$dir/containerd.toml" --log-level warn \
        </dev/null >"$dir/containerd.log" 2>&1 &
    if ! _engine_wait_for "containerd" 15 test -S "$csock" || ! _engine_wait_for "containerd" 15 test -S "$csock.ttrpc"; then
        _engine_err "containerd did not start; its log:"
        tail -n 30 "$dir/containerd.log" >&2
        engine_stop
        return 1
    fi
    # Nothing of our containerd may listen on a TCP port (a CRI plugin we failed to disable would).
    local cpid listen
    cpid=$(_engine_pid "$dir" containerd.pid)
    if [[ -n $cpid ]] && command -v ss >/dev/null 2>&1; then
        listen=$(ss -Hltnp 2>/dev/null | grep -F "pid=$cpid," || true)
        if [[ -n $listen ]]; then
            _engine_err "our containerd listens on TCP: $(echo "$listen" | awk '{print $4}' | paste -sd' ')"
            engine_stop
            return 1
        fi
    fi

    # dockerd, in a new network namespace. The launcher records the pid in dockerd.pid (known before
    # dockerd is up); dockerd's own --pidfile docker.pid must be a different file, since dockerd
    # refuses to start when its pidfile names a live process, itself included. Before exec, in that namespace: loopback up, and refuse
    # if anything there already routes our range or a docker0 exists (neither can in a fresh
    # namespace: this proves we got one).
    local -a fw
    case $ENGINE_KIND_FIREWALL in
        on) fw=(--iptables=true --ip6tables=true --ip-forward=true) ;;
        defaults) fw=() ;;
        *) fw=(--iptables=false --ip6tables=false --ip-forward=false) ;;
    esac
    local launcher
    launcher="$(declare -f _engine_overlapping_routes)
        ENGINE_RANGE=$ENGINE_RANGE
        echo \$\$ >\"\$1\"; shift
        ip link set lo up || exit 97
        o=\$(_engine_overlapping_routes)
        if [ -n \"\$o\" ]; then echo \"refusing to start: $ENGINE_RANGE is already routed in the engine's network namespace: \$o\" >&2; exit 97; fi
        if ip link show docker0 >/dev/null 2>&1; then echo 'refusing to start: a docker0 already exists in the new network namespace' >&2; exit 97; fi
        exec \"\$@\""
    setsid -w unshare --net -- env PATH="$ENGINE_KIND_PATH" bash -c "$launcher" _ "$dir/dockerd.pid" \
        "$ENGINE_KIND_DOCKERD" \
        --host "$ENGINE_DOCKER_HOST" \
        --data-root "$dir/data" \
        --exec-root "$dir/exec" \
        --pidfile "$dir/docker.pid" \
        --containerd "$csock" \
        "${fw[@]}" --userland-proxy=false \
        --bip "$ENGINE_BIP" \
        --default-address-pool "base=$ENGINE_POOL,size=24" \
        </dev/null >"$dir/dockerd.log" 2>&1 &
    if ! _engine_wait_for "dockerd" 30 _engine_ping "$dir"; then
        _engine_err "dockerd did not answer /_ping within 30 s; the tail of $dir/dockerd.log:"
        tail -n 40 "$dir/dockerd.log" >&2
        engine_stop
        return 1
    fi

    # The default bridge must be exactly the --bip we passed.
    local ipam
    ipam=$(engine_docker network inspect bridge --format '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}' 2>&1)
    if [[ $ipam != "$ENGINE_BIP_SUBNET ${ENGINE_BIP%/*}" ]]; then
        _engine_err "default bridge is '$ipam', expected '$ENGINE_BIP_SUBNET ${ENGINE_BIP%/*}'"
        engine_stop
        return 1
    fi
    # And the engine must be on our containerd, not a system one.
    local dpid
    dpid=$(_engine_pid "$dir" dockerd.pid)
    if ! _engine_proc_mentions "$dpid" "--containerd $csock "; then
        _engine_err "dockerd is not using the private containerd"
        engine_stop
        return 1
    fi
    # The engine is the one asked for, with the firewall as asked (28.5 reports its backend).
    local version fwdriver
    version=$(engine_docker version --format '{{.Server.Version}}' 2>/dev/null)
    fwdriver=$(curl -fsS --max-time 5 --unix-socket "$dir/docker.sock" http://d/info 2>/dev/null |
        sed -n 's/.*"FirewallBackend":{"Driver":"\([^"]*\)".*/\1/p')
    if [[ $version != "$ENGINE_KIND"* ]] || { [[ $ENGINE_KIND_FIREWALL == on ]] && [[ $fwdriver != iptables ]]; }; then
        _engine_err "the engine is dockerd '$version' with firewall backend '${fwdriver:-none}', expected $ENGINE_KIND with firewall $ENGINE_KIND_FIREWALL"
        engine_stop
        return 1
    fi

    if ! _engine_upstream_start "$dir" "$dpid"; then
        engine_stop
        return 1
    fi

    if ! _engine_import_image "$dir"; then
        engine_stop
        return 1
    fi
    _engine_export_test_env "$dir" "$dpid"
    local cver
    cver=$("$ENGINE_KIND_CONTAINERD" --version 2>/dev/null | awk '{print $3}')
    _engine_log "engine $ENGINE_KIND_NAME ready in $(_engine_secs "$t0") s: dockerd $version${fwdriver:+ (firewall $fwdriver)}, containerd $cver, $("$ENGINE_RUNC" --version 2>/dev/null | head -n 1); IPV6_RECONCILE_TEST_DOCKER_HOST=$IPV6_RECONCILE_TEST_DOCKER_HOST"
}

# _engine_start_podman DIR T0: the Podman half of engine_start (scripts/lib/engine_podman.sh), in the
# temp dir DIR that engine_start made; the upstream namespace and the image as for Docker.
_engine_start_podman() {
    local dir=$1 t0=$2
    ENGINE_DIR=$dir
    ENGINE_DOCKER_HOST=unix://$dir/podman.sock
    local root=''
    [[ $ENGINE_KIND == podman-5.4 ]] && root=" (its root: $ENGINE_PODMAN_TREE, podman $ENGINE_PODMAN_TREE_VERSION)"
    _engine_log "starting private engine $ENGINE_KIND_NAME (firewall $ENGINE_KIND_FIREWALL) in $dir$root"
    if ! _engine_podman_launch "$dir" || ! _engine_upstream_start "$dir" "$ENGINE_PODMAN_PID" || ! _engine_import_image "$dir"; then
        engine_stop
        return 1
    fi
    _engine_export_test_env "$dir" "$ENGINE_PODMAN_PID"
    _engine_log "engine $ENGINE_KIND_NAME ready in $(_engine_secs "$t0") s: $(_engine_podman_describe "$dir"); IPV6_RECONCILE_TEST_DOCKER_HOST=$IPV6_RECONCILE_TEST_DOCKER_HOST"
}

# _engine_in NETNS CMD...: run CMD in the network namespace NETNS (a /proc/PID/ns/net path); on
# failure, one error line with the command and its output.
_engine_in() {
    local ns=$1 out
    shift
    if ! out=$(nsenter --net="$ns" "$@" 2>&1); then
        _engine_err "upstream namespace: '$*' failed: $out"
        return 1
    fi
}

# _engine_upstream_start DIR DOCKERD_PID: the upstream router's network namespace, held by a sleep
# whose pid is in DIR/upstream.pid (its argv[0] names DIR, so teardown and the sweep recognise it),
# linked to dockerd's namespace by a veth pair, with 2001:db8::/32 routed to the engine's side and
# IPv6 forwarding on in the engine's namespace. Never a named namespace (ip netns add), never a
# change to the host's namespace: every command runs inside one of the two through nsenter.
_engine_upstream_start() {
    local dir=$1 dpid=$2 hpid i up eng host_ns
    setsid unshare --net -- bash -c 'echo $$ >"$1"; exec -a "v6r-upstream:$2/" sleep infinity' _ "$dir/upstream.pid" "$dir" \
        </dev/null >/dev/null 2>&1 &
    for ((i = 0; i < 50; i++)); do
        hpid=$(_engine_pid "$dir" upstream.pid)
        [[ -n $hpid ]] && break
        sleep 0.1
    done
    if [[ -z $hpid ]]; then
        _engine_err "the upstream network namespace's holder did not start"
        return 1
    fi
    up=/proc/$hpid/ns/net
    eng=/proc/$dpid/ns/net
    host_ns=$(readlink /proc/$$/ns/net)
    if [[ $(readlink "$up") == "$host_ns" || $(readlink "$eng") == "$host_ns" || $(readlink "$up") == "$(readlink "$eng")" ]]; then
        _engine_err "the upstream and engine network namespaces are not two new ones"
        return 1
    fi
    # (/proc/sys/net is the namespace of the process that opens it: the nsenter'd sh's.)
    _engine_in "$up" ip link set lo up &&
        _engine_in "$eng" ip link add v6r-eng type veth peer name v6r-up netns "$hpid" &&
        _engine_in "$eng" ip -6 addr add "$ENGINE_UPLINK_ENG/$ENGINE_UPLINK_PLEN" dev v6r-eng nodad &&
        _engine_in "$up" ip -6 addr add "$ENGINE_UPLINK_UP/$ENGINE_UPLINK_PLEN" dev v6r-up nodad &&
        _engine_in "$eng" ip link set v6r-eng up &&
        _engine_in "$up" ip link set v6r-up up &&
        _engine_in "$up" ip -6 route add "$ENGINE_UPLINK_ROUTE" via "$ENGINE_UPLINK_ENG" dev v6r-up &&
        _engine_in "$eng" sh -c 'echo 1 >/proc/sys/net/ipv6/conf/all/forwarding' ||
        return 1
    if [[ $(nsenter --net="$eng" cat /proc/sys/net/ipv6/conf/all/forwarding) != 1 ]]; then
        _engine_err "upstream namespace: IPv6 forwarding is not on in the engine's namespace"
        return 1
    fi
    for ((i = 0; i < 3; i++)); do
        nsenter --net="$up" /bin/busybox ping -c1 -W2 "$ENGINE_UPLINK_ENG" >/dev/null 2>&1 && return 0
    done
    _engine_err "upstream namespace: $ENGINE_UPLINK_UP cannot ping the engine side $ENGINE_UPLINK_ENG over the veth pair"
    return 1
}

# _engine_ping DIR: true once the API answers OK on /_ping.
_engine_ping() {
    [[ $(curl -fsS --max-time 2 --unix-socket "$1/docker.sock" http://d/_ping 2>/dev/null) == OK ]]
}

# _engine_wait_for NAME SECONDS CMD...: poll CMD every 0.2 s; give up early if NAME's process died.
_engine_wait_for() {
    local name=$1 secs=$2 i file
    shift 2
    file=$name.pid
    for ((i = 0; i < secs * 5; i++)); do
        "$@" && return 0
        # Once the pidfile exists, a dead process will not come back: stop waiting.
        if ((i > 5)) && [[ -s $ENGINE_DIR/$file && -z $(_engine_pid "$ENGINE_DIR" "$file") ]]; then
            return 1
        fi
        sleep 0.2
    done
    "$@"
}

# _engine_import_image DIR: the busybox test image (scripts/lib/busybox_image.sh), built in
# DIR/image-root, whose default command sleeps, so `docker run -d IMAGE` keeps running, and a test
# page: `docker run -d IMAGE httpd -f -p 80 -h /www` serves /www/index.html, whose text is
# ENGINE_WWW_TEXT.
_engine_import_image() {
    if ! busybox_image_import "$1/image-root" "$ENGINE_IMAGE" "$ENGINE_WWW_TEXT" engine_docker; then
        _engine_err "docker import of $ENGINE_IMAGE failed"
        return 1
    fi
}

# engine_stop: stop the private engine and remove every trace of it. Idempotent; meant for traps.
engine_stop() {
    local dir=${ENGINE_DIR:-} pipe_trap
    [[ -n $dir ]] || return 0
    if [[ -d $dir ]]; then
        # A reader that went away (scripts/test | head) must not kill the teardown half-way: while it
        # runs, a write to a closed pipe fails instead of killing the shell.
        pipe_trap=$(trap -p PIPE)
        trap '' PIPE
        _engine_log "stopping private engine in $dir"
        _engine_teardown "$dir"
        if [[ -n $pipe_trap ]]; then eval "$pipe_trap"; else trap - PIPE; fi
    fi
    unset ENGINE_DIR ENGINE_DOCKER_HOST ENGINE_PODMAN_PID IPV6_RECONCILE_TEST_DOCKER_HOST IPV6_RECONCILE_TEST_IMAGE \
        IPV6_RECONCILE_TEST_ENGINE IPV6_RECONCILE_TEST_ENGINE_FIREWALL \
        IPV6_RECONCILE_TEST_ENGINE_NETNS IPV6_RECONCILE_TEST_UPSTREAM_NETNS
    return 0
}
