# shellcheck shell=bash
# scripts/lib/vm.sh: a Debian virtual machine for scripts/test-host (VM_SUITE bookworm, the default,
# or trixie). Sourced, not run.
#
#   vm_install_deps    install what is missing (qemu-system-x86, debootstrap, e2fsprogs, ...)
#   vm_base_tree       make sure the cache holds a debootstrapped VM_SUITE tree for VM_PACKAGES; sets
#                      VM_BASE_TREE. Returns 1 with one error line when there is none and no mirror.
#   vm_image TREE RUN  copy TREE to RUN/root, add the per-run files (vm_add_files, set by the
#                      caller), and make RUN/root.img (ext4) plus RUN/vmlinuz and RUN/initrd.img
#   vm_boot RUN        start qemu in the background on RUN/root.img; sets VM_QEMU_PID; the serial
#                      console goes to RUN/console.log
#   vm_stop            kill qemu (if it still runs); safe to call twice and from a trap
#
# How, and why:
# - The base tree is debootstrapped from the Debian mirror the machine's apt sources already name
#   (_engine_sid_mirror in engine_sid.sh), signed by Debian's archive keyring: no host name of ours.
# - It is cached under VM_CACHE, keyed by the suite, the package list and the version of the tweaks
#   below (VM_TREE_KEY): a changed list builds a new tree, the old one is pruned. One run at a time
#   builds or copies (flock on VM_CACHE/.lock, as engine.sh does for its caches).
# - Each run works on a COPY in its own temp dir, so nothing a test does inside the VM (installing
#   the .deb, the journal, Docker's data) reaches the cache, and two runs never share an image.
# - The VM has no network interface at all (-nic none); its only channel out is the serial console.
# - Software emulation (-accel tcg) by default: on this kind of machine -enable-kvm hangs the guest
#   kernel although /dev/kvm exists. VM_ACCEL=kvm uses KVM where it works.

: "${VM_ACCEL:=tcg}"
: "${VM_MEMORY:=3072}"
: "${VM_CPUS:=2}"
: "${VM_LOG_PREFIX:=vm}"
# The release (set it before vm_base_tree): bookworm (Debian 12: systemd 252, kernel 6.1, Docker
# 20.10) or trixie (Debian 13: systemd 257, kernel 6.12, Docker 26.1). Each has a cache of its own,
# VM_CACHE (default /var/cache/ipv6-reconcile-test/vm-SUITE).
: "${VM_SUITE:=bookworm}"
# What the test needs in the VM: an init system, a kernel, the release's Docker with what it needs at
# run time (apparmor: Debian's kernel has AppArmor on, and dockerd cannot start a container without
# apparmor_parser; docker.io only recommends it), the busybox the test image is made of, and the
# tools the guest script uses (jq for the engine's and the journal's JSON, iproute2 to debug).
VM_PACKAGES=systemd,systemd-sysv,linux-image-amd64,docker.io,apparmor,busybox-static,iproute2,jq
# trixie's tree also has the docker CLI (docker.io only recommends docker-cli there), Podman 5.4 (its Docker-compatible socket under systemd: docs/podman.md's
# drop-in), the packages scripts/lib/engine_podman.sh debootstraps for it, and the system bus (crun
# asks systemd for the container's cgroup over D-Bus: without it, "cannot open sd-bus").
VM_TRIXIE_EXTRA=docker-cli,dbus,podman,netavark,aardvark-dns,runc,nftables,iptables
# Raise when the tweaks in _vm_tweak_tree change, so that cached trees are rebuilt.
VM_TWEAKS_VERSION=1

# shellcheck source=scripts/lib/engine_sid.sh
source "$(dirname "${BASH_SOURCE[0]}")/engine_sid.sh"

_vm_log() { printf '%s: %s\n' "$VM_LOG_PREFIX" "$*" >&2; }
_vm_err() { printf '%s: error: %s\n' "$VM_LOG_PREFIX" "$*" >&2; }
_vm_secs() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# vm_install_deps: install the host tools the VM needs, only those that are missing.
vm_install_deps() {
    local missing=() pkgs=() cmd
    local -A need=(
        [qemu-system-x86_64]=qemu-system-x86 [debootstrap]=debootstrap [mkfs.ext4]=e2fsprogs
        [debugfs]=e2fsprogs [flock]=util-linux [unshare]=util-linux [timeout]=coreutils
        [dpkg-deb]=dpkg [/usr/share/keyrings/debian-archive-keyring.gpg]=debian-archive-keyring
        [mmdebstrap]=mmdebstrap [chroot]=coreutils
    )
    for cmd in "${!need[@]}"; do
        if [[ $cmd == /* ]]; then [[ -r $cmd ]] || missing+=("${need[$cmd]}")
        else command -v "$cmd" >/dev/null 2>&1 || missing+=("${need[$cmd]}"); fi
    done
    ((${#missing[@]} == 0)) && return 0
    mapfile -t pkgs < <(printf '%s\n' "${missing[@]}" | sort -u)
    if [[ $(id -u) != 0 ]]; then
        _vm_err "missing packages: ${pkgs[*]}; run as root (apt-get install ${pkgs[*]})"
        return 1
    fi
    _vm_log "installing ${pkgs[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get update -qq </dev/null; then
        _vm_err "apt-get update failed; install ${pkgs[*]} by hand"
        return 1
    fi
    if ! apt-get install -y -qq --no-install-recommends "${pkgs[@]}" </dev/null >/dev/null; then
        _vm_err "apt-get install ${pkgs[*]} failed"
        return 1
    fi
}

# VM_TREE_KEY: what the cached tree was made from; its name in the cache is tree-KEY.
_vm_tree_key() {
    printf '%s\n' "$VM_SUITE" "$VM_PACKAGES" "$VM_TWEAKS_VERSION" | sha256sum | cut -c1-16
}

# _vm_tree_usable TREE: the tree has a kernel, an initrd, systemd and dockerd.
_vm_tree_usable() {
    local t=$1
    [[ -d $t && -x $t/lib/systemd/systemd && -x $t/usr/sbin/dockerd && -x $t/bin/busybox ]] || return 1
    compgen -G "$t/boot/vmlinuz-*" >/dev/null && compgen -G "$t/boot/initrd.img-*" >/dev/null
}

# _vm_release: check VM_SUITE and set what follows from it (VM_CACHE unless given, and trixie's
# extra packages), once; set by the caller after sourcing, so not at source time.
_vm_release() {
    case $VM_SUITE in
        bookworm | trixie) ;;
        *) _vm_err "VM_SUITE=$VM_SUITE: expected bookworm or trixie"; return 1 ;;
    esac
    : "${VM_CACHE:=/var/cache/ipv6-reconcile-test/vm-$VM_SUITE}"
    [[ $VM_SUITE == trixie && $VM_PACKAGES != *",$VM_TRIXIE_EXTRA" ]] && VM_PACKAGES+=",$VM_TRIXIE_EXTRA"
    return 0
}

vm_base_tree() {
    local key
    _vm_release || return 1
    key=$(_vm_tree_key)
    VM_BASE_TREE=$VM_CACHE/tree-$key
    if ! mkdir -p "$VM_CACHE" 2>/dev/null; then
        _vm_err "cannot create the cache directory $VM_CACHE (run as root)"
        return 1
    fi
    # Held by the caller until the tree is copied (vm_image): a concurrent run with another package
    # list must not prune the tree in between. Closed by vm_unlock.
    exec {VM_LOCK_FD}>"$VM_CACHE/.lock"
    if ! flock -w 1800 "$VM_LOCK_FD"; then
        _vm_err "$VM_CACHE/.lock is held by another run for more than 30 minutes; retry later"
        vm_unlock
        return 1
    fi
    if _vm_tree_usable "$VM_BASE_TREE"; then
        _vm_log "base tree: $VM_BASE_TREE (cached)"
        return 0
    fi
    _vm_build_tree "$key" || { vm_unlock; return 1; }
}

# vm_lintian DEB: the release's own lintian on DEB, natively: a tree made once with mmdebstrap
# (apt variant + lintian: debootstrap cannot resolve lintian's virtual perl dependencies) in
# VM_CACHE/lintian, DEB copied in, `lintian --fail-on error,warning` under chroot. Prints
# "VERSION: TAGS" (or "VERSION: no tags"); returns lintian's status, 1 with an error line when
# there is no tree.
vm_lintian() {
    local deb=$1 tree out rc=0 fd
    _vm_release || return 1
    tree=$VM_CACHE/lintian
    mkdir -p "$VM_CACHE"
    exec {fd}>"$VM_CACHE/.lintian.lock"
    flock -w 600 "$fd" || { _vm_err "$VM_CACHE/.lintian.lock is held by another run"; exec {fd}>&-; return 1; }
    if [[ ! -x $tree/usr/bin/lintian ]]; then
        local mirror
        mirror=$(_engine_sid_mirror) || { _vm_err "no Debian main archive in the machine's apt sources"; exec {fd}>&-; return 1; }
        _vm_log "mmdebstrap $VM_SUITE (apt + lintian) into $tree (once; cached)"
        rm -rf --one-file-system "$tree"
        if ! mmdebstrap --quiet --variant=apt --include=lintian "$VM_SUITE" "$tree" "$mirror" >"$VM_CACHE/lintian-mmdebstrap.log" 2>&1; then
            _vm_err "mmdebstrap of $VM_SUITE's lintian failed; log: $VM_CACHE/lintian-mmdebstrap.log"
            rm -rf --one-file-system "$tree"
            exec {fd}>&-
            return 1
        fi
    fi
    cp "$deb" "$tree/tmp/"
    chmod 0644 "$tree/tmp/$(basename "$deb")"
    # As nobody: lintian warns when it runs as root.
    out=$(unshare --mount --propagation private -- env HOME=/tmp chroot --userspec=65534:65534 "$tree" \
        lintian --fail-on error,warning "/tmp/$(basename "$deb")" 2>&1) || rc=$?
    rm -f "$tree/tmp/$(basename "$deb")"
    printf '%s: %s\n' "$(chroot "$tree" dpkg-query -W -f '${Version}' lintian 2>/dev/null)" "$( [[ -n $out ]] && tr '\n' ';' <<<"$out" || echo 'no tags')"
    exec {fd}>&-
    return "$rc"
}

vm_unlock() {
    [[ -n ${VM_LOCK_FD:-} ]] || return 0
    exec {VM_LOCK_FD}>&-
    unset VM_LOCK_FD
}

_vm_build_tree() {
    local key=$1 mirror tmp t0=$EPOCHREALTIME old
    if ! mirror=$(_engine_sid_mirror); then
        _vm_err "no Debian main archive found in /etc/apt/sources.list or /etc/apt/sources.list.d/; add one (deb http://deb.debian.org/debian $VM_SUITE main)"
        return 1
    fi
    tmp=$VM_CACHE/.build.$$
    rm -rf --one-file-system "$tmp"
    _vm_log "debootstrap $VM_SUITE (minbase + $VM_PACKAGES) from $mirror into $VM_CACHE (once; cached)"
    # In a mount namespace of its own: the /proc and /sys debootstrap mounts in the tree while it
    # configures packages are never seen on the host, and go with it even if it is killed. No
    # package starts a service: there is no init running in the tree.
    if ! timeout 1800 unshare --mount --propagation private -- \
        debootstrap --variant=minbase --include="$VM_PACKAGES" --keyring="$ENGINE_SID_KEYRING" \
        "$VM_SUITE" "$tmp" "$mirror" </dev/null >"$VM_CACHE/debootstrap.log" 2>&1; then
        _vm_err "debootstrap $VM_SUITE from $mirror failed ($(grep -E '^(E|W):' "$VM_CACHE/debootstrap.log" | tail -n 1 | cut -c1-200)); log: $VM_CACHE/debootstrap.log"
        rm -rf --one-file-system "$tmp"
        return 1
    fi
    _vm_tweak_tree "$tmp"
    if ! _vm_tree_usable "$tmp"; then
        _vm_err "the debootstrapped tree lacks a kernel, initrd, systemd, dockerd or busybox; log: $VM_CACHE/debootstrap.log"
        rm -rf --one-file-system "$tmp"
        return 1
    fi
    rm -rf --one-file-system "$VM_BASE_TREE"
    mv "$tmp" "$VM_BASE_TREE"
    # Trees for other package lists are of no further use.
    for old in "$VM_CACHE"/tree-*; do
        [[ -d $old && $old != "$VM_BASE_TREE" ]] && rm -rf --one-file-system "$old"
    done
    _vm_log "base tree built in $(_vm_secs "$t0") s: $VM_BASE_TREE ($(du -sh "$VM_BASE_TREE" | cut -f1))"
}

# _vm_tweak_tree TREE: what makes the tree a quiet, self-contained test machine.
_vm_tweak_tree() {
    local t=$1 unit
    printf '/dev/vda / ext4 rw,errors=remount-ro 0 1\n' >"$t/etc/fstab"
    echo v6r-vm >"$t/etc/hostname"
    printf '127.0.0.1 localhost\n127.0.1.1 v6r-vm\n::1 localhost ip6-localhost ip6-loopback\n' >"$t/etc/hosts"
    # The console is the results channel: no login prompt on it. The timers that would go for the
    # network or scan the disk only add noise to the CPU figures; there is no network anyway.
    for unit in serial-getty@ttyS0.service getty@tty1.service apt-daily.timer apt-daily-upgrade.timer \
        e2scrub_all.timer e2scrub_reap.service fstrim.timer dpkg-db-backup.timer; do
        ln -sfn /dev/null "$t/etc/systemd/system/$unit"
    done
    # Downloaded packages are not needed in the image.
    rm -f "$t"/var/cache/apt/archives/*.deb "$t"/var/cache/apt/*.bin
    rm -rf "$t"/var/lib/apt/lists/*
    mkdir -p "$t/var/lib/apt/lists/partial"
}

# vm_image TREE RUN [SIZE]: RUN/root.img (ext4 of SIZE, default 6G, sparse) from a copy of TREE
# with the caller's per-run files (the function vm_add_files ROOT, when defined).
vm_image() {
    local tree=$1 run=$2 size=${3:-6G} t0=$EPOCHREALTIME kernel initrd
    if ! cp -a "$tree" "$run/root"; then
        _vm_err "copying $tree to $run/root failed (disk full?)"
        return 1
    fi
    vm_unlock
    if declare -F vm_add_files >/dev/null; then
        vm_add_files "$run/root" || return 1
    fi
    kernel=$(compgen -G "$run/root/boot/vmlinuz-*" | sort -V | tail -n 1)
    initrd=$(compgen -G "$run/root/boot/initrd.img-*" | sort -V | tail -n 1)
    if ! cp "$kernel" "$run/vmlinuz" || ! cp "$initrd" "$run/initrd.img"; then
        _vm_err "copying the kernel and initrd out of the image failed (disk full?)"
        return 1
    fi
    if ! mkfs.ext4 -q -F -L v6r-root -d "$run/root" "$run/root.img" "$size" >"$run/mkfs.log" 2>&1; then
        _vm_err "mkfs.ext4 -d $run/root failed: $(tail -n 1 "$run/mkfs.log")"
        return 1
    fi
    rm -rf --one-file-system "$run/root"
    _vm_log "image $run/root.img ($size, $(du -sh "$run/root.img" | cut -f1) used) made in $(_vm_secs "$t0") s; kernel $(basename "$kernel")"
}

# vm_boot RUN: qemu in the background. No NIC, no display, no monitor; the serial console to
# RUN/console.log. Without -no-reboot a guest reboot restarts the same kernel in the same process.
vm_boot() {
    local run=$1 accel
    case $VM_ACCEL in
        tcg) accel=tcg,thread=multi ;;
        kvm) accel=kvm ;;
        *) _vm_err "VM_ACCEL=$VM_ACCEL: expected tcg or kvm"; return 1 ;;
    esac
    : >"$run/console.log"
    qemu-system-x86_64 -name v6r-host-test -nodefaults -no-user-config \
        -accel "$accel" -cpu max -smp "$VM_CPUS" -m "$VM_MEMORY" \
        -kernel "$run/vmlinuz" -initrd "$run/initrd.img" \
        -append "root=/dev/vda rw rootfstype=ext4 console=ttyS0 quiet loglevel=3 systemd.show_status=false" \
        -drive "file=$run/root.img,format=raw,if=virtio,cache=unsafe" \
        -device virtio-rng-pci -nic none -display none -monitor none \
        -serial "file:$run/console.log" </dev/null >"$run/qemu.log" 2>&1 &
    VM_QEMU_PID=$!
    _vm_log "qemu started (pid $VM_QEMU_PID, -accel $accel, $VM_CPUS CPUs, $VM_MEMORY MiB, no NIC); console: $run/console.log"
}

vm_stop() {
    local pid=${VM_QEMU_PID:-}
    [[ -n $pid ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
    unset VM_QEMU_PID
    return 0
}
