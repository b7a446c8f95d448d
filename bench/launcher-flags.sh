#!/usr/bin/env bash
# Times the installed launcher's JVM start with candidate flags (hyperfine), to choose the
# launcher's flags. The command is `jrunc --version` on whatever CLI is installed (a stub that
# prints nothing measures the bare JVM start). Results: a markdown table on stdout.
# The machine is noisy (a VM, other work): the variants are run in ROUNDS interleaved rounds
# of RUNS each and the medians taken over all runs, so a slow spell hits every variant alike.
# Usage: bench/launcher-flags.sh PREFIX [RUNS] [ROUNDS]
set -euo pipefail
prefix=${1:?usage: launcher-flags.sh PREFIX [RUNS] [ROUNDS]}
runs=${2:-10}
rounds=${3:-8}
launcher=$prefix/bin/jrunc
lib=$prefix/lib/jrunc
java=$(sed -n "s/^java='\(.*\)'\$/\1/p" "$launcher")
cp=$(sed -n "s/^ *-cp '\([^']*\)'.*/\1/p" "$launcher")
aot=$lib/jrunc.aot
main=io.jrunc.cli.Main
base="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
full="$base -XX:-UsePerfData -Xlog:disable --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# a dynamic CDS archive (AutoCreateSharedArchive) for comparison; written on first use
"$java" -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$tmp/dyn.jsa" $full -cp "$cp" $main --version >/dev/null 2>&1 || true

names=(); cmds=()
add() { names+=("$1"); cmds+=("$2"); }
add "java defaults (default CDS)"                "$java -cp $cp $main --version"
add "java -Xshare:off (no CDS)"                  "$java -Xshare:off -cp $cp $main --version"
add "C1 only + SerialGC"                         "$java $base -cp $cp $main --version"
add "+ -XX:-UsePerfData"                         "$java $base -XX:-UsePerfData -cp $cp $main --version"
add "launcher flags, no AOT cache"               "$java $full -cp $cp $main --version"
add "launcher flags + AutoCreateSharedArchive"   "$java -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$tmp/dyn.jsa $full -cp $cp $main --version"
add "launcher flags + AOT cache"                 "$java $full -XX:AOTCache=$aot -cp $cp $main --version"
add "  + ArchiveRelocationMode=0"                "$java $full -XX:AOTCache=$aot -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -cp $cp $main --version"
add "  + -Xss256k"                               "$java $full -XX:AOTCache=$aot -Xss256k -cp $cp $main --version"
add "  + -Xmx128m"                               "$java $full -XX:AOTCache=$aot -Xmx128m -cp $cp $main --version"
add "  + -Xint (no JIT)"                         "$java $full -XX:AOTCache=$aot -Xint -cp $cp $main --version"
add "  + -XX:CICompilerCount=1 -XX:-BackgroundCompilation" "$java $full -XX:AOTCache=$aot -XX:CICompilerCount=1 -cp $cp $main --version"
add "the installed launcher (sh + exec)"         "$launcher --version"

for r in $(seq "$rounds"); do
    hf=(hyperfine -N --warmup 2 --runs "$runs" --export-json "$tmp/r$r.json" --style none)
    for i in "${!cmds[@]}"; do hf+=(-n "${names[$i]}" "${cmds[$i]}"); done
    "${hf[@]}" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
done
echo "| variant | median ms | p25–p75 ms | user ms | sys ms |"
echo "| --- | ---: | ---: | ---: | ---: |"
jq -rs '[.[].results[]] | group_by(.command) as $g
  | [$g[] | {c: .[0].command, t: ([.[].times[]] | sort), u: ([.[].user] | add / length), s: ([.[].system] | add / length)}] as $rows
  | $rows[] | (.t | length) as $n
  | "| \(.c) | \(.t[$n/2|floor]*1000|round) | \(.t[$n/4|floor]*1000|round)–\(.t[3*$n/4|floor]*1000|round) | \(.u*1000|round) | \(.s*1000|round) |"' \
  $(for r in $(seq "$rounds"); do echo "$tmp/r$r.json"; done) > "$tmp/table"
# keep the variants' order
for n in "${names[@]}"; do grep -F "| $n |" "$tmp/table" | head -n1; done
