#!/bin/sh
# Makes an OCI bundle: DIR/rootfs (busybox or Debian minbase) and DIR/config.json.
# The config comes from `jrunc spec` when $JRUNC names a launcher whose spec works, else from
# the stored runc-spec-equivalent template (integration-tests/src/test/resources/runc-spec.json);
# then process.terminal=false and process.args=ARGS (default: sh) are set with jq.
# Usage: scripts/mkbundle.sh busybox|debian DIR [ARGS...]
#   env: JRUNC=path/to/jrunc (optional), JRUNC_CACHE (for the Debian rootfs cache)
set -eu
kind=${1:?usage: mkbundle.sh busybox|debian DIR [ARGS...]}
dir=${2:?usage: mkbundle.sh busybox|debian DIR [ARGS...]}
shift 2
[ $# -gt 0 ] || set -- sh
here=$(cd "$(dirname "$0")" && pwd)
template=$here/../integration-tests/src/test/resources/runc-spec.json
command -v jq >/dev/null 2>&1 || { echo "mkbundle: jq is missing (make deps)" >&2; exit 1; }

mkdir -p "$dir"
case $kind in
busybox) "$here/mkrootfs-busybox.sh" "$dir/rootfs" ;;
debian) "$here/mkrootfs-debian.sh" "$dir/rootfs" ;;
*) echo "mkbundle: unknown rootfs kind '$kind' (busybox or debian)" >&2; exit 1 ;;
esac

rm -f "$dir/config.json"
src=template
if [ -n "${JRUNC:-}" ] && [ -x "$JRUNC" ] &&
   (cd "$dir" && "$JRUNC" spec) </dev/null >/dev/null 2>&1 && jq -e .ociVersion "$dir/config.json" >/dev/null 2>&1; then
    src="jrunc spec"
else
    rm -f "$dir/config.json"
    cp "$template" "$dir/config.json"
fi
args=$(jq -cn '$ARGS.positional' --args -- "$@")
jq --tab --argjson args "$args" '.process.terminal = false | .process.args = $args' \
    "$dir/config.json" > "$dir/config.json.tmp"
mv -f "$dir/config.json.tmp" "$dir/config.json"
echo "mkbundle: $dir ($kind rootfs, config from $src, args $args)"
