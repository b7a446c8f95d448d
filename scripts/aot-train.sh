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
light=$libdir/jrunc-light.aot   # the light commands' cache (see the launcher)
runc=$libdir/jrunc-run.aot       # create's and run's
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jrunc-aot.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
log=$tmp/train.log

fail() {
    rm -f "$cache" "$cache.tmp" "$light" "$light.tmp" "$runc" "$runc.tmp" "$runc" "$runc.tmp"
    echo "aot-train: $*; jrunc works without an AOT cache (slower start)."
    [ -s "$log" ] && sed 's/^/aot-train:   | /' "$log" | tail -n 20
    exit 1
}

rm -f "$cache" "$cache.tmp" "$light" "$light.tmp" "$runc" "$runc.tmp"
mkdir -p "$tmp/root" "$tmp/spec"

# The commands, one per line, arguments separated by TABs (see aot/Train.java).
# Grow this list as commands land: every class a command loads in training starts faster.
T=$(printf '\t')
{
    echo "--version"
    echo "spec${T}--bundle${T}$tmp/spec"
    echo "features"
    echo "--root${T}$tmp/root${T}state${T}jrunc-aot-missing"   # fails, as it should
    echo "--root${T}$tmp/root${T}list"
    echo "--root${T}$tmp/root${T}list${T}--format${T}json"
} > "$tmp/commands"

# The real lifecycle commands in a busybox rootfs, so their classes (the planner, the sync
# protocol, cgroups, the state store, logging, JNI) are in the cache: run of /bin/true, and
# create/state/start/list/kill/delete of a sleeping container, plus the dry runs, with and
# without --debug (the phase timings). Skipped when spec or jrunc-init do not work.
lifecycle=no
if [ -x "$libdir/jrunc-init" ] && [ -x /bin/busybox ] && mkdir -p "$tmp/b" "$tmp/s" &&
   "$launcher" spec --bundle "$tmp/b" >/dev/null 2>&1 && [ -f "$tmp/b/config.json" ]; then
    mkdir -p "$tmp/b/rootfs/bin" "$tmp/b/rootfs/proc" "$tmp/b/rootfs/sys" "$tmp/b/rootfs/dev" "$tmp/b/rootfs/tmp"
    cp /bin/busybox "$tmp/b/rootfs/bin/busybox"
    for a in true sh sleep; do ln -s busybox "$tmp/b/rootfs/bin/$a"; done
    sed -i -e 's/"terminal": *true/"terminal": false/' "$tmp/b/config.json"
    # a second bundle on the same rootfs whose process sleeps (for state/kill of a running one)
    sed -e 's/"sh"/"sleep", "30"/' -e "s|\"path\": *\"rootfs\"|\"path\": \"$tmp/b/rootfs\"|" \
        "$tmp/b/config.json" > "$tmp/s/config.json"
    sed -i -e 's/"sh"/"true"/' "$tmp/b/config.json"
    if grep -q '"terminal": *false' "$tmp/b/config.json" && grep -q '"true"' "$tmp/b/config.json" &&
       grep -q '"sleep"' "$tmp/s/config.json" && grep -q "$tmp/b/rootfs" "$tmp/s/config.json"; then
        lifecycle=yes
        r="--root${T}$tmp/root"
        {
            echo "$r${T}create${T}--dry-run${T}--bundle${T}$tmp/b${T}jrunc-aot"
            echo "$r${T}run${T}--dry-run${T}--format${T}json${T}--bundle${T}$tmp/b${T}jrunc-aot"
            echo "$r${T}create${T}--bundle${T}$tmp/b${T}jrunc-aot"
            echo "$r${T}state${T}jrunc-aot"
            echo "$r${T}start${T}jrunc-aot"
            echo "$r${T}list"
            echo "$r${T}delete${T}--force${T}jrunc-aot"
            echo "$r${T}run${T}--bundle${T}$tmp/b${T}jrunc-aot"
            echo "$r${T}--debug${T}run${T}--bundle${T}$tmp/b${T}jrunc-aot"
            echo "$r${T}create${T}--bundle${T}$tmp/s${T}jrunc-aot-s"
            echo "$r${T}start${T}jrunc-aot-s"
            echo "$r${T}state${T}jrunc-aot-s"
            echo "$r${T}list${T}--format${T}json"
            echo "$r${T}kill${T}jrunc-aot-s${T}KILL"
            echo "$r${T}delete${T}--force${T}jrunc-aot-s"
            echo "$r${T}delete${T}--force${T}jrunc-aot"
        } >> "$tmp/commands"
    fi
fi

if command -v timeout >/dev/null 2>&1; then to="timeout 300"; else to=; fi
# train CACHE COMMANDS-FILE: one training JVM through the launcher; the failed commands are listed
train() {
    (cd "$tmp" && JRUNC_AOT_TRAINING="$1.tmp" $to "$launcher" "$2") </dev/null >"$log" 2>&1
    rc=$?
    for c in jrunc-aot jrunc-aot-s jrunc-aot-l jrunc-aot-k; do   # never leave a training container behind
        "$launcher" --root "$tmp/root" delete --force $c </dev/null >/dev/null 2>&1 || true
    done
    [ $rc -eq 0 ] || fail "training run failed (exit $rc)"
    [ -s "$1.tmp" ] || fail "training run made no cache"
    # a command that fails still trains what it loaded, but say which did (the log shows why)
    failed=$(awk '/^aot-train: jrunc / { c = substr($0, 18) } c ~ /jrunc-aot-missing$/ || c ~ /^(--root [^ ]* )?(pause|resume|ps) / { next } /^aot-train:   (exit [1-9]|threw)/ { print "aot-train:   failed: " c " (" substr($0, 14) ")" }' "$log")
    [ -z "$failed" ] || echo "$failed"
    mv -f "$1.tmp" "$1"
    chmod 0644 "$1"
}

echo "aot-train: recording $cache (lifecycle: $lifecycle)"
train "$cache" "$tmp/commands"
# the JVM must actually accept the cache with the launcher's flags (AOTMode=on fails otherwise)
if ! JRUNC_JAVA_OPTS=-XX:AOTMode=on "$launcher" --version </dev/null >/dev/null 2>&1; then
    fail "the JVM does not accept the recorded cache"
fi
echo "aot-train: AOT cache ready: $cache ($(du -k "$cache" | cut -f1) KiB)"

# The light commands' cache: only state/list/start/kill/delete (+ pause/resume/ps, which fail
# until they are implemented) on containers made beforehand by the launcher itself, so that
# nothing of create is recorded. Every class in a cache is loaded at start-up: the full cache
# costs a light command ~40 ms CPU more (docs/performance.md).
r="--root${T}$tmp/root"
{
    echo "--version"
    echo "$r${T}state${T}jrunc-aot-missing"
    echo "$r${T}list"
    if [ "$lifecycle" = yes ] &&
       "$launcher" --root "$tmp/root" create --bundle "$tmp/b" jrunc-aot-l </dev/null >/dev/null 2>&1 &&
       "$launcher" --root "$tmp/root" create --bundle "$tmp/s" jrunc-aot-k </dev/null >/dev/null 2>&1 &&
       "$launcher" --root "$tmp/root" create --bundle "$tmp/b" jrunc-aot </dev/null >/dev/null 2>&1; then
        echo "$r${T}state${T}jrunc-aot-l"
        echo "$r${T}list"
        echo "$r${T}list${T}--format${T}json"
        echo "$r${T}start${T}jrunc-aot-l"
        echo "$r${T}start${T}jrunc-aot-k"
        echo "$r${T}state${T}jrunc-aot-k"
        echo "$r${T}pause${T}jrunc-aot-k"
        echo "$r${T}resume${T}jrunc-aot-k"
        echo "$r${T}ps${T}jrunc-aot-k"
        echo "$r${T}kill${T}jrunc-aot-k${T}KILL"
        echo "$r${T}delete${T}jrunc-aot"
        echo "$r${T}delete${T}--force${T}jrunc-aot-k"
        echo "$r${T}delete${T}--force${T}jrunc-aot-l"
    fi
} > "$tmp/light-commands"
echo "aot-train: recording $light"
train "$light" "$tmp/light-commands"
if ! JRUNC_JAVA_OPTS=-XX:AOTMode=on "$launcher" --root "$tmp/root" list </dev/null >/dev/null 2>&1; then
    fail "the JVM does not accept the recorded light cache"
fi
echo "aot-train: light AOT cache ready: $light ($(du -k "$light" | cut -f1) KiB)"

# create's and run's cache: the lifecycle without the commands that write JSON with databind
# (spec, features, dry-run --format json), which the full cache keeps.
if [ "$lifecycle" = yes ]; then
    {
        echo "$r${T}create${T}--dry-run${T}--bundle${T}$tmp/b${T}jrunc-aot"
        echo "$r${T}create${T}--bundle${T}$tmp/b${T}jrunc-aot"
        echo "$r${T}delete${T}--force${T}jrunc-aot"
        echo "$r${T}run${T}--bundle${T}$tmp/b${T}jrunc-aot"
        echo "$r${T}--debug${T}run${T}--bundle${T}$tmp/b${T}jrunc-aot"
        echo "$r${T}run${T}-d${T}--bundle${T}$tmp/s${T}jrunc-aot-s"
        echo "$r${T}delete${T}--force${T}jrunc-aot-s"
        echo "$r${T}create${T}--bundle${T}$tmp/b${T}jrunc-aot"
        echo "$r${T}delete${T}--force${T}jrunc-aot"
    } > "$tmp/run-commands"
    echo "aot-train: recording $runc"
    train "$runc" "$tmp/run-commands"
    echo "aot-train: create/run AOT cache ready: $runc ($(du -k "$runc" | cut -f1) KiB)"
fi
