#!/bin/sh
# Records jrunc's AOT cache (JDK 25 -XX:AOTCacheOutput) by one training JVM that runs a
# representative set of commands through the installed launcher, so the cache is made with
# exactly the launcher's classpath and flags. Re-run it after a JDK update (a cache from
# another JDK build is silently ignored). make install runs it; it is installed as
# $PREFIX/lib/jrunc/aot-train.sh.
# Usage: aot-train.sh LAUNCHER          (e.g. /usr/local/bin/jrunc)
# Failure is not fatal for the install: jrunc then runs without the cache, only slower.
set -u

launcher=${1:?usage: aot-train.sh LAUNCHER}
libdir=$(sed -n "s/^libdir='\(.*\)'\$/\1/p" "$launcher")
if [ -z "$libdir" ] || [ ! -d "$libdir" ]; then
    echo "aot-train: cannot read libdir from $launcher" >&2
    exit 1
fi
cache=$libdir/jrunc.aot
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jrunc-aot.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
log=$tmp/train.log

fail() {
    rm -f "$cache" "$cache.tmp"
    echo "aot-train: $*; jrunc works without an AOT cache (slower start)."
    [ -s "$log" ] && sed 's/^/aot-train:   | /' "$log" | tail -n 20
    exit 1
}

rm -f "$cache" "$cache.tmp"
mkdir -p "$tmp/root" "$tmp/spec"

# The commands, one per line, arguments separated by TABs (see aot/Train.java).
# Grow this list as commands land: every class a command loads in training starts faster.
T=$(printf '\t')
{
    echo "--version"
    echo "spec${T}--bundle${T}$tmp/spec"
    echo "features"
    echo "--root${T}$tmp/root${T}state${T}jrunc-aot-missing"
    echo "--root${T}$tmp/root${T}list"
    echo "--root${T}$tmp/root${T}list${T}--format${T}json"
} > "$tmp/commands"

# A real lifecycle (create/start/state/delete of /bin/true in a busybox rootfs) once the CLI
# can write a spec and the native side exists; skipped before that.
lifecycle=no
if [ -x "$libdir/jrunc-init" ] && [ -x /bin/busybox ] &&
   "$launcher" spec --bundle "$tmp/b" >/dev/null 2>&1 && [ -f "$tmp/b/config.json" ]; then
    mkdir -p "$tmp/b/rootfs/bin" "$tmp/b/rootfs/proc" "$tmp/b/rootfs/sys" "$tmp/b/rootfs/dev" "$tmp/b/rootfs/tmp"
    cp /bin/busybox "$tmp/b/rootfs/bin/busybox"
    ln -s busybox "$tmp/b/rootfs/bin/true"
    ln -s busybox "$tmp/b/rootfs/bin/sh"
    sed -i -e 's/"terminal": *true/"terminal": false/' -e 's/"sh"/"true"/' "$tmp/b/config.json"
    if grep -q '"terminal": *false' "$tmp/b/config.json" && grep -q '"true"' "$tmp/b/config.json"; then
        lifecycle=yes
        r="--root${T}$tmp/root"
        {
            echo "$r${T}create${T}--bundle${T}$tmp/b${T}jrunc-aot"
            echo "$r${T}state${T}jrunc-aot"
            echo "$r${T}start${T}jrunc-aot"
            echo "$r${T}list"
            echo "$r${T}delete${T}--force${T}jrunc-aot"
        } >> "$tmp/commands"
    fi
fi

echo "aot-train: recording $cache (lifecycle: $lifecycle)"
if command -v timeout >/dev/null 2>&1; then to="timeout 300"; else to=; fi
(cd "$tmp" && JRUNC_AOT_TRAINING="$cache.tmp" $to "$launcher" "$tmp/commands") </dev/null >"$log" 2>&1
rc=$?
if [ "$lifecycle" = yes ]; then   # never leave a training container behind
    "$launcher" --root "$tmp/root" delete --force jrunc-aot </dev/null >/dev/null 2>&1 || true
fi
[ $rc -eq 0 ] || fail "training run failed (exit $rc)"
[ -s "$cache.tmp" ] || fail "training run made no cache"
mv -f "$cache.tmp" "$cache"
chmod 0644 "$cache"

# the JVM must actually accept the cache with the launcher's flags (AOTMode=on fails otherwise)
if ! JRUNC_JAVA_OPTS=-XX:AOTMode=on "$launcher" --version </dev/null >/dev/null 2>&1; then
    fail "the JVM does not accept the recorded cache"
fi
echo "aot-train: AOT cache ready: $cache ($(du -k "$cache" | cut -f1) KiB)"
