#!/usr/bin/env bash
# jrunc vs runc vs crun (Debian's packages), side by side, the measurements of issue 8:
#   - `run` of /bin/true in a busybox bundle (hyperfine medians; target ≤ 3× runc)
#   - light commands: state, list, start, kill, delete (+ pause, resume, ps once jrunc has them)
#     against a JVM hello world started the same way (sh launcher, same flags, its own AOT
#     cache; target ≤ hello + 15 ms)
#   - peak RSS per command (/usr/bin/time -f %M), VmRSS of a created-but-not-started
#     container's waiting init (target ≤ 2 MB), a 1 MiB memory limit running echo
#   - throughput: 100 sequential `run /bin/true`, 10 parallel create+start+wait+delete
# crun refuses to run containers on this hybrid cgroup host while it sees cgroup2 controllers:
# its whole measurement runs in a private mount namespace (unshare -m) where
# /sys/fs/cgroup/unified is unmounted (said in the output).
# Writes a markdown report between the bench markers of docs/performance.md and a chart
# (gnuplot) to docs/perf-chart.png. Usage: bench/bench.sh JRUNC [RUNS]      (make bench)
#   env: BENCH_ONLY="run state …" measures only those rows (quick checks; the doc is not written),
#        BENCH_SEQ=N sequential runs instead of 100 (quick checks)
set -euo pipefail

# ---- inner mode: measure one runtime (re-invoked for each, crun inside unshare) ----
if [ "${1:-}" = --measure ]; then
    name=$2 bin=$3 work=$4 runs=$5
    out=$work/$name
    root=$out/root
    mkdir -p "$out" "$root"
    B=$work/bundle S=$work/bundle-sleep M=$work/bundle-1m
    want() { [ -z "${BENCH_ONLY:-}" ] || [[ " $BENCH_ONLY " == *" $1 "* ]]; }
    hf() { # ROW-NAME hyperfine-args… : one JSON per row
        local row=$1; shift
        hyperfine -N --warmup 2 --runs "$runs" --style none --export-json "$out/$row.json" "$@" \
            >>"$out/hyperfine.log" 2>&1 || echo "$row" >>"$out/failed"
    }
    rm_all() { for c in $("$bin" --root "$root" list -q 2>/dev/null); do "$bin" --root "$root" delete -f "$c" >/dev/null 2>&1 || true; done; }
    # does the command exist in this runtime? (jrunc's pending ones say "not implemented")
    implemented() { local o; o=$("$bin" --root "$root" "$1" probe-nonexistent 2>&1 </dev/null || true); [[ $o != *"not implemented"* ]]; }
    x="$bin --root $root"
    q="bash -c"

    if want run; then
        "$bin" --root "$root" run --bundle "$B" probe-run </dev/null >"$out/probe.log" 2>&1 ||
            { echo "run fails:" >>"$out/failed"; cat "$out/probe.log" >>"$out/failed"; }
        hf run -n "run /bin/true" "$x run --bundle $B r1"
    fi
    # light commands, each on a container in the state it needs, made by --prepare (not timed)
    "$bin" --root "$root" create --bundle "$S" c-state </dev/null >/dev/null 2>&1 || true
    want state && hf state -n state "$x state c-state"
    want list && hf list -n list "$x list"
    want start && hf start --prepare "$q '$x delete -f c1 >/dev/null 2>&1; $x create --bundle $B c1'" -n start "$x start c1"
    want kill && hf kill --prepare "$q '$x delete -f c1 >/dev/null 2>&1; $x create --bundle $S c1'" -n kill "$x kill c1 KILL"
    want delete && hf delete --prepare "$q '$x delete -f c1 >/dev/null 2>&1; $x create --bundle $B c1 && $x start c1 && sleep 0.05'" -n delete "$x delete c1"
    "$bin" --root "$root" delete -f c1 >/dev/null 2>&1 || true
    for c in pause resume ps; do
        want $c || continue
        if ! implemented $c; then echo "$c" >>"$out/pending"; continue; fi
        "$bin" --root "$root" run -d --bundle "$S" c-$c </dev/null >/dev/null 2>&1 || true
        case $c in
        pause) hf pause --prepare "$q '$x resume c-pause >/dev/null 2>&1; true'" -n pause "$x pause c-pause" ;;
        resume) hf resume --prepare "$q '$x pause c-resume >/dev/null 2>&1; true'" -n resume "$x resume c-resume" ;;
        ps) hf ps -n ps "$x ps c-ps" ;;
        esac
        "$bin" --root "$root" resume c-$c >/dev/null 2>&1 || true
        "$bin" --root "$root" delete -f c-$c >/dev/null 2>&1 || true
    done

    # peak RSS (KiB) of the runtime's own process, median of 5
    rss() { # ROW command…
        local row=$1; shift
        for i in 1 2 3 4 5; do /usr/bin/time -f %M -o "$out/t" "$@" </dev/null >/dev/null 2>&1 || true; cat "$out/t"; done |
            grep -E '^[0-9]+$' | sort -n | sed -n 3p >"$out/rss-$row"
    }
    if want rss; then
        rss run "$bin" --root "$root" run --bundle "$B" rss1
        rss state "$bin" --root "$root" state c-state
        rss list "$bin" --root "$root" list
        # start, kill, delete: each measured run on a container prepared as for the timings
        for c in start kill delete; do
            for i in 1 2 3 4 5; do
                "$bin" --root "$root" delete -f c1 >/dev/null 2>&1 || true
                case $c in
                start) "$bin" --root "$root" create --bundle "$B" c1 </dev/null >/dev/null 2>&1 ;;
                kill) "$bin" --root "$root" create --bundle "$S" c1 </dev/null >/dev/null 2>&1 ;;
                delete) "$bin" --root "$root" create --bundle "$B" c1 </dev/null >/dev/null 2>&1 &&
                        "$bin" --root "$root" start c1 </dev/null >/dev/null 2>&1; sleep 0.05 ;;
                esac
                args=(c1); [ $c = kill ] && args=(c1 KILL)
                /usr/bin/time -f %M -o "$out/t" "$bin" --root "$root" $c "${args[@]}" </dev/null >/dev/null 2>&1 || true
                cat "$out/t"
            done | grep -E '^[0-9]+$' | sort -n | sed -n 3p >"$out/rss-$c"
        done
        "$bin" --root "$root" delete -f c1 >/dev/null 2>&1 || true
    fi
    # VmRSS of the init of a created, not started container (runc: runc init; crun: its init)
    if want initrss; then
        "$bin" --root "$root" delete -f c-mem >/dev/null 2>&1 || true
        if "$bin" --root "$root" create --bundle "$B" --pid-file "$out/c-mem.pid" c-mem </dev/null >/dev/null 2>"$out/c-mem.err"; then
            pid=$(cat "$out/c-mem.pid")
            awk '/^VmRSS/ {print $2}' "/proc/$pid/status" >"$out/init-rss"
            cp "/proc/$pid/status" "$out/init-status" 2>/dev/null || true
            cp "/proc/$pid/smaps_rollup" "$out/init-smaps" 2>/dev/null || true
            awk '$6 ~ /\// || $6 ~ /memfd/ {print $6}' "/proc/$pid/maps" | sort -u >"$out/init-maps" 2>/dev/null || true
        fi
        "$bin" --root "$root" delete -f c-mem >/dev/null 2>&1 || true
    fi
    # a 1 MiB memory limit (memory and memory+swap) running echo
    if want mem1m; then
        if "$bin" --root "$root" run --bundle "$M" m1 </dev/null >"$out/mem1m.out" 2>&1; then echo ok >"$out/mem1m"
        else echo "fails: $(grep -v '^$' "$out/mem1m.out" | tail -n1 | sed -e 's/.*msg="//' -e 's/"$//' -e 's/|/\//g' | cut -c1-110)…" >"$out/mem1m"; fi
        "$bin" --root "$root" delete -f m1 >/dev/null 2>&1 || true
    fi
    # throughput: 100 sequential runs; 10 parallel lifecycles (create, start, wait for exit, delete)
    if want seq100; then
        /usr/bin/time -f "%e %U %S" -o "$out/seq100" bash -c \
            "for i in \$(seq ${BENCH_SEQ:-100}); do $x run --bundle $B s\$i </dev/null >/dev/null 2>&1 || echo fail >>$out/seq100.fail; done" || true
    fi
    if want par10; then
        /usr/bin/time -f "%e %U %S" -o "$out/par10" bash -c "
            life() { $x create --pid-file $out/p\$1.pid --bundle $B p\$1 </dev/null >/dev/null 2>&1 || { echo fail >>$out/par10.fail; return; }
                     pid=\$(cat $out/p\$1.pid); $x start p\$1 </dev/null >/dev/null 2>&1
                     while [ -e /proc/\$pid ]; do sleep 0.005; done
                     $x delete p\$1 </dev/null >/dev/null 2>&1 || echo fail >>$out/par10.fail; }
            for i in \$(seq 10); do life \$i & done; wait" || true
    fi
    rm_all
    exit 0
fi

# ---- outer mode ----
jrunc=${1:?usage: bench.sh JRUNC [RUNS]}
runs=${2:-20}
repo=$(cd "$(dirname "$0")/.." && pwd)
doc=$repo/docs/performance.md
chart=$repo/docs/perf-chart.png
work=$repo/build/bench
self=$repo/bench/bench.sh
rm -rf "$work"
mkdir -p "$work"
for t in hyperfine jq runc crun unshare gnuplot /usr/bin/time; do
    command -v "$t" >/dev/null || { echo "bench: $t is missing (make deps)" >&2; exit 1; }
done
runc=$(command -v runc)
crun=$(command -v crun)
jrunc=$(cd "$(dirname "$jrunc")" && pwd)/$(basename "$jrunc")
started=$(date -u +%Y-%m-%dT%H:%MZ)
load0=$(cut -d' ' -f1-3 /proc/loadavg)

# bundles: /bin/true; sleep (for state/kill/pause); echo under a 1 MiB memory limit.
# crun 1.8 rejects spec versions it does not know (1.3.0): use the one Debian's runc writes.
"$repo/scripts/mkbundle.sh" busybox "$work/bundle" /bin/true >/dev/null
jq --tab '.ociVersion = "1.0.2-dev"' "$work/bundle/config.json" >"$work/c.json" && mv "$work/c.json" "$work/bundle/config.json"
mk() { # DIR JQ-FILTER: a bundle sharing the busybox rootfs
    mkdir -p "$1"
    jq --tab --arg r "$work/bundle/rootfs" ".root.path = \$r | $2" "$work/bundle/config.json" >"$1/config.json"
}
mk "$work/bundle-sleep" '.process.args = ["sleep", "3600"]'
mk "$work/bundle-1m" '.process.args = ["echo", "hello from 1 MiB"] | .linux.resources.memory = {"limit": 1048576, "swap": 1048576}'

# the floor: a JVM hello world started as jrunc is (sh launcher + exec, the same flags, its own AOT cache)
java=$(sed -n "s/^java='\(.*\)'\$/\1/p" "$jrunc")
jvm_opts=$(sed -n 's/^exec "$java" \(.*\) \\$/\1/p' "$jrunc" | sed 's/ \$jit//')
# the light commands' flags: the launcher runs them interpreted (-Xint); so does the floor
grep -q 'jit=-Xint' "$jrunc" && jvm_opts="$jvm_opts -Xint"
mkdir -p "$work/hello"
cat >"$work/hello/Hello.java" <<'EOF'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
EOF
"$(dirname "$java")/javac" -d "$work/hello" "$work/hello/Hello.java"
(cd "$work/hello" && "$java" $jvm_opts -XX:AOTCacheOutput="$work/hello/hello.aot" -cp "$work/hello" Hello >/dev/null 2>&1) || true
cat >"$work/hello/hello" <<EOF
#!/bin/sh
unset JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS
exec "$java" $jvm_opts -XX:AOTCache="$work/hello/hello.aot" -Djrunc.libdir=/nonexistent -Djrunc.argv0="\$0" -cp '$work/hello' Hello "\$@"
EOF
chmod +x "$work/hello/hello"
mkdir -p "$work/hello-m"
hyperfine -N --warmup 2 --runs "$runs" --style none --export-json "$work/hello-m/hello.json" -n hello "$work/hello/hello" \
    >"$work/hello-m/hyperfine.log" 2>&1
for i in 1 2 3 4 5; do /usr/bin/time -f %M "$work/hello/hello" 2>&1 >/dev/null; done | sort -n | sed -n 3p >"$work/hello-m/rss"

echo "bench: jrunc"
bash "$self" --measure jrunc "$jrunc" "$work" "$runs"
echo "bench: runc"
bash "$self" --measure runc "$runc" "$work" "$runs"
echo "bench: crun (private mount namespace without the cgroup2 mount)"
unshare -m --propagation private bash -c 'umount /sys/fs/cgroup/unified 2>/dev/null || true; exec bash "$@"' crun-ns \
    "$self" --measure crun "$crun" "$work" "$runs"

# ---- the report ----
med() { jq -r '.results[0].median * 1000' "$1" 2>/dev/null || true; }
cpu() { jq -r '(.results[0].user + .results[0].system) * 1000' "$1" 2>/dev/null || true; }
fmt() { [ -n "${1:-}" ] && printf '%.1f' "$1" || printf '–'; }
ratio() { [ -n "${1:-}" ] && [ -n "${2:-}" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", a / b }' || printf '–'; }
mb() { [ -s "$1" ] && awk '{ printf "%.1f", $1 / 1024 }' "$1" || printf '–'; }
hello=$(med "$work/hello-m/hello.json")
jver=$("$jrunc" --version 2>/dev/null | head -n1)
cpuname=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
rows="run state list start kill delete pause resume ps"
{
    echo "Measured $started on $(nproc) cores (${cpuname:-unknown CPU}), $(free -g | awk '/^Mem:/ {print $2}') GiB, Linux $(uname -r), cgroup v1 (hybrid), load average at start $load0;"
    echo "${jver:-jrunc} on $("$java" -version 2>&1 | head -n1) (AOT cache); runc: $("$runc" --version | head -n1); crun: $("$crun" --version | head -n1); $(hyperfine --version)."
    echo "hyperfine: $runs runs after 2 warm-ups per row, medians in ms; CPU = user + sys (mean). One run, other work on the host:"
    echo "read the ratios as rough."
    echo
    echo "| command | jrunc | runc | crun | jrunc/runc | jrunc/crun | jrunc CPU | jrunc peak RSS MB | target | met |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"
    echo "| JVM hello world (sh + exec, the light commands' flags, own AOT cache) | $(fmt "$hello") | | | | | $(fmt "$(cpu "$work/hello-m/hello.json")") | $(mb "$work/hello-m/rss") | floor | |"
    for r in $rows; do
        j=$(med "$work/jrunc/$r.json"); rc=$(med "$work/runc/$r.json"); k=$(med "$work/crun/$r.json")
        [ -z "$j$rc$k" ] && continue
        if [ "$r" = run ]; then
            target="≤ 3× runc"; lim=$(awk -v r="$rc" 'BEGIN { print 3 * r }'); label="run /bin/true"
        else
            target="≤ hello + 15"; lim=$(awk -v h="$hello" 'BEGIN { print h + 15 }'); label=$r
        fi
        met=–
        [ -n "$j" ] && met=$(awk -v j="$j" -v l="$lim" 'BEGIN { print (j <= l) ? "yes" : "no (" int(j - l + 0.5) " ms over)" }')
        echo "| \`$label\` | $(fmt "$j") | $(fmt "$rc") | $(fmt "$k") | $(ratio "$j" "$rc") | $(ratio "$j" "$k") | $(fmt "$(cpu "$work/jrunc/$r.json")") | $(mb "$work/jrunc/rss-$r") | $target | $met |"
    done
    echo
    echo "| memory and throughput | jrunc | runc | crun | jrunc/runc | jrunc/crun |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: |"
    echo "| waiting init of a created container, VmRSS MB (target ≤ 2) | $(mb "$work/jrunc/init-rss") | $(mb "$work/runc/init-rss") | $(mb "$work/crun/init-rss") | | |"
    echo "| peak RSS of \`run\`, MB | $(mb "$work/jrunc/rss-run") | $(mb "$work/runc/rss-run") | $(mb "$work/crun/rss-run") | | |"
    echo "| \`echo\` under a 1 MiB memory limit | $(cat "$work/jrunc/mem1m" 2>/dev/null || echo –) | $(cat "$work/runc/mem1m" 2>/dev/null || echo –) | $(cat "$work/crun/mem1m" 2>/dev/null || echo –) | | |"
    for t in seq100 par10; do
        lbl="100 sequential \`run /bin/true\`, s (CPU s)"; [ $t = par10 ] && lbl="10 parallel create+start+wait+delete, s (CPU s)"
        v=(); w=()
        for n in jrunc runc crun; do
            if [ -s "$work/$n/$t" ]; then
                read -r e u s <"$work/$n/$t"; w+=("$e")
                f=""; [ -s "$work/$n/$t.fail" ] && f=" ($(wc -l <"$work/$n/$t.fail") failed)"
                v+=("$(printf '%.2f (%.2f)%s' "$e" "$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')" "$f")")
            else v+=("–"); w+=(""); fi
        done
        echo "| $lbl | ${v[0]} | ${v[1]} | ${v[2]} | $(ratio "${w[0]}" "${w[1]}") | $(ratio "${w[0]}" "${w[2]}") |"
    done
    echo
    echo "![jrunc, runc and crun medians](perf-chart.png)"
    echo
    [ -s "$work/jrunc/pending" ] && echo "- Not measured for jrunc (not implemented yet): $(tr '\n' ' ' <"$work/jrunc/pending")— runc and crun figures are shown alone."
    for n in jrunc runc crun; do
        [ -s "$work/$n/failed" ] && echo "- $n: failed rows: $(tr '\n' ' ' <"$work/$n/failed" | cut -c1-300)"
    done
    echo "- crun ran in a private mount namespace (\`unshare -m\`) with /sys/fs/cgroup/unified unmounted: it refuses to run containers on this hybrid cgroup host while it sees cgroup2 controllers."
    echo "- Light commands are timed on a container in the state each needs, made by hyperfine's --prepare (not timed): state/list with a created container present, start of a created one, kill of a created one, delete of a stopped one."
    echo "- Peak RSS: /usr/bin/time %M of the runtime's own process (median of 5); init VmRSS: /proc/PID/status of the created container's init (jrunc-init, runc init, crun) waiting on exec.fifo."
} >"$work/table.md"
cat "$work/table.md"

# the chart: grouped bars of the medians (log scale), runtimes side by side
{
    printf 'hello %s NaN NaN\n' "${hello:-NaN}"
    for r in $rows; do
        j=$(med "$work/jrunc/$r.json"); rc=$(med "$work/runc/$r.json"); k=$(med "$work/crun/$r.json")
        [ -z "$j$rc$k" ] && continue
        printf '%s %s %s %s\n' "$r" "${j:-NaN}" "${rc:-NaN}" "${k:-NaN}"
    done
} >"$work/chart.dat"
gnuplot <<EOF >"$work/gnuplot.log" 2>&1 || echo "bench: gnuplot failed (see $work/gnuplot.log)"
set terminal pngcairo size 900,480 font "sans,10"
set output "$work/perf-chart.png"
set title "jrunc vs runc vs crun, median wall time per command ($started, one run)"
set ylabel "ms (log scale)"
set logscale y
set yrange [1:*]
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set key top right
set grid ytics
plot "$work/chart.dat" using 2:xtic(1) title "jrunc" lc rgb "#c0504d", '' using 3 title "runc" lc rgb "#4f81bd", '' using 4 title "crun" lc rgb "#9bbb59"
EOF

if [ -z "${BENCH_ONLY:-}" ] && [ -f "$doc" ] && grep -q '<!-- bench:start -->' "$doc"; then
    awk -v f="$work/table.md" '
        /<!-- bench:start -->/ { print; while ((getline l < f) > 0) print l; skip = 1; next }
        /<!-- bench:end -->/ { skip = 0 }
        !skip { print }' "$doc" >"$doc.tmp" && mv "$doc.tmp" "$doc"
    [ -s "$work/perf-chart.png" ] && cp "$work/perf-chart.png" "$chart"
    echo "bench: report written to docs/performance.md and docs/perf-chart.png"
fi
