#!/bin/bash
# Start-up cost of jrunc's command-line parsing: picocli's programmatic API (what jrunc
# uses) vs the same commands and flags declared with annotations, plus the real
# `jrunc state nope` against a JVM hello world, and the classes each one loads.
# Usage (after `mvn -o install -DskipTests` and `mvn -o test-compile -pl runtime-cli`):
#   runtime-cli/src/test/bench/picocli-startup.sh [JAVA_HOME]
set -euo pipefail
JH=${1:-${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}}
cd "$(dirname "$0")/../../.."   # runtime-cli
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
CP="$PWD/target/runtime-cli-0.1.0-SNAPSHOT.jar:$(ls "$PWD"/target/lib/*.jar | tr '\n' ':')"
TCP="$PWD/target/test-classes:$CP"
JAVA="$JH/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
"$JH/bin/java" -cp "$TCP" io.jrunc.cli.bench.AnnotatedCliGenerator "$W"
"$JH/bin/javac" -nowarn -d "$W" -cp "$CP" "$W/AnnotatedCli.java"
cat > "$W/Hello.java" <<'J'
public class Hello { public static void main(String[] a) { System.out.print(""); } }
J
"$JH/bin/javac" -d "$W" "$W/Hello.java"
ARGS="--root $W/root state nope"
EXEC_ARGS="--root $W/root exec -e A=1 -t --cwd /tmp c1 ls -la"
count() { $JAVA -Xlog:class+load=info:file="$W/cl.txt" "$@" >/dev/null 2>&1 || true; grep -c 'source:' "$W/cl.txt"; }
echo "classes loaded:"
echo "  hello world:                 $(count -cp "$W" Hello)"
echo "  parse, programmatic (state): $(count -cp "$TCP" io.jrunc.cli.bench.ParseOnly $ARGS)"
echo "  parse, annotations (state):  $(count -cp "$W:$CP" AnnotatedCli $ARGS)"
echo "  jrunc state nope:            $(count -cp "$CP" io.jrunc.cli.Main $ARGS)"
echo "  jrunc list -f json:          $(count -cp "$CP" io.jrunc.cli.Main --root "$W/root" list -f json)"
echo "  jrunc spec:                  $(cd "$W" && rm -f config.json && count -cp "$CP" io.jrunc.cli.Main spec)"
for p in databind logback picocli jrunc.core.state; do
  $JAVA -Xlog:class+load=info:file="$W/cl.txt" -cp "$CP" io.jrunc.cli.Main $ARGS >/dev/null 2>&1 || true
  echo "  state nope loads $p: $(grep -c "$p" "$W/cl.txt")"
done
# AOT caches (JDK 25, JEP 483/514/515), one per variant, trained on the measured command
$JAVA -XX:AOTCacheOutput="$W/prog.aot" -cp "$CP" io.jrunc.cli.Main $ARGS >/dev/null 2>&1 || true
$JAVA -XX:AOTCacheOutput="$W/anno.aot" -cp "$W:$CP" AnnotatedCli $ARGS >/dev/null 2>&1 || true
hyperfine -N -i -w 3 -r ${RUNS:-20} --export-json "$W/h.json" \
  -n hello "$JAVA -cp $W Hello" \
  -n parse-programmatic "$JAVA -cp $TCP io.jrunc.cli.bench.ParseOnly $ARGS" \
  -n parse-annotations "$JAVA -cp $W:$CP AnnotatedCli $ARGS" \
  -n parse-programmatic-exec "$JAVA -cp $TCP io.jrunc.cli.bench.ParseOnly $EXEC_ARGS" \
  -n parse-annotations-exec "$JAVA -cp $W:$CP AnnotatedCli $EXEC_ARGS" \
  -n "jrunc state nope" "$JAVA -cp $CP io.jrunc.cli.Main $ARGS" \
  -n "jrunc list" "$JAVA -cp $CP io.jrunc.cli.Main --root $W/root list" \
  -n "jrunc --version" "$JAVA -cp $CP io.jrunc.cli.Main --version" \
  -n "jrunc state nope, AOT cache" "$JAVA -XX:AOTCache=$W/prog.aot -cp $CP io.jrunc.cli.Main $ARGS" \
  -n "parse-annotations, AOT cache" "$JAVA -XX:AOTCache=$W/anno.aot -cp $W:$CP AnnotatedCli $ARGS" \
  >/dev/null 2>&1 || true
# wall time is noisy on a shared 2-core machine: user+sys CPU is reported too
python3 - "$W/h.json" <<'PY'
import json, sys
print("| command | wall mean ± sd [ms] | median [ms] | user+sys [ms] |")
print("|:---|---:|---:|---:|")
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"| {r['command']} | {r['mean']*1e3:.0f} ± {r['stddev']*1e3:.0f} | {r['median']*1e3:.0f} | {(r['user']+r['system'])*1e3:.0f} |")
PY
