# shellcheck shell=bash
# scripts/lib/engine.sh: start and stop a PRIVATE Docker engine for tests, demos, soak and bench runs.
#
# Sourced, not run. Functions:
#   engine_install_deps  install what is missing from Debian's packages (as root, non-interactive)
#   engine_start         start a private containerd + dockerd in /tmp/v6r.XXXXXX, import the busybox
#                        image, export IPV6_RECONCILE_TEST_DOCKER_HOST and IPV6_RECONCILE_TEST_IMAGE
#   engine_stop          remove containers, stop both daemons, unmount, delete the temp dir;
#                        safe to call twice and from a trap
#   engine_docker ARGS   Debian's docker client (20.10, API 1.41) pointed at the private engine only
#
# Isolation, and why each part is there:
# - dockerd runs in its OWN network namespace (unshare --net). docker0 and every br-* bridge are
#   global to a network namespace: in the host's, a docker0 left by an earlier or concurrent engine
#   would be silently reused (or re-addressed) by ours, and our bridges would add routes to the host.
#   In a fresh namespace docker0 is always new, the --bip we pass is the one used (checked after
#   start), and every bridge disappears with dockerd, even after a SIGKILL. The API is a path-based
#   Unix socket, which works across network namespaces, so tools on the host reach it as usual.
# - containerd is started by us, with its sockets and state under the temp dir, and handed to dockerd
#   with --containerd. Without --containerd, dockerd 20.10 uses the SYSTEM containerd whenever
#   /run/containerd/containerd.sock exists (Debian's containerd package runs one under systemd), and
#   would then share the "moby" namespace with a system Docker engine.
# - Processes are only ever signalled by pid read from our own pidfiles (and checked to mention our
#   temp dir in their command line), never by name: a system Docker engine on /var/run/docker.sock
#   is never talked to, stopped or killed.

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
# Progress lines start with this word; scripts set it to their own name ("test: ...").
: "${ENGINE_LOG_PREFIX:=engine}"

_engine_log() { printf '%s: %s\n' "$ENGINE_LOG_PREFIX" "$*" >&2; }
_engine_err() { printf '%s: error: %s\n' "$ENGINE_LOG_PREFIX" "$*" >&2; }

# engine_install_deps: install Debian's docker.io, busybox-static and the tools the scripts and
# tests use, only when something is missing (a machine that has them all is not touched and needs no
# network). Never starts the system's docker or containerd service: see the policy-rc.d note below.
engine_install_deps() {
    local missing=() pkgs=() cmd
    # command -> Debian package that provides it
    local -A need=(
        [/usr/sbin/dockerd]=docker.io [/usr/bin/docker]=docker.io
        [/usr/bin/containerd]=containerd [/usr/sbin/runc]=runc
        [curl]=curl [ip]=iproute2 [unshare]=util-linux [setsid]=util-linux
        [findmnt]=util-linux [mountpoint]=util-linux [timeout]=coreutils [tar]=tar
        [systemd-analyze]=systemd
    )
    for cmd in "${!need[@]}"; do
        if [[ $cmd == /* ]]; then [[ -x $cmd ]] || missing+=("${need[$cmd]}")
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
    # docker.io's and containerd's postinst start their system services where an init system will
    # let them. A policy-rc.d that answers 101 ("action forbidden") stops invoke-rc.d and
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

# _engine_signal_wait PID SECONDS: SIGTERM, wait up to SECONDS for the process to go, then SIGKILL.
_engine_signal_wait() {
    local pid=$1 secs=$2 i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < secs * 10; i++)); do
        _engine_gone "$pid" && return 0
        sleep 0.1
    done
    _engine_log "pid $pid did not stop in ${secs}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        _engine_gone "$pid" && return 0
        sleep 0.1
    done
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
    local dir=$1 dpid cpid id pid p host
    [[ -n $dir && -d $dir && $dir == /tmp/v6r.* ]] || return 0
    host=unix://$dir/docker.sock

    dpid=$(_engine_pid "$dir" dockerd.pid)
    if [[ -n $dpid ]]; then
        # Containers first, through the API, so that dockerd releases endpoints and mounts itself.
        local ids
        ids=$(env -u DOCKER_HOST -u DOCKER_CONTEXT timeout 20 "$ENGINE_DOCKER_CLI" -H "$host" ps -aq 2>/dev/null) || true
        if [[ -n $ids ]]; then
            # shellcheck disable=SC2086
            env -u DOCKER_HOST -u DOCKER_CONTEXT timeout 60 "$ENGINE_DOCKER_CLI" -H "$host" rm -f $ids >/dev/null 2>&1 || true
        fi
        env -u DOCKER_HOST -u DOCKER_CONTEXT timeout 20 "$ENGINE_DOCKER_CLI" -H "$host" network prune -f >/dev/null 2>&1 || true
        _engine_signal_wait "$dpid" 20
    fi

    # Containers that outlived dockerd (it was killed): runc state is under our exec-root.
    local runc_root=$dir/exec/runtime-runc/moby
    if [[ -d $runc_root ]]; then
        for id in $("$ENGINE_RUNC" --root "$runc_root" list -q 2>/dev/null); do
            "$ENGINE_RUNC" --root "$runc_root" kill "$id" KILL >/dev/null 2>&1 || true
            "$ENGINE_RUNC" --root "$runc_root" delete --force "$id" >/dev/null 2>&1 || true
        done
    fi
    # Shims of our containerd: each names our containerd socket with -address.
    for p in /proc/[0-9]*; do
        pid=${p#/proc/}
        if _engine_proc_mentions "$pid" "-address $dir/exec/containerd/containerd.sock"; then
            _engine_signal_wait "$pid" 5
        fi
    done
    cpid=$(_engine_pid "$dir" containerd.pid)
    [[ -n $cpid ]] && _engine_signal_wait "$cpid" 10

    # Mounts under DIR (overlay2 merged dirs, shm, netns bind mounts, the data root's own bind),
    # deepest first; a lazy unmount if a plain one fails.
    local m
    for m in $(findmnt -rn -o TARGET 2>/dev/null | awk -v d="$dir" '$0 == d || index($0, d "/") == 1' | sort -r); do
        umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || _engine_log "could not unmount $m"
    done
    # --one-file-system: never follow into anything still mounted under DIR.
    rm -rf --one-file-system "$dir" 2>/dev/null || _engine_log "could not remove all of $dir"
}

# _engine_sweep_stale: tear down /tmp/v6r.* dirs left by an earlier run whose processes are all gone
# (a run killed with SIGKILL, or a session that ended mid-test): their mounts would otherwise stay.
# A dir whose owner shell, dockerd or containerd is still alive belongs to a live run and is left.
_engine_sweep_stale() {
    local d owner
    for d in /tmp/v6r.??????; do
        [[ -d $d && -f $d/.v6r-engine ]] || continue
        owner=$(cat "$d/owner.pid" 2>/dev/null || true)
        if [[ $owner =~ ^[0-9]+$ ]] && ! _engine_gone "$owner"; then continue; fi
        [[ -n $(_engine_pid "$d" dockerd.pid) || -n $(_engine_pid "$d" containerd.pid) ]] && continue
        _engine_log "removing $d, left by an earlier run that is gone"
        _engine_teardown "$d"
    done
}

# engine_start: start the private engine and import the test image. Sets ENGINE_DIR and
# ENGINE_DOCKER_HOST; exports IPV6_RECONCILE_TEST_DOCKER_HOST and IPV6_RECONCILE_TEST_IMAGE.
engine_start() {
    if [[ -n ${ENGINE_DIR:-} ]]; then
        _engine_err "a private engine is already running in $ENGINE_DIR"
        return 1
    fi
    if [[ $(id -u) != 0 ]]; then
        _engine_err "the private Docker engine needs root"
        return 1
    fi
    local tool
    for tool in "$ENGINE_DOCKERD" "$ENGINE_CONTAINERD" "$ENGINE_RUNC" "$ENGINE_DOCKER_CLI" /bin/busybox; do
        [[ -x $tool ]] || { _engine_err "$tool is missing (engine_install_deps installs it)"; return 1; }
    done
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
    : >"$dir/.v6r-engine"
    echo "$$" >"$dir/owner.pid"
    # Unix socket paths are limited to 107 bytes; the longest one we create is containerd's ttrpc.
    local csock=$dir/exec/containerd/containerd.sock
    if ((${#csock} + 6 > 107)); then
        _engine_err "temp dir path too long for Unix sockets: $dir"
        rm -rf "$dir"
        return 1
    fi
    ENGINE_DIR=$dir
    ENGINE_DOCKER_HOST=unix://$dir/docker.sock
    _engine_log "starting private engine in $dir"
    mkdir -p "$dir/data/containerd" "$dir/exec/containerd"

    # containerd: every path under DIR (root, state, sockets, the "opt" plugin dir, which otherwise
    # lands in /opt/containerd); the CRI plugin off (it is Kubernetes', and listens on a port);
    # no debug or metrics endpoints.
    cat >"$dir/containerd.toml" <<EOF
version = 2
root = "$dir/data/containerd"
state = "$dir/exec/containerd"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
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
    # setsid had to fork; -w keeps setsid around to reap it.
    setsid -w bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$dir/containerd.pid" \
        "$ENGINE_CONTAINERD" --config "$dir/containerd.toml" --log-level warn \
        </dev/null >"$dir/containerd.log" 2>&1 &
    if ! _engine_wait_for "containerd" 15 test -S "$csock" || ! _engine_wait_for "containerd" 15 test -S "$csock.ttrpc"; then
        _engine_err "containerd did not start; its log:"
        tail -n 30 "$dir/containerd.log" >&2
        engine_stop
        return 1
    fi

    # dockerd, in a new network namespace. The launcher records the pid in dockerd.pid (known before
    # dockerd is up); dockerd's own --pidfile docker.pid must be a different file, since dockerd
    # refuses to start when its pidfile names a live process, itself included. Before exec, in that namespace: loopback up, and refuse
    # if anything there already routes our range or a docker0 exists (neither can in a fresh
    # namespace: this proves we got one).
    local launcher
    launcher="$(declare -f _engine_overlapping_routes)
        ENGINE_RANGE=$ENGINE_RANGE
        echo \$\$ >\"\$1\"; shift
        ip link set lo up || exit 97
        o=\$(_engine_overlapping_routes)
        if [ -n \"\$o\" ]; then echo \"refusing to start: $ENGINE_RANGE is already routed in the engine's network namespace: \$o\" >&2; exit 97; fi
        if ip link show docker0 >/dev/null 2>&1; then echo 'refusing to start: a docker0 already exists in the new network namespace' >&2; exit 97; fi
        exec \"\$@\""
    setsid -w unshare --net -- bash -c "$launcher" _ "$dir/dockerd.pid" \
        "$ENGINE_DOCKERD" \
        --host "$ENGINE_DOCKER_HOST" \
        --data-root "$dir/data" \
        --exec-root "$dir/exec" \
        --pidfile "$dir/docker.pid" \
        --containerd "$csock" \
        --iptables=false --ip6tables=false --ip-forward=false --userland-proxy=false \
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
    if ! _engine_proc_mentions "$(_engine_pid "$dir" dockerd.pid)" "--containerd $csock "; then
        _engine_err "dockerd is not using the private containerd"
        engine_stop
        return 1
    fi

    if ! _engine_import_image "$dir"; then
        engine_stop
        return 1
    fi
    export IPV6_RECONCILE_TEST_DOCKER_HOST=$ENGINE_DOCKER_HOST
    export IPV6_RECONCILE_TEST_IMAGE=$ENGINE_IMAGE
    _engine_log "engine ready: IPV6_RECONCILE_TEST_DOCKER_HOST=$IPV6_RECONCILE_TEST_DOCKER_HOST"
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

# _engine_import_image DIR: a one-layer image holding a static busybox and a symlink per applet
# (sh, sleep, ip, cat, ...), whose default command sleeps, so `docker run -d IMAGE` keeps running.
_engine_import_image() {
    local dir=$1 root=$1/image-root applet
    mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/proc" "$root/sys" "$root/dev"
    cp /bin/busybox "$root/bin/busybox"
    for applet in $(/bin/busybox --list); do
        [[ $applet == busybox || -e $root/bin/$applet ]] || ln -s busybox "$root/bin/$applet"
    done
    printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
    if ! tar -C "$root" --numeric-owner --owner=0 --group=0 -c . |
        engine_docker import --change 'CMD ["/bin/sleep","1000000"]' - "$ENGINE_IMAGE" >/dev/null; then
        _engine_err "docker import of $ENGINE_IMAGE failed"
        return 1
    fi
    rm -rf "$root"
}

# engine_stop: stop the private engine and remove every trace of it. Idempotent; meant for traps.
engine_stop() {
    local dir=${ENGINE_DIR:-}
    [[ -n $dir ]] || return 0
    if [[ -d $dir ]]; then
        _engine_log "stopping private engine in $dir"
        _engine_teardown "$dir"
    fi
    unset ENGINE_DIR ENGINE_DOCKER_HOST IPV6_RECONCILE_TEST_DOCKER_HOST IPV6_RECONCILE_TEST_IMAGE
    return 0
}
