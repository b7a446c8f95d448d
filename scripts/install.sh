#!/bin/sh
# Installs a built jrunc (make build) under PREFIX, then records the AOT cache.
# Usage: JAVA_HOME=<jdk 25+> scripts/install.sh PREFIX [DESTDIR]   (make install calls it)
#   $PREFIX/bin/jrunc                 the launcher (runtime-cli/src/main/dist/jrunc, filled in)
#   $PREFIX/lib/jrunc/*.jar           the runtime classpath
#   $PREFIX/lib/jrunc/jrunc-init, libjrunc.so   from native-shim (when it builds them)
#   $PREFIX/lib/jrunc/jrunc{,-light,-run}.aot   AOT caches from training runs (aot-train.sh), if they work
# With DESTDIR (staged installs, packages) no training runs: the cache must be recorded with
# the final paths, so run $PREFIX/lib/jrunc/aot-train.sh once the files are in place.
set -eu

prefix=${1:?usage: install.sh PREFIX [DESTDIR]}
destdir=${2:-}
repo=$(cd "$(dirname "$0")/.." && pwd)
: "${JAVA_HOME:?JAVA_HOME must name a JDK 25+ (the Makefile sets it)}"

case $prefix in /*) ;; *) prefix=$(pwd)/$prefix ;; esac
prefix=${prefix%/}
libdir=$prefix/lib/jrunc
dlib=$destdir$libdir
dbin=$destdir$prefix/bin

clijar=$(ls "$repo"/runtime-cli/target/runtime-cli-*.jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -n1 || true)
if [ -z "$clijar" ] || [ ! -d "$repo/runtime-cli/target/lib" ]; then
    echo "install: no build found (runtime-cli/target); run 'make build' first" >&2
    exit 1
fi

echo "install: jrunc into $destdir$prefix (JDK $JAVA_HOME)"
mkdir -p "$dlib" "$dbin"
# a re-install replaces everything: stale jars would stay on no classpath, but a stale cache would not match
rm -f "$dlib"/*.jar "$dlib"/jrunc*.aot "$dlib/jrunc-init" "$dlib/libjrunc.so"

cp "$clijar" "$dlib/runtime-cli.jar"
for j in "$repo"/runtime-cli/target/lib/*.jar; do cp "$j" "$dlib/"; done
chmod 0644 "$dlib"/*.jar

native=$repo/native-shim/target/native
for f in jrunc-init libjrunc.so; do
    if [ -f "$native/$f" ]; then
        install -m 0755 "$native/$f" "$dlib/$f"
    else
        echo "install: note: native-shim built no $f yet ($native/$f); commands that need it will fail"
    fi
done

# the AOT training driver (see runtime-cli/src/main/dist/aot/Train.java): last on the classpath
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
"$JAVA_HOME/bin/javac" -nowarn --release 25 -d "$tmp/classes" "$repo/runtime-cli/src/main/dist/aot/Train.java"
"$JAVA_HOME/bin/jar" --create --file "$dlib/jrunc-aot-train.jar" -C "$tmp/classes" .
chmod 0644 "$dlib/jrunc-aot-train.jar"

# classpath: the CLI first, then the libraries in name order, then the training driver.
# The AOT cache is only used with the classpath it was recorded with: this string is the one.
cp_list=$libdir/runtime-cli.jar
for j in $(cd "$dlib" && ls *.jar | LC_ALL=C sort); do
    case $j in runtime-cli.jar|jrunc-aot-train.jar) continue ;; esac
    cp_list=$cp_list:$libdir/$j
done
cp_list=$cp_list:$libdir/jrunc-aot-train.jar

# JVM flags: see docs/performance.md for the measurements behind them
jvm_opts='-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xlog:disable --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow'

sed -e "s|@JAVA@|$JAVA_HOME/bin/java|g" \
    -e "s|@LIBDIR@|$libdir|g" \
    -e "s|@CLASSPATH@|$cp_list|g" \
    -e "s|@JVM_OPTS@|$jvm_opts|g" \
    "$repo/runtime-cli/src/main/dist/jrunc" > "$dbin/jrunc.tmp"
chmod 0755 "$dbin/jrunc.tmp"
mv -f "$dbin/jrunc.tmp" "$dbin/jrunc"
install -m 0755 "$repo/scripts/aot-train.sh" "$dlib/aot-train.sh"

if [ -n "$destdir" ]; then
    echo "install: DESTDIR set: no AOT cache recorded; run $libdir/aot-train.sh $prefix/bin/jrunc after unpacking (jrunc works without it, slower)"
    exit 0
fi
"$dlib/aot-train.sh" "$prefix/bin/jrunc" || true
echo "install: done: $prefix/bin/jrunc"
