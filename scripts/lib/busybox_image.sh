# shellcheck shell=bash
# scripts/lib/busybox_image.sh: the busybox test image, made from Debian's busybox-static. Sourced,
# not run: by scripts/lib/engine.sh on the host, and by the VM test's guest script
# (scripts/lib/vm/host-test.sh; scripts/test-host copies this file into the VM beside it).
#
#   busybox_image_import ROOT IMAGE WWW_TEXT DOCKER...
#
# Imports IMAGE with `DOCKER... import`: one layer holding /bin/busybox (which must be the static
# one: the image has no libc) and a symlink per applet (sh, sleep, ip, cat, httpd, nc, wget, ...),
# /etc/passwd and /etc/group for root and nobody, and a default command that sleeps, so that
# `docker run -d IMAGE` keeps running. With a WWW_TEXT that is not empty it also holds
# /www/index.html with that text, so `docker run -d IMAGE httpd -f -p 80 -h /www` serves a test page.
# The tree is built in ROOT, which is removed before and after. Returns the status of the import
# (of the tar | import pipeline under pipefail).
busybox_image_import() {
    local root=$1 image=$2 www_text=$3 applet rc
    shift 3
    rm -rf "$root"
    mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/proc" "$root/sys" "$root/dev"
    if [[ -n $www_text ]]; then
        mkdir -p "$root/www"
        printf '%s\n' "$www_text" >"$root/www/index.html"
    fi
    cp /bin/busybox "$root/bin/busybox"
    for applet in $(/bin/busybox --list); do
        [[ $applet == busybox || -e $root/bin/$applet ]] || ln -s busybox "$root/bin/$applet"
    done
    printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
    tar -C "$root" --numeric-owner --owner=0 --group=0 -c . |
        "$@" import --change 'CMD ["/bin/sleep","1000000"]' - "$image" >/dev/null
    rc=$?
    rm -rf "$root"
    return "$rc"
}
