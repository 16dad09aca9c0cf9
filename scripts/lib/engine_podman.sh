# shellcheck shell=bash
# scripts/lib/engine_podman.sh: PRIVATE Podman engines for the tests (`podman system service`, whose
# Docker-compatible API the docker CLI and the tool talk to). Sourced by engine.sh, not run.
#
#   engine_podman_trixie_fetch   make sure ENGINE_PODMAN_TRIXIE_CACHE holds a usable Debian 13
#                                (trixie) tree with Podman 5.4; sets ENGINE_PODMAN_TREE and
#                                ENGINE_PODMAN_TREE_VERSION. One error line naming the cause and
#                                return 1 when there is neither a tree nor a way to build one.
#   _engine_podman_launch DIR    start the engine of ENGINE_KIND (podman-4.3 or podman-5.4) in DIR;
#                                sets ENGINE_PODMAN_PID and ENGINE_PODMAN_VERSION
#   _engine_podman_teardown DIR  stop everything such an engine in DIR left, running or long dead
#
# The two engines:
#   podman-4.3  Debian 12's podman 4.3 from apt (with netavark 1.4, aardvark-dns, conmon, Debian 12's
#               runc 1.1.5 and iptables), run from the host's root, overlay storage.
#   podman-5.4  Debian 13's podman 5.4 (netavark 1.14 with nftables, conmon, runc 1.1.15): a
#               debootstrapped trixie tree in a cache (never installed: nothing of it is on the
#               host's PATH), which the engine uses as its root (pivot_root in its own mount
#               namespace), vfs storage.
#
# Isolation, and why each part is there:
# - Each engine runs in its OWN network namespace and mount namespace (unshare --net --mount, mounts
#   private): podman0 and every other bridge, netavark's iptables or nftables rules, aardvark-dns's
#   listeners and the forwarding sysctls are that namespace's, and go with it. Every mount Podman
#   makes (overlay layers, the containers' network namespace files) is only in that mount
#   namespace, so nothing of it is ever seen, or left, on the host.
# - Everything Podman writes is under DIR: storage (graphroot DIR/storage, runroot DIR/run/storage),
#   netavark's network configs (DIR/networks), libpod's tmp dir, image copies, and the API socket
#   DIR/podman.sock. Where Podman or a helper uses a fixed path anyway, a private mount keeps it off
#   the host: /run (runc's state /run/runc, the netns files /run/netns, aardvark-dns's config) is
#   DIR/run, and /var (the blob-info cache /var/lib/containers/cache, the short-name alias lock
#   /var/cache/containers) is an overlay whose upper layer is a tmpfs (on DIR/varfs, in the
#   engine's mount namespace only): writes there vanish with the engine. For 5.4 the tree itself is
#   bound read-only, so no run ever changes the cache. The host's /run (and its docker.sock,
#   containerd, a system Podman's socket) is not even visible to the engine. /dev/shm is a private
#   tmpfs: Podman's locks are one shared memory segment, /dev/shm/libpod_lock, which a second Podman
#   on the host (a system one, another test engine) would otherwise share, each allocating its own
#   lock numbers in it.
# - The configuration is ours alone, named by CONTAINERS_CONF, CONTAINERS_STORAGE_CONF and
#   CONTAINERS_REGISTRIES_CONF (each replaces the system file rather than adding to it).
# - The default network (the docker CLI calls it "bridge") is 198.19.255.0/24 and new networks come
#   from 198.18.0.0/16 in /24s, as for the Docker engines (ENGINE_BIP_SUBNET, ENGINE_POOL): never
#   Podman's 10.88.0.0/16 or a 10.x pool. Podman adds an IPv4 subnet from that pool to a network
#   created with only an IPv6 one.
# - The image is imported, never pulled: the registries config has no search registries, docker.io
#   (where the compat API completes short names to) is blocked, and the engine's network namespace
#   has no route out anyway.
# - Limits: containers.conf's default_ulimits is set to the limits the engine itself runs with.
#   Without it Podman asks runc for nofile and nproc of 1048576, which needs CAP_SYS_RESOURCE to raise
#   a hard limit; where root lacks it (these machines), every container fails to start with
#   "error setting rlimits for ready process: ... operation not permitted". Podman 4.3's "-1" means
#   unlimited, not "the current limit", so the values are explicit.
# - Teardown finds our processes by pidfile (checked to name DIR on their command line), by being
#   in our network or mount namespace (known from the engine or from a holder process that pins
#   both namespaces and names DIR, so they are known even after the engine was killed), or by
#   naming DIR (conmon does), never by name. The trixie tree is never deleted by a teardown, and
#   the cache only drops trees no live engine uses, with --one-file-system.

: "${ENGINE_PODMAN_TRIXIE_CACHE:=/var/cache/ipv6-reconcile-test/podman-trixie}"
ENGINE_PODMAN_TRIXIE_SUITE=trixie
ENGINE_PODMAN_TRIXIE_PACKAGES=podman,netavark,aardvark-dns,runc,nftables,iptables
# Versions each engine stands for (shell globs over `podman version`'s server version).
ENGINE_PODMAN43_GLOB='4.3.*'
ENGINE_PODMAN54_GLOB='5.4.*'
ENGINE_PODMAN43_BIN=/usr/bin/podman
# What a usable trixie tree has (paths inside it).
ENGINE_PODMAN_TREE_NEEDS=(usr/bin/podman usr/bin/conmon usr/sbin/runc usr/lib/podman/netavark
    usr/lib/podman/aardvark-dns usr/sbin/nft usr/bin/umount tmp run var proc sys dev)

# _engine_podman_tree_usable TREE: the tree has what the engine runs, and its binaries run (in a
# chroot: they need trixie's glibc).
_engine_podman_tree_usable() {
    local t=$1 f
    [[ -n $t && -d $t ]] || return 1
    for f in "${ENGINE_PODMAN_TREE_NEEDS[@]}"; do
        [[ -e $t/$f ]] || return 1
    done
    chroot "$t" /usr/bin/conmon --version >/dev/null 2>&1 && chroot "$t" /usr/sbin/runc --version >/dev/null 2>&1
}

# _engine_podman_tree_version TREE: the podman package's version in TREE.
_engine_podman_tree_version() {
    # shellcheck disable=SC2016
    chroot "$1" /usr/bin/dpkg-query -W -f '${Version}' podman 2>/dev/null
}

# _engine_podman_tree_in_use TREE: a live engine of ours (any run's) uses TREE: its DIR/podman-tree
# names it and its engine or namespace holder is alive.
_engine_podman_tree_in_use() {
    local d
    for d in /tmp/v6r.??????; do
        [[ -r $d/podman-tree && $(<"$d/podman-tree") == "$1" ]] || continue
        [[ -n $(_engine_pid "$d" podman.pid) || -n $(_engine_pid "$d" podman-ns.pid) ]] && return 0
    done
    return 1
}

engine_podman_trixie_fetch() {
    [[ -n ${ENGINE_PODMAN_TREE:-} ]] && _engine_podman_tree_usable "$ENGINE_PODMAN_TREE" && return 0
    _engine_cache_locked "Podman 5.4" "$ENGINE_PODMAN_TRIXIE_CACHE" _engine_podman_fetch_locked
}

# The cache: CACHE/current names the tree in use ("tree NAME", "podman VERSION"); trees are
# CACHE/tree-*; a build goes to CACHE/.build.PID and is renamed once it is usable. A usable tree is
# reused as it is (trixie is a stable release); a missing or broken one is built anew.
_engine_podman_fetch_locked() {
    local cache=$1 t0=$EPOCHREALTIME tree='' version cause='' mirror tmp name
    if [[ -r $cache/current ]]; then
        tree=$(awk '$1 == "tree" {print $2}' "$cache/current")
        if [[ -n $tree ]] && _engine_podman_tree_usable "$cache/$tree"; then
            version=$(_engine_podman_tree_version "$cache/$tree")
            # shellcheck disable=SC2053
            if [[ $version == $ENGINE_PODMAN54_GLOB ]]; then
                ENGINE_PODMAN_TREE=$cache/$tree
                ENGINE_PODMAN_TREE_VERSION=$version
                _engine_podman_prune "$cache" "$tree"
                _engine_log "Podman 5.4 from $ENGINE_PODMAN_TRIXIE_SUITE: podman $version, cached in $cache/$tree"
                return 0
            fi
            _engine_log "Podman 5.4: the cached tree $cache/$tree has podman ${version:-?}, not $ENGINE_PODMAN54_GLOB: building a new one"
        elif [[ -n $tree ]]; then
            _engine_log "Podman 5.4: the cached tree $cache/$tree is missing or broken: building a new one"
        fi
    fi
    if ! command -v debootstrap >/dev/null 2>&1; then
        cause="debootstrap is not installed (engine_install_deps podman-5.4 installs it)"
    elif ! mirror=$(_engine_sid_mirror); then
        cause="no Debian main archive found in /etc/apt/sources.list or /etc/apt/sources.list.d/"
    elif [[ ! -r $ENGINE_SID_KEYRING ]]; then
        cause="$ENGINE_SID_KEYRING is missing (package debian-archive-keyring)"
    else
        tmp=$cache/.build.$$
        _engine_podman_remove_tree "$tmp"
        _engine_log "Podman 5.4: debootstrap $ENGINE_PODMAN_TRIXIE_SUITE (minbase + $ENGINE_PODMAN_TRIXIE_PACKAGES) from $mirror into $cache"
        # In a mount namespace of its own: the /proc and /sys that debootstrap mounts in the tree
        # while it configures packages are never seen on the host, and go with it even if it is
        # killed. No package starts a service: there is no init in the tree (invoke-rc.d and
        # deb-systemd-invoke find none), and podman.socket and friends are only enabled as
        # symlinks.
        if ! timeout 1800 unshare --mount --propagation private -- \
            debootstrap --variant=minbase --include="$ENGINE_PODMAN_TRIXIE_PACKAGES" \
            --keyring="$ENGINE_SID_KEYRING" "$ENGINE_PODMAN_TRIXIE_SUITE" "$tmp" "$mirror" \
            </dev/null >"$cache/debootstrap.log" 2>&1; then
            cause="debootstrap $ENGINE_PODMAN_TRIXIE_SUITE from $mirror failed ($(grep -E '^(E|W):' "$cache/debootstrap.log" | tail -n 1 | cut -c1-200); log: $cache/debootstrap.log)"
        else
            if ! _engine_podman_tree_usable "$tmp"; then
                cause="the debootstrapped tree lacks what the engine runs (one of: ${ENGINE_PODMAN_TREE_NEEDS[*]})"
            else
                version=$(_engine_podman_tree_version "$tmp")
                # shellcheck disable=SC2053
                if [[ $version != $ENGINE_PODMAN54_GLOB ]]; then
                    cause="$ENGINE_PODMAN_TRIXIE_SUITE now has podman ${version:-?}, not $ENGINE_PODMAN54_GLOB"
                else
                    name=tree-$(date -u +%Y%m%dT%H%M%SZ)
                    mv "$tmp" "$cache/$name"
                    printf 'tree %s\npodman %s\n' "$name" "$version" >"$cache/current.tmp"
                    mv "$cache/current.tmp" "$cache/current"
                    ENGINE_PODMAN_TREE=$cache/$name
                    # shellcheck disable=SC2034 # (read by engine.sh)
                    ENGINE_PODMAN_TREE_VERSION=$version
                    _engine_podman_prune "$cache" "$name"
                    _engine_log "Podman 5.4 from $ENGINE_PODMAN_TRIXIE_SUITE: podman $version, built into $cache/$name in $(_engine_secs "$t0") s"
                    return 0
                fi
            fi
        fi
        _engine_podman_remove_tree "$tmp"
    fi
    _engine_err "Podman 5.4 not available: $cause; and no usable tree in $cache"
    return 1
}

# _engine_podman_remove_tree TREE: delete TREE, never crossing into anything mounted in it (there
# should be nothing: every mount into a tree is made in a private mount namespace; any that shows
# on the host is unmounted first, deepest first).
_engine_podman_remove_tree() {
    local t=$1 m
    [[ -n $t && -e $t ]] || return 0
    for m in $(findmnt -rn -o TARGET 2>/dev/null | awk -v d="$t" '$0 == d || index($0, d "/") == 1' | sort -r); do
        umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || { _engine_log "could not unmount $m: keeping $t"; return 1; }
    done
    rm -rf --one-file-system "$t" 2>/dev/null || _engine_log "could not remove all of $t"
}

# _engine_podman_prune CACHE TREE: remove the trees other than TREE (and build leftovers of runs that
# are gone) that no live engine uses. Called with the lock held.
_engine_podman_prune() {
    local cache=$1 tree=$2 old pid
    for old in "$cache"/tree-* "$cache"/.build.*; do
        [[ -d $old && $old != "$cache/$tree" ]] || continue
        if [[ $old == */.build.* ]]; then
            pid=${old##*.}
            [[ $pid =~ ^[0-9]+$ ]] && ! _engine_gone "$pid" && continue
        fi
        _engine_podman_tree_in_use "$old" || _engine_podman_remove_tree "$old"
    done
}

# _engine_podman_limits: "NOFILE NPROC", the limits the engine runs with and gives its containers:
# the current hard limits, capped at what Podman itself would set (1048576 open files; processes:
# Podman lowers its own limit to 32768 when it cannot have 1048576).
_engine_podman_limits() {
    local nf np
    nf=$(ulimit -Hn)
    np=$(ulimit -Hu)
    [[ $nf == unlimited ]] || ((nf > 1048576)) && nf=1048576
    [[ $np == unlimited ]] || ((np > 32768)) && np=32768
    printf '%s %s\n' "$nf" "$np"
}

# _engine_podman_write_config DIR DRIVER NOFILE NPROC: containers.conf, storage.conf and
# registries.conf for the engine in DIR (the same paths inside the 5.4 tree: DIR is bound there).
_engine_podman_write_config() {
    local dir=$1 driver=$2 nf=$3 np=$4
    mkdir -p "$dir/storage" "$dir/run" "$dir/networks" "$dir/tmp" "$dir/libpod" "$dir/varfs"
    cat >"$dir/containers.conf" <<EOF
# ipv6-reconcile test engine ($ENGINE_KIND_NAME): scripts/lib/engine_podman.sh
[containers]
default_ulimits = ["nofile=$nf:$nf", "nproc=$np:$np"]

[network]
network_backend = "netavark"
network_config_dir = "$dir/networks"
default_subnet = "$ENGINE_BIP_SUBNET"
default_subnet_pools = [{"base" = "$ENGINE_POOL", "size" = 24}]

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "runc"
tmp_dir = "$dir/libpod"
image_copy_tmp_dir = "$dir/tmp"
EOF
    cat >"$dir/storage.conf" <<EOF
[storage]
driver = "$driver"
graphroot = "$dir/storage"
runroot = "$dir/run/storage"
EOF
    cat >"$dir/registries.conf" <<EOF
# Nothing is ever pulled: no search registries, and docker.io (the compat API's default) blocked.
unqualified-search-registries = []
short-name-mode = "permissive"

[[registry]]
location = "docker.io"
blocked = true
EOF
}

# _engine_podman_ping DIR: true once the API answers OK on /_ping.
_engine_podman_ping() {
    [[ $(curl -fsS --max-time 2 --unix-socket "$1/podman.sock" http://d/_ping 2>/dev/null) == OK ]]
}

# _engine_podman_launch DIR: start `podman system service` for ENGINE_KIND in DIR, in new network
# and mount namespaces, and wait for its API. The launcher (bash, in those namespaces) records its
# pid in DIR/podman.pid before it execs podman, and starts the namespace holder (DIR/podman-ns.pid,
# a sleep whose argv[0] names DIR). Sets ENGINE_PODMAN_PID and ENGINE_PODMAN_VERSION.
_engine_podman_launch() {
    local dir=$1 driver tree='' nf np sock=$1/podman.sock
    if ((${#sock} > 107)); then
        _engine_err "temp dir path too long for the API socket: $sock"
        return 1
    fi
    read -r nf np < <(_engine_podman_limits)
    case $ENGINE_KIND in
        podman-4.3) driver=overlay ;;
        podman-5.4)
            driver=vfs
            tree=$ENGINE_PODMAN_TREE
            printf '%s\n' "$tree" >"$dir/podman-tree"
            ;;
    esac
    _engine_podman_write_config "$dir" "$driver" "$nf" "$np"

    # Runs in the new namespaces: $1 pidfile, $2 DIR, $3 tree ('' for 4.3), $4 nofile, $5 nproc.
    # Loopback up; refuse unless the namespace is a fresh one (nothing routes our range, no podman0);
    # the holder; the private mounts; for 5.4 the tree becomes the root (pivot_root, so that a
    # process that joins a container's mount namespace, as `docker exec` does, sees the container's
    # root and not the host's, which it would under chroot); then exec podman.
    local launcher
    launcher="$(declare -f _engine_overlapping_routes)
        ENGINE_RANGE=$ENGINE_RANGE
        echo \$\$ >\"\$1\"
        d=\$2 t=\$3
        cd / && ulimit -n \"\$4\" && ulimit -u \"\$5\" || exit 97
        ip link set lo up || exit 97
        o=\$(_engine_overlapping_routes)
        if [ -n \"\$o\" ]; then echo \"refusing to start: $ENGINE_RANGE is already routed in the engine's network namespace: \$o\" >&2; exit 97; fi
        if ip link show podman0 >/dev/null 2>&1; then echo 'refusing to start: a podman0 already exists in the new network namespace' >&2; exit 97; fi
        setsid -f bash -c 'echo \$\$ >\"\$1/podman-ns.pid\"; exec -a \"v6r-podman-ns:\$1/\" sleep infinity' _ \"\$d\" </dev/null >/dev/null 2>&1 || exit 97
        export CONTAINERS_CONF=\$d/containers.conf CONTAINERS_STORAGE_CONF=\$d/storage.conf CONTAINERS_REGISTRIES_CONF=\$d/registries.conf
        export TMPDIR=\$d/tmp PODMAN_IGNORE_CGROUPSV1_WARNING=1 PATH=/usr/sbin:/usr/bin:/sbin:/bin
        unset XDG_RUNTIME_DIR XDG_CONFIG_HOME XDG_DATA_HOME DOCKER_HOST CONTAINER_HOST CONTAINER_CONNECTION
        mount -t tmpfs -o mode=0755 tmpfs \"\$d/varfs\" && mkdir \"\$d/varfs/upper\" \"\$d/varfs/work\" || exit 97
        if [ -z \"\$t\" ]; then
            mount --bind \"\$d/run\" /run && mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm &&
                mount -t overlay overlay -o \"lowerdir=/var,upperdir=\$d/varfs/upper,workdir=\$d/varfs/work\" /var || exit 97
            exec $ENGINE_PODMAN43_BIN system service --time=0 \"unix://\$d/podman.sock\"
        fi
        mount --bind \"\$t\" \"\$t\" && mount -o remount,bind,ro \"\$t\" &&
            mount --rbind /proc \"\$t/proc\" && mount --rbind /sys \"\$t/sys\" && mount --rbind /dev \"\$t/dev\" &&
            mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs \"\$t/dev/shm\" &&
            mount -t tmpfs -o mode=1777 tmpfs \"\$t/tmp\" &&
            mkdir -p \"\$t\$d\" \"\$t/tmp/.v6r-oldroot\" && mount --bind \"\$d\" \"\$t\$d\" &&
            mount --bind \"\$d/run\" \"\$t/run\" &&
            mount -t overlay overlay -o \"lowerdir=\$t/var,upperdir=\$d/varfs/upper,workdir=\$d/varfs/work\" \"\$t/var\" &&
            cd \"\$t\" && pivot_root . tmp/.v6r-oldroot && cd / &&
            umount -l /tmp/.v6r-oldroot && rmdir /tmp/.v6r-oldroot || exit 97
        exec /usr/bin/podman system service --time=0 \"unix://\$d/podman.sock\""
    # setsid: a Ctrl-C on the terminal reaches the script (whose trap stops the engine in order),
    # not the engine.
    setsid -w unshare --net --mount --propagation private -- bash -c "$launcher" _ "$dir/podman.pid" "$dir" "$tree" "$nf" "$np" \
        </dev/null >"$dir/podman.log" 2>&1 &
    if ! _engine_wait_for podman 30 _engine_podman_ping "$dir"; then
        _engine_err "podman did not answer /_ping within 30 s; the tail of $dir/podman.log:"
        tail -n 40 "$dir/podman.log" >&2
        return 1
    fi
    ENGINE_PODMAN_PID=$(_engine_pid "$dir" podman.pid)
    if [[ -z $ENGINE_PODMAN_PID || -z $(_engine_pid "$dir" podman-ns.pid) ]]; then
        _engine_err "podman answers but its launcher or namespace holder is gone"
        return 1
    fi
    local host_ns
    host_ns=$(readlink /proc/$$/ns/net)
    if [[ $(readlink "/proc/$ENGINE_PODMAN_PID/ns/net") == "$host_ns" || $(readlink "/proc/$ENGINE_PODMAN_PID/ns/mnt") == "$(readlink /proc/$$/ns/mnt)" ]]; then
        _engine_err "podman is not in network and mount namespaces of its own"
        return 1
    fi
    ENGINE_PODMAN_VERSION=$(engine_docker version --format '{{.Server.Version}}' 2>/dev/null)
    local glob=$ENGINE_PODMAN43_GLOB
    [[ $ENGINE_KIND == podman-5.4 ]] && glob=$ENGINE_PODMAN54_GLOB
    # shellcheck disable=SC2053
    if [[ $ENGINE_PODMAN_VERSION != $glob ]]; then
        _engine_err "the engine is podman '${ENGINE_PODMAN_VERSION:-?}', expected $glob"
        return 1
    fi
    # The default network (podman, "bridge" to the docker CLI) is exactly ours.
    local ipam
    ipam=$(engine_docker network inspect bridge --format '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}' 2>&1)
    if [[ $ipam != "$ENGINE_BIP_SUBNET ${ENGINE_BIP%/*}" ]]; then
        _engine_err "default network is '$ipam', expected '$ENGINE_BIP_SUBNET ${ENGINE_BIP%/*}'"
        return 1
    fi
}

# _engine_podman_describe DIR: one line of what the engine is made of: the server and API versions
# it reports, its storage driver, and the Debian packages it runs (the host's for 4.3, the tree's
# for 5.4).
_engine_podman_describe() {
    local dir=$1 api driver pkgs
    local -a query=(dpkg-query)
    [[ $ENGINE_KIND == podman-5.4 ]] && query=(chroot "$ENGINE_PODMAN_TREE" /usr/bin/dpkg-query)
    api=$(curl -fsS --max-time 5 --unix-socket "$dir/podman.sock" http://d/version 2>/dev/null | sed -n 's/.*"ApiVersion":"\([^"]*\)".*/\1/p')
    driver=$(engine_docker info --format '{{.Driver}}' 2>/dev/null)
    # shellcheck disable=SC2016
    pkgs=$("${query[@]}" -W -f '${Package} ${Version}, ' podman netavark aardvark-dns conmon runc 2>/dev/null)
    printf 'podman %s (API %s, storage %s; %s)' "$ENGINE_PODMAN_VERSION" "${api:-?}" "${driver:-?}" "${pkgs%, }"
}

# _engine_podman_ns_members NS...: pids of the processes in any of these namespaces (each a
# readlink of /proc/PID/ns/net or /ns/mnt), except ours and the engine's own.
_engine_podman_ns_members() {
    local p pid n m ns
    local -A want=()
    for ns in "$@"; do [[ -n $ns ]] && want[$ns]=1; done
    ((${#want[@]})) || return 0
    for p in /proc/[0-9]*; do
        pid=${p#/proc/}
        [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
        n=$(readlink "$p/ns/net" 2>/dev/null) || continue
        m=$(readlink "$p/ns/mnt" 2>/dev/null)
        [[ -n ${want[$n]:-} || -n ${want[$m]:-} ]] && printf '%s\n' "$pid"
    done
}

# _engine_podman_teardown DIR: stop and remove everything a private Podman engine in DIR left.
_engine_podman_teardown() {
    local dir=$1 ppid npid hpid host='' net_ns='' mnt_ns='' up_ns='' pid p ids
    [[ -n $dir && -d $dir && $dir == /tmp/v6r.* ]] || return 0
    host=unix://$dir/podman.sock
    ppid=$(_engine_pid "$dir" podman.pid)
    npid=$(_engine_pid "$dir" podman-ns.pid)
    hpid=$(_engine_pid "$dir" upstream.pid)
    # The namespaces' identities, read while a verified owner is alive (the engine, or the holder
    # when the engine is gone): never a recorded inode number, which may have been reused.
    for pid in $ppid $npid; do
        [[ -n $net_ns ]] || net_ns=$(readlink "/proc/$pid/ns/net" 2>/dev/null)
        [[ -n $mnt_ns ]] || mnt_ns=$(readlink "/proc/$pid/ns/mnt" 2>/dev/null)
    done
    [[ -n $hpid ]] && up_ns=$(readlink "/proc/$hpid/ns/net" 2>/dev/null)
    [[ $net_ns == "$(readlink /proc/1/ns/net)" ]] && net_ns=''
    [[ $mnt_ns == "$(readlink /proc/1/ns/mnt)" ]] && mnt_ns=''
    [[ $up_ns == "$(readlink /proc/1/ns/net)" ]] && up_ns=''
    if [[ -n $ppid ]]; then
        # Containers first, through the API, so that Podman releases its networks and mounts itself:
        # killed, then removed (Podman 5's forced remove stops a container with its stop timeout,
        # 10 s for a busybox sleep that ignores SIGTERM, where Docker's kills it at once).
        ids=$(env -u DOCKER_HOST -u DOCKER_CONTEXT timeout 20 "$ENGINE_DOCKER_CLI" -H "$host" ps -aq 2>/dev/null) || true
        if [[ -n $ids ]]; then
            # shellcheck disable=SC2086
            env -u DOCKER_HOST -u DOCKER_CONTEXT timeout 30 "$ENGINE_DOCKER_CLI" -H "$host" kill $ids >/dev/null 2>&1 || true
            # shellcheck disable=SC2086
            env -u DOCKER_HOST -u DOCKER_CONTEXT timeout 60 "$ENGINE_DOCKER_CLI" -H "$host" rm -f $ids >/dev/null 2>&1 || true
        fi
        env -u DOCKER_HOST -u DOCKER_CONTEXT timeout 20 "$ENGINE_DOCKER_CLI" -H "$host" network prune -f >/dev/null 2>&1 || true
    fi
    # Whatever else runs in our namespaces (conmon, exec sessions' conmon, aardvark-dns, a test's
    # nsenter'd nc) or names DIR (conmon and its `podman container cleanup`, whichever namespace),
    # then the engine; twice, since the engine may start a cleanup while it stops.
    local round
    local -a pids
    for round in 1 2; do
        pids=()
        for pid in $(_engine_podman_ns_members "$net_ns" "$mnt_ns" "$up_ns"); do
            [[ $pid == "$ppid" || $pid == "$npid" || $pid == "$hpid" ]] || pids+=("$pid")
        done
        for p in /proc/[0-9]*; do
            pid=${p#/proc/}
            [[ $pid == "$ppid" || $pid == "$npid" || $pid == "$hpid" || $pid == "$$" || $pid == "$BASHPID" ]] && continue
            _engine_proc_mentions "$pid" "$dir/" && pids+=("$pid")
        done
        _engine_stop_pids 5 "${pids[@]}"
        if ((round == 1)) && [[ -n $ppid ]]; then
            _engine_stop_pids 20 "$ppid"
        fi
    done

    # Containers that outlived the engine and their conmon (both were killed): runc's state is in
    # DIR/run/runc (the engine's /run). Debian 12's runc reads the state of 4.3's runc (the same
    # binary) and of trixie's 1.1.15; should it not, the init pid in state.json, checked against
    # its recorded start time, is killed directly.
    local st spid sstart
    if [[ -d $dir/run/runc ]]; then
        for id in $("$ENGINE_RUNC" --root "$dir/run/runc" list -q 2>/dev/null); do
            "$ENGINE_RUNC" --root "$dir/run/runc" kill "$id" KILL >/dev/null 2>&1 || true
            "$ENGINE_RUNC" --root "$dir/run/runc" delete --force "$id" >/dev/null 2>&1 || true
        done
        for st in "$dir"/run/runc/*/state.json; do
            [[ -r $st ]] || continue
            spid=$(sed -n 's/.*"init_process_pid":\([0-9]*\).*/\1/p' "$st")
            sstart=$(sed -n 's/.*"init_process_start":\([0-9]*\).*/\1/p' "$st")
            if [[ -n $spid && -n $sstart && $(_engine_starttime "$spid") == "$sstart" ]]; then
                kill -KILL "$spid" 2>/dev/null || true
            fi
        done
    fi

    # The holders last: with them go the namespaces (and every mount the engine made), the veth pair.
    [[ -n $npid ]] && _engine_stop_pids 5 "$npid"
    [[ -n $hpid ]] && _engine_stop_pids 5 "$hpid"

    # Nothing is mounted under DIR on the host (all the engine's mounts are in its namespace); should
    # something be, it is unmounted, deepest first, and never crossed.
    _engine_remove_dir "$dir"
}
