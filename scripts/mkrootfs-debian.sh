#!/bin/sh
# Makes a Debian bookworm rootfs (debootstrap --variant=minbase) in DIR, from the Debian
# mirror this machine's apt uses. The first run (a few minutes) caches it as a tarball under
# ${JRUNC_CACHE:-$HOME/.cache/jrunc}; later runs unpack the cache (seconds), and do nothing
# at all when DIR already holds that same tarball's tree.
# Usage: scripts/mkrootfs-debian.sh DIR        env: JRUNC_CACHE, DEBIAN_MIRROR, DEBIAN_SUITE
set -eu
dir=${1:?usage: mkrootfs-debian.sh DIR}
suite=${DEBIAN_SUITE:-bookworm}
cache=${JRUNC_CACHE:-$HOME/.cache/jrunc}
tarball=$cache/debian-$suite-minbase-$(dpkg --print-architecture).tar.gz

# the first deb.debian.org-style "debian" URI apt is configured with (one-line or deb822 format)
find_mirror() {
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] || continue
        case $f in
        *.sources) sed -n 's/^URIs:[[:space:]]*//p' "$f" | tr ' ' '\n' ;;
        *) sed -n 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]*\).*/\2/p' "$f" ;;
        esac
    done | grep -E '^https?://' | grep -E '/debian/?$' | head -n1
}

if [ ! -s "$tarball" ]; then
    mirror=${DEBIAN_MIRROR:-$(find_mirror)}
    mirror=${mirror:-http://deb.debian.org/debian}
    command -v debootstrap >/dev/null 2>&1 || { echo "mkrootfs-debian: debootstrap is missing (make deps)" >&2; exit 1; }
    [ "$(id -u)" -eq 0 ] || { echo "mkrootfs-debian: debootstrap needs root" >&2; exit 1; }
    mkdir -p "$cache"
    work=$(mktemp -d "$cache/debootstrap.XXXXXX")
    trap 'rm -rf "$work"' EXIT INT TERM
    echo "mkrootfs-debian: debootstrap --variant=minbase $suite from $mirror (cached afterwards as $tarball)"
    if ! debootstrap --variant=minbase "$suite" "$work/rootfs" "$mirror" >"$work/log" 2>&1; then
        tail -n 30 "$work/log" >&2
        echo "mkrootfs-debian: debootstrap failed" >&2
        exit 1
    fi
    # drop what a container never needs: the apt lists and caches
    rm -rf "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/var/cache/apt/"*.bin "$work/rootfs/var/cache/apt/archives/"*.deb
    tar -C "$work/rootfs" --numeric-owner --xattrs -czf "$work/rootfs.tar.gz" .
    mv -f "$work/rootfs.tar.gz" "$tarball"
fi

stamp=$dir/.jrunc-rootfs
want=$(stat -c '%s %Y' "$tarball")
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "mkrootfs-debian: $dir is up to date"
    exit 0
fi
rm -rf "$dir"
mkdir -p "$dir"
tar -C "$dir" --numeric-owner --xattrs -xzf "$tarball"
echo "$want" > "$stamp"
echo "mkrootfs-debian: $dir (from $tarball)"
