#!/bin/sh
# make demo: runs a busybox container with an installed jrunc.
# Usage: scripts/demo.sh LAUNCHER WORKDIR
# Exit 0 when the container ran and printed its greeting; 1 otherwise.
set -eu
jrunc=${1:?usage: demo.sh LAUNCHER WORKDIR}
work=${2:?usage: demo.sh LAUNCHER WORKDIR}
here=$(cd "$(dirname "$0")" && pwd)
greeting="hello from a jrunc container"

rm -rf "$work"
mkdir -p "$work/state"
JRUNC=$jrunc "$here/mkbundle.sh" busybox "$work/bundle" \
    sh -c "echo \"$greeting: hostname \$(hostname), pid \$\$, uid \$(id -u)\""

echo "demo: $jrunc --version"
"$jrunc" --version </dev/null || true
id=jrunc-demo-$$
echo "demo: $jrunc --root $work/state run --bundle $work/bundle $id"
set +e
out=$("$jrunc" --root "$work/state" run --bundle "$work/bundle" "$id" </dev/null 2>&1)
rc=$?
set -e
[ -n "$out" ] && printf '%s\n' "$out"
"$jrunc" --root "$work/state" delete --force "$id" </dev/null >/dev/null 2>&1 || true

if [ $rc -eq 0 ] && printf '%s\n' "$out" | grep -q "$greeting"; then
    echo "demo: OK: jrunc ran the container (exit $rc)"
    exit 0
fi
echo "demo: FAILED: jrunc run exited $rc without the greeting" >&2
exit 1
