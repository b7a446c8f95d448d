#!/usr/bin/env bash
# Start-up of jrunc vs runc vs crun (Debian's packages), side by side, with hyperfine:
#   --version | state of a missing container | spec | run of /bin/true in a busybox bundle
# The `run` row is measured for jrunc only once its lifecycle works (detected, else skipped
# with a note). crun refuses to run containers on this hybrid cgroup host while it sees cgroup2
# controllers, so every crun command runs in a private mount namespace (unshare -m) where
# /sys/fs/cgroup/unified is unmounted; that is said in the output.
# Writes a markdown table of medians and ratios to stdout and into docs/performance.md
# (between the bench markers). Usage: bench/bench.sh JRUNC [RUNS]     (make bench)
set -euo pipefail
jrunc=${1:?usage: bench.sh JRUNC [RUNS]}
runs=${2:-20}
repo=$(cd "$(dirname "$0")/.." && pwd)
doc=$repo/docs/performance.md
work=$repo/build/bench
rm -rf "$work"
mkdir -p "$work"
for t in hyperfine jq runc crun unshare; do
    command -v "$t" >/dev/null || { echo "bench: $t is missing (make deps)" >&2; exit 1; }
done
runc=$(command -v runc)
crun=$(command -v crun)

"$repo/scripts/mkbundle.sh" busybox "$work/bundle" /bin/true >/dev/null
# crun 1.8 rejects spec versions it does not know (1.3.0): use the one Debian's runc writes
jq --tab '.ociVersion = "1.0.2-dev"' "$work/bundle/config.json" > "$work/c.json" && mv "$work/c.json" "$work/bundle/config.json"
notes=()

# is jrunc's CLI real yet, and does its lifecycle work?
jver=$("$jrunc" --version 2>&1 </dev/null | head -n1 || true)
if [[ $jver != "jrunc version"* ]]; then
    notes+=("jrunc's CLI is still the placeholder (\`--version\` printed \"${jver}\"): its figures are the bare launcher + JVM start.")
fi
jrun=no
out=$("$jrunc" --root "$work/probe-root" run --bundle "$work/bundle" bench-probe 2>&1 </dev/null) && rc=0 || rc=$?
"$jrunc" --root "$work/probe-root" delete --force bench-probe >/dev/null 2>&1 </dev/null || true
if [ $rc -eq 0 ] && [[ $jver == "jrunc version"* ]] && ! grep -qi "not implemented" <<<"$out"; then
    jrun=yes
else
    notes+=("\`run\` skipped for jrunc: its lifecycle does not work yet (exit $rc${out:+: $(head -n1 <<<"$out")}).")
fi
notes+=("crun ran in a private mount namespace (\`unshare -m\`) with /sys/fs/cgroup/unified unmounted: it refuses to run containers on this hybrid cgroup host while it sees cgroup2 controllers.")

# one hyperfine run per runtime; the commands are the same for each
measure() { # NAME BIN JSON [run]
    local name=$1 bin=$2 json=$3 withrun=$4
    local d=$work/$name
    mkdir -p "$d/spec"
    local args=(hyperfine -N --warmup 3 --runs "$runs" --style none -i --export-json "$json"
        -n "version" "$bin --version"
        -n "state (missing container)" "$bin --root $d/root state nope"
        -n "spec" --prepare "rm -f $d/spec/config.json" "$bin spec --bundle $d/spec")
    if [ "$withrun" = yes ]; then
        # -i hides failures: make sure run works before timing it
        if ! "$bin" --root "$d/root" run --bundle "$work/bundle" "probe-$name" </dev/null >"$d/probe.log" 2>&1; then
            echo "bench: $name run of /bin/true fails:" >&2; cat "$d/probe.log" >&2; return 1
        fi
        args+=(-n "run /bin/true" "$bin --root $d/root run --bundle $work/bundle bench-$name")
    fi
    "${args[@]}" >/dev/null 2>>"$work/hyperfine.log"
}
measure jrunc "$jrunc" "$work/jrunc.json" "$jrun"
measure runc "$runc" "$work/runc.json" yes
# crun: the whole hyperfine run inside the private mount namespace
unshare -m --propagation private bash -c "umount /sys/fs/cgroup/unified 2>/dev/null || true; $(declare -f measure); work='$work' runs='$runs'; measure crun '$crun' '$work/crun.json' yes"

median() { jq -r --arg n "=$2" '.results[] | select("=" + .command == $n) | .median * 1000' "$1" 2>/dev/null || true; }
fmt() { [ -n "$1" ] && printf '%.1f' "$1" || printf '–'; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", a / b }' || printf '–'; }

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
java=$(sed -n "s/^java='\(.*\)'\$/\1/p" "$jrunc")
{
    echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores (${cpu:-unknown CPU}), $(free -g | awk '/^Mem:/ {print $2}') GiB, Linux $(uname -r);"
    echo "jrunc: ${jver:-placeholder CLI (prints no version)} on $("$java" -version 2>&1 | head -n1); runc: $("$runc" --version | head -n1); crun: $("$crun" --version | head -n1)."
    echo "hyperfine, $runs runs after 3 warm-ups, medians in ms. Ratios from one run: the machine is a shared VM, read them as rough."
    echo
    echo "| command | jrunc | runc | crun | jrunc/runc | jrunc/crun |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: |"
    for c in "version" "state (missing container)" "spec" "run /bin/true"; do
        j=$(median "$work/jrunc.json" "$c"); r=$(median "$work/runc.json" "$c"); k=$(median "$work/crun.json" "$c")
        label=$c; [ "$c" = version ] && label=--version
        echo "| \`$label\` | $(fmt "$j") | $(fmt "$r") | $(fmt "$k") | $(ratio "$j" "$r") | $(ratio "$j" "$k") |"
    done
    echo
    for n in "${notes[@]}"; do echo "- $n"; done
} > "$work/table.md"
cat "$work/table.md"

if [ -f "$doc" ] && grep -q '<!-- bench:start -->' "$doc"; then
    awk -v f="$work/table.md" '
        /<!-- bench:start -->/ { print; while ((getline l < f) > 0) print l; skip = 1; next }
        /<!-- bench:end -->/ { skip = 0 }
        !skip { print }' "$doc" > "$doc.tmp" && mv "$doc.tmp" "$doc"
    echo "bench: table written to docs/performance.md"
fi
