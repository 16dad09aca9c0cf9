# shellcheck shell=bash
# scripts/lib/engine_sid.sh: a dockerd and containerd from another Debian suite, unpacked into a
# cache directory for the private test engine: Docker 28.5 and containerd 2.x from UNSTABLE (sid),
# Docker 26.1 and containerd 1.7 from Debian 13 (trixie). Sourced by engine.sh, not run.
#
#   engine_debs_fetch KIND   KIND 28.5 or 26.1: make sure its cache (ENGINE_SID_CACHE,
#                      ENGINE_TRIXIE_DOCKER_CACHE) holds a usable unpacked tree; sets ENGINE_DEBS_ROOT
#                      (the tree: usr/sbin/dockerd, usr/bin/containerd, usr/bin/containerd-shim-runc-v2)
#                      and ENGINE_DEBS_VERSIONS ("docker.io V, containerd V"). Returns 1 with one
#                      error line naming the cause when there is neither a fetch nor a usable cache.
#
# How, and why:
# - Nothing is installed and the system's apt state is not used or changed: apt-get update and
#   apt-get download run with a PRIVATE state dir, cache dir and sources list under the cache
#   (Dir::State::status=/dev/null: no installed packages are seen, no dependency is resolved), and
#   each .deb is unpacked with dpkg -x. Debian 12's own packages stay as they are.
# - The sources list names the suite (`sid`, `trixie`) of the Debian mirror the machine's own apt
#   sources already use (never a host name of ours), signed by Debian's archive keyring.
# - Only docker.io and containerd are fetched. Unstable's runc needs glibc 2.38, which Debian 12 does
#   not have: the engine uses Debian 12's /usr/sbin/runc (found through PATH by the shim).
# - The cache is reused: every call reads the (small, usually diffed) index and only downloads when
#   it names a newer version than the one unpacked. When the index cannot be read or no longer has
#   the version the kind stands for, a usable cache is used with one log line saying so; without
#   one, a clear failure.
# - One run at a time touches the cache (flock); trees still in use by a running engine are kept.

: "${ENGINE_SID_CACHE:=/var/cache/ipv6-reconcile-test/docker-sid}"
: "${ENGINE_TRIXIE_DOCKER_CACHE:=/var/cache/ipv6-reconcile-test/docker-trixie}"
ENGINE_SID_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# _engine_debs_kind KIND: what KIND stands for: its name in messages, suite, version globs (the
# tests call the engine docker-KIND) and cache. Returns 1 for an unknown KIND.
_engine_debs_kind() {
    case $1 in
        28.5) _DEBS_LABEL="Docker 28.5" _DEBS_SUITE=sid _DEBS_DOCKER_GLOB='28.5.*' _DEBS_CONTAINERD_GLOB='2.*' _DEBS_CACHE=$ENGINE_SID_CACHE ;;
        26.1) _DEBS_LABEL="Docker 26.1" _DEBS_SUITE=trixie _DEBS_DOCKER_GLOB='26.1.*' _DEBS_CONTAINERD_GLOB='1.7.*' _DEBS_CACHE=$ENGINE_TRIXIE_DOCKER_CACHE ;;
        *) return 1 ;;
    esac
}

# _engine_sid_mirror: print the URI of the machine's Debian main archive (not the security one),
# from deb822 /etc/apt/sources.list.d/*.sources stanzas, then one-line /etc/apt/sources.list (and
# .list files). A source counts when it is a `deb` one, has the main component, no -security suite,
# no "security" in its URI, and (if it names a keyring) uses Debian's archive keyring.
_engine_sid_mirror() {
    local f uri
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -r $f ]] || continue
        uri=$(awk '
            function flush() {
                if (types ~ /(^| )deb( |$)/ && comps ~ /(^| )main( |$)/ && suites !~ /-security/ &&
                    uris !~ /security/ && tolower(enabled) != "no" &&
                    (signed == "" || signed ~ /debian-archive-keyring/) && uris != "" && found == "") {
                    split(uris, u, " "); found = u[1]
                }
                types = uris = suites = comps = enabled = signed = ""; last = ""
            }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { flush(); next }
            /^[ \t]/ { if (last == "uris") uris = uris " " $0; next }
            {
                key = tolower($0); sub(/:.*/, "", key)
                val = $0; sub(/^[^:]*:[ \t]*/, "", val); gsub(/[ \t]+/, " ", val)
                last = key
                if (key == "types") types = val
                else if (key == "uris") uris = val
                else if (key == "suites") suites = val
                else if (key == "components") comps = val
                else if (key == "enabled") enabled = val
                else if (key == "signed-by") signed = val
            }
            END { flush(); if (found != "") print found }' "$f")
        uri=${uri## }
        [[ -n $uri ]] && { printf '%s\n' "$uri"; return 0; }
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -r $f ]] || continue
        uri=$(awk '
            $1 != "deb" { next }
            {
                i = 2; opts = ""
                if ($i ~ /^\[/) { while (i <= NF) { opts = opts " " $i; if ($i ~ /\]$/) { i++; break }; i++ } }
                uri = $i; suite = $(i + 1); main = 0
                for (j = i + 2; j <= NF; j++) if ($j == "main") main = 1
                if (!main || suite ~ /-security/ || uri ~ /security/) next
                if (opts ~ /signed-by=/ && opts !~ /debian-archive-keyring/) next
                print uri; exit
            }' "$f")
        [[ -n $uri ]] && { printf '%s\n' "$uri"; return 0; }
    done
    return 1
}

# _engine_sid_usable TREE: the unpacked tree has what the engine runs, and dockerd runs on this libc.
_engine_sid_usable() {
    local t=$1
    [[ -n $t && -x $t/usr/sbin/dockerd && -x $t/usr/bin/containerd && -x $t/usr/bin/containerd-shim-runc-v2 ]] || return 1
    "$t/usr/sbin/dockerd" --version >/dev/null 2>&1 && "$t/usr/bin/containerd" --version >/dev/null 2>&1
}

# _engine_sid_in_use TREE: some process runs a binary from TREE (an engine of a concurrent run).
_engine_sid_in_use() {
    local e x
    for e in /proc/[0-9]*/exe; do
        x=$(readlink "$e" 2>/dev/null) || continue
        [[ $x == "$1/"* ]] && return 0
    done
    return 1
}

# The tree each kind was fetched into in this shell: scripts/test prepares every engine first and
# engine_start prepares its own again, which must not check the index a second time.
declare -gA _ENGINE_DEBS_FETCHED=()
engine_debs_fetch() {
    _engine_debs_kind "$1" || { _engine_err "no Debian suite known for Docker '$1'"; return 1; }
    local done=${_ENGINE_DEBS_FETCHED[$1]:-}
    if [[ -n $done ]] && _engine_sid_usable "${done%%|*}"; then
        ENGINE_DEBS_ROOT=${done%%|*} ENGINE_DEBS_VERSIONS=${done#*|}
        return 0
    fi
    _engine_cache_locked "$_DEBS_LABEL" "$_DEBS_CACHE" _engine_sid_fetch_locked || return 1
    _ENGINE_DEBS_FETCHED[$1]="$ENGINE_DEBS_ROOT|$ENGINE_DEBS_VERSIONS"
}

_engine_sid_fetch_locked() {
    local cache=$1 apt=$1/apt t0=$EPOCHREALTIME
    local have_d='' have_c='' have_tree='' usable=0 cause='' mirror new_d new_c
    if [[ -r $cache/versions ]]; then
        have_d=$(awk '$1 == "docker.io" {print $2}' "$cache/versions")
        have_c=$(awk '$1 == "containerd" {print $2}' "$cache/versions")
        have_tree=$(awk '$1 == "tree" {print $2}' "$cache/versions")
        [[ -n $have_d && -n $have_c && -n $have_tree ]] && _engine_sid_usable "$cache/$have_tree" && usable=1
    fi

    local -a opts=(
        -o "Dir::State=$apt/state" -o Dir::State::status=/dev/null
        -o "Dir::Cache=$apt/cache"
        -o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
        -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
        -o "APT::Architectures=$(dpkg --print-architecture)"
        -o Acquire::Languages=none
        -o Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false
        -o Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false
        -o Acquire::Retries=2 -o Acquire::http::Timeout=30 -o Acquire::https::Timeout=30
    )
    if ! mirror=$(_engine_sid_mirror); then
        cause="no Debian main archive found in /etc/apt/sources.list or /etc/apt/sources.list.d/"
    elif [[ ! -r $ENGINE_SID_KEYRING ]]; then
        cause="$ENGINE_SID_KEYRING is missing (package debian-archive-keyring)"
    else
        mkdir -p "$apt/state/lists/partial" "$apt/cache/archives/partial"
        printf 'deb [signed-by=%s] %s %s main\n' "$ENGINE_SID_KEYRING" "$mirror" "$_DEBS_SUITE" >"$apt/sources.list"
        if ! timeout 600 apt-get "${opts[@]}" -q update </dev/null >"$apt/update.log" 2>&1; then
            cause="apt-get update of $mirror $_DEBS_SUITE failed ($(grep -E '^(E|W|Err):' "$apt/update.log" | tail -n 1 | cut -c1-200))"
        else
            read -r new_d new_c < <(apt-cache "${opts[@]}" policy docker.io containerd 2>/dev/null |
                awk '/^[^ ].*:$/ {p = $1} $1 == "Candidate:" {v[p] = $2} END {print (v["docker.io:"] ? v["docker.io:"] : "-"), (v["containerd:"] ? v["containerd:"] : "-")}')
            # shellcheck disable=SC2053
            if [[ ${new_d:--} == - || $new_d == "(none)" || ${new_c:--} == - || $new_c == "(none)" ]]; then
                cause="the $_DEBS_SUITE index from $mirror has no docker.io or containerd"
            elif [[ $new_d != $_DEBS_DOCKER_GLOB || $new_c != $_DEBS_CONTAINERD_GLOB ]]; then
                cause="$_DEBS_SUITE now has docker.io $new_d and containerd $new_c, not $_DEBS_DOCKER_GLOB and $_DEBS_CONTAINERD_GLOB"
            elif ((usable)) && ! dpkg --compare-versions "$new_d" gt "$have_d" && ! dpkg --compare-versions "$new_c" gt "$have_c"; then
                ENGINE_DEBS_ROOT=$cache/$have_tree
                ENGINE_DEBS_VERSIONS="docker.io $have_d, containerd $have_c"
                _engine_sid_prune "$cache" "$have_tree"
                _engine_log "$_DEBS_LABEL from $_DEBS_SUITE: $ENGINE_DEBS_VERSIONS, cached in $cache (index checked in $(_engine_secs "$t0") s)"
                return 0
            else
                _engine_sid_download "$cache" "$new_d" "$new_c" "${opts[@]}" && {
                    _engine_log "$_DEBS_LABEL from $_DEBS_SUITE: $ENGINE_DEBS_VERSIONS, fetched into $cache in $(_engine_secs "$t0") s"
                    return 0
                }
                cause=$_ENGINE_SID_CAUSE
            fi
        fi
    fi
    if ((usable)); then
        ENGINE_DEBS_ROOT=$cache/$have_tree
        ENGINE_DEBS_VERSIONS="docker.io $have_d, containerd $have_c"
        _engine_log "$_DEBS_LABEL: using the cached $ENGINE_DEBS_VERSIONS in $cache: $cause"
        return 0
    fi
    _engine_err "$_DEBS_LABEL not available: $cause; and no usable cache in $cache"
    return 1
}

# _engine_sid_download CACHE DOCKER_VERSION CONTAINERD_VERSION APT_OPTS...: download both .debs,
# unpack them into a new tree, record it in CACHE/versions, and drop older trees nobody runs.
# On failure sets _ENGINE_SID_CAUSE and leaves the previous cache as it was.
_engine_sid_download() {
    local cache=$1 d=$2 c=$3 dl=$1/download tree tmp deb
    shift 3
    tree=root-$(printf '%s_%s' "$d" "$c" | tr -c 'A-Za-z0-9.+~_-' '_')
    tmp=$cache/.unpack.$$
    # Already unpacked (only the record was lost): nothing to download, and a tree a running engine
    # may be using is never replaced.
    if _engine_sid_usable "$cache/$tree"; then
        _engine_sid_record "$cache" "$d" "$c" "$tree"
        return 0
    fi
    rm -rf "$dl" "$tmp"
    mkdir -p "$dl" "$tmp"
    # apt downloads as the unprivileged _apt user: give it the directory, so it needs no fallback to
    # root (and prints no warning about one).
    if id _apt >/dev/null 2>&1; then chown _apt "$dl"; fi
    if ! (cd "$dl" && timeout 900 apt-get "$@" -q download "docker.io=$d" "containerd=$c" </dev/null >"$cache/apt/download.log" 2>&1); then
        _ENGINE_SID_CAUSE="apt-get download docker.io=$d containerd=$c failed ($(grep -E '^(E|W|Err):' "$cache/apt/download.log" | tail -n 1 | cut -c1-200))"
        rm -rf "$dl" "$tmp"
        return 1
    fi
    for deb in "$dl"/docker.io_*.deb "$dl"/containerd_*.deb; do
        if [[ ! -f $deb ]] || ! dpkg -x "$deb" "$tmp"; then
            _ENGINE_SID_CAUSE="unpacking ${deb##*/} failed"
            rm -rf "$dl" "$tmp"
            return 1
        fi
    done
    rm -rf "$dl"
    if ! _engine_sid_usable "$tmp"; then
        _ENGINE_SID_CAUSE="the unpacked docker.io $d / containerd $c do not run here (dockerd --version failed)"
        rm -rf "$tmp"
        return 1
    fi
    rm -rf "${cache:?}/$tree"
    mv "$tmp" "$cache/$tree"
    _engine_sid_record "$cache" "$d" "$c" "$tree"
}

# _engine_sid_record CACHE DOCKER_VERSION CONTAINERD_VERSION TREE: make TREE the cache's current one
# (CACHE/versions, replaced atomically), and remove the other trees that no process runs.
_engine_sid_record() {
    local cache=$1 d=$2 c=$3 tree=$4 old
    printf 'docker.io %s\ncontainerd %s\ntree %s\n' "$d" "$c" "$tree" >"$cache/versions.tmp"
    mv "$cache/versions.tmp" "$cache/versions"
    _engine_sid_prune "$cache" "$tree"
    ENGINE_DEBS_ROOT=$cache/$tree
    ENGINE_DEBS_VERSIONS="docker.io $d, containerd $c"
}

# _engine_sid_prune CACHE TREE: remove the trees other than TREE (and unpack leftovers) that no
# process runs a binary from. Called with the lock held.
_engine_sid_prune() {
    local cache=$1 tree=$2 old
    for old in "$cache"/root-* "$cache"/.unpack.*; do
        [[ -d $old && $old != "$cache/$tree" ]] || continue
        _engine_sid_in_use "$old" || rm -rf "$old"
    done
}
