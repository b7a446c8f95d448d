#!/bin/sh
# Installs the Debian packages given as arguments that are not installed yet (make deps).
# Quiet, non-interactive; runs apt-get update first only when something is missing.
# As root it uses apt-get directly, otherwise sudo -n (and fails clearly without it).
set -eu

missing=
for p in "$@"; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case $st in *" installed") ;; *) missing="$missing $p" ;; esac
done
if [ -z "$missing" ]; then
    echo "deps: all present ($*)"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then sudo=; elif command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else
    echo "deps: missing Debian packages:$missing; install them as root (apt-get install$missing)" >&2
    exit 1
fi
echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq </dev/null >/dev/null
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends -o Dpkg::Use-Pty=0 \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold $missing </dev/null >/dev/null
echo "deps: done"
