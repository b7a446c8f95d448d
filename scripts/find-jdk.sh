#!/bin/sh
# Prints the JAVA_HOME of a JDK >= 25 to build and run jrunc with, or explains and exits 1.
# Order: $JAVA_HOME if its java is >= 25, else the newest JDK >= 25 under /usr/lib/jvm.
# Usage: scripts/find-jdk.sh [MIN_MAJOR]   (default 25)
set -eu
min=${1:-25}

# major version of the JDK at $1 (from its release file, else from java -version), or 0
major() {
    v=
    if [ -r "$1/release" ]; then
        v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release")
    fi
    if [ -z "$v" ] && [ -x "$1/bin/java" ]; then
        v=$("$1/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n1)
    fi
    v=${v#1.}   # 1.8 -> 8
    v=${v%%[!0-9]*}
    echo "${v:-0}"
}

is_jdk() { [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ]; }

if [ -n "${JAVA_HOME:-}" ] && is_jdk "$JAVA_HOME" && [ "$(major "$JAVA_HOME")" -ge "$min" ]; then
    echo "$JAVA_HOME"
    exit 0
fi

best= bestv=0
for d in /usr/lib/jvm/*; do
    [ -d "$d" ] && [ ! -L "$d" ] && is_jdk "$d" || continue
    v=$(major "$d")
    if [ "$v" -ge "$min" ] && [ "$v" -gt "$bestv" ]; then best=$d bestv=$v; fi
done
if [ -n "$best" ]; then
    echo "$best"
    exit 0
fi

echo "error: jrunc needs a JDK $min or newer; JAVA_HOME (${JAVA_HOME:-unset}) is not one and none was found under /usr/lib/jvm." >&2
echo "       Install one (e.g. Temurin 25 in /usr/lib/jvm/temurin-25-jdk-amd64) or set JAVA_HOME to it." >&2
exit 1
