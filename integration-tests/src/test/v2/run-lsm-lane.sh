#!/bin/bash
# run-lsm-lane.sh JRUNC BUSYBOX_ROOTFS - AppArmor profiles applied by jrunc, in ONE boot of a VM
# running Debian's kernel (scripts/cgv2-vm.sh; AppArmor is its default LSM), the host's root
# read-only with a tmpfs overlay. This host has no AppArmor, so the "enabled" side is checked
# there: a test profile is loaded with the host's apparmor_parser, containers run under it
# (process.apparmorProfile, and exec --apparmor), and the checks read /proc/<pid>/attr/current
# and try what the profile denies. Each result is one TAP-like line "ok - …" / "not ok - …"; the
# exit code is the number of failures (125: the VM did not run). Run by LsmLaneIT.
set -u
if [ "${1:-}" != --inside ]; then
    [ $# -eq 2 ] || { echo "usage: $0 JRUNC BUSYBOX_ROOTFS" >&2; exit 2; }
    here=$(cd "$(dirname "$0")" && pwd)
    repo=$(cd "$here/../../../.." && pwd)
    exec "$repo/scripts/cgv2-vm.sh" -m 1G -t "${LSMLANE_TIMEOUT:-900}" -- "$here/run-lsm-lane.sh" --inside "$1" "$2"
fi
J=$2 BUSYBOX=$3
R=/run/jrunc-lsmlane
fails=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; fails=$((fails + 1)); }
# check NAME EXPECTED ACTUAL
check() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: expected '$2', got '$3'"; fi; }
jr() { "$J" --root "$R" "$@"; }
# bundle NAME PROFILE ARGS: /tmp/NAME with a busybox rootfs; PROFILE "" = no apparmorProfile
bundle() {
    mkdir -p /tmp/$1 && cp -a "$BUSYBOX" /tmp/$1/rootfs
    local aa=
    [ -n "$2" ] && aa="\"apparmorProfile\":\"$2\","
    cat > /tmp/$1/config.json <<JSON
{"ociVersion":"1.2.0",
 "process":{"terminal":false,"user":{"uid":0,"gid":0},"cwd":"/","env":["PATH=/bin:/usr/bin:/sbin"],"args":[$3],
  $aa "noNewPrivileges":true,
  "capabilities":{"bounding":["CAP_KILL","CAP_DAC_OVERRIDE"],"effective":["CAP_KILL","CAP_DAC_OVERRIDE"],"permitted":["CAP_KILL","CAP_DAC_OVERRIDE"]}},
 "root":{"path":"rootfs","readonly":false},
 "mounts":[{"destination":"/proc","type":"proc","source":"proc"},
  {"destination":"/dev","type":"tmpfs","source":"tmpfs","options":["nosuid","strictatime","mode=755","size=65536k"]},
  {"destination":"/tmp","type":"tmpfs","source":"tmpfs","options":["nosuid","nodev","mode=1777"]}],
 "linux":{"namespaces":[{"type":"mount"},{"type":"ipc"},{"type":"uts"},{"type":"pid"},{"type":"network"}]}}
JSON
}

echo "# kernel $(uname -r); lsm: $(cat /sys/kernel/security/lsm 2>/dev/null || echo '?')"
if [ ! -d /sys/kernel/security/apparmor ]; then
    mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
fi
echo "# lsm after mounting securityfs: $(cat /sys/kernel/security/lsm 2>/dev/null || echo '?')"
check "AppArmor is enabled in the VM" Y "$(cat /sys/module/apparmor/parameters/enabled 2>&1)"
[ -d /sys/kernel/security/apparmor ] && ok "securityfs shows apparmor" || bad "no /sys/kernel/security/apparmor"

# jrunc-test: everything allowed except writing under /tmp/denied (paths as the container sees them)
cat > /tmp/jrunc-test.profile <<'PROFILE'
profile jrunc-test flags=(attach_disconnected,mediate_deleted) {
  file,
  capability,
  network,
  signal,
  ptrace,
  unix,
  mount,
  umount,
  pivot_root,
  deny /tmp/denied w,
}
PROFILE
out=$(apparmor_parser -r -K /tmp/jrunc-test.profile 2>&1); check "apparmor_parser loads jrunc-test" "0 " "$? $out"
grep -q '^jrunc-test (enforce)' /sys/kernel/security/apparmor/profiles && ok "jrunc-test is loaded in enforce mode" \
    || bad "jrunc-test not in $(tr '\n' '|' < /sys/kernel/security/apparmor/profiles)"

# A: process.apparmorProfile
bundle a jrunc-test '"sleep","600"'
(cd /tmp/a && jr run -d a >/tmp/a/run.out 2>&1 </dev/null); check "run -d with apparmorProfile jrunc-test" "0 " "$? $(cat /tmp/a/run.out)"
pid=$(jr state a 2>/dev/null | sed -n 's/.*"pid": \([0-9]*\).*/\1/p')
check "the container's init runs under jrunc-test" "jrunc-test (enforce)" "$(cat /proc/$pid/attr/current 2>&1)"
check "jrunc itself is not confined" "unconfined" "$(cat /proc/self/attr/current 2>&1)"
check "inside: /proc/self/attr/current of an exec'd process (the config's profile)" "jrunc-test (enforce)" \
    "$(jr exec a cat /proc/self/attr/current 2>&1)"
check "inside: the init's label seen from the container" "jrunc-test (enforce)" "$(jr exec a cat /proc/1/attr/current 2>&1)"
out=$(jr exec a sh -c 'echo x > /tmp/allowed && cat /tmp/allowed' 2>&1); check "the profile allows /tmp/allowed" "x" "$out"
out=$(jr exec a sh -c 'echo x > /tmp/denied' 2>&1); rc=$?
[ $rc -ne 0 ] && [[ $out == *"ermission denied"* ]] && ok "the profile denies writing /tmp/denied ($out)" \
    || bad "writing /tmp/denied: rc $rc, '$out'"
out=$(jr delete -f a 2>&1); check "delete a" "0 " "$? $out"

# B: no profile in the config; exec --apparmor
bundle b "" '"sleep","600"'
(cd /tmp/b && jr run -d b >/tmp/b/run.out 2>&1 </dev/null); check "run -d without a profile" "0 " "$? $(cat /tmp/b/run.out)"
check "without a profile the exec'd process is unconfined" "unconfined" "$(jr exec b cat /proc/self/attr/current 2>&1)"
check "exec --apparmor jrunc-test: /proc/self/attr/current" "jrunc-test (enforce)" \
    "$(jr exec --apparmor jrunc-test b cat /proc/self/attr/current 2>&1)"
out=$(jr exec --apparmor jrunc-test b sh -c 'echo x > /tmp/denied' 2>&1); rc=$?
[ $rc -ne 0 ] && [[ $out == *"ermission denied"* ]] && ok "exec --apparmor: the denial applies ($out)" \
    || bad "exec --apparmor writing /tmp/denied: rc $rc, '$out'"
out=$(jr exec b sh -c 'echo x > /tmp/denied && echo written' 2>&1); check "the same write without the flag" "written" "$out"
out=$(jr delete -f b 2>&1); check "delete b" "0 " "$? $out"

# C: a profile the kernel does not have fails create, leaving nothing
bundle c no-such-profile '"true"'
out=$(cd /tmp/c && jr create c 2>&1 </dev/null); rc=$?
[ $rc -ne 0 ] && [[ $out == *"process.apparmorProfile"* ]] && ok "an unknown profile fails create: $out" \
    || bad "unknown profile: rc $rc, '$out'"
check "nothing left of c" "" "$(ls $R 2>&1)"

echo "# $fails failure(s)"
exit $fails
