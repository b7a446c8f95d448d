#!/bin/bash
# run-v2-lane.sh JRUNC BUSYBOX_ROOTFS - the cgroup v2 scenarios, in ONE boot of a pure-v2 VM
# (scripts/cgv2-vm.sh: Debian's kernel with cgroup_no_v1=all, the host's root read-only with a
# tmpfs overlay). Checks are made by shell on the cgroup files; each result is one TAP-like line
# "ok - …" / "not ok - …"; the exit code is the number of failures (125: the VM did not run).
# Run by CgroupV2LaneIT (make test). Every jrunc call starts a JVM (~5 s under emulation), so
# the scenarios share containers and calls.
set -u
if [ "${1:-}" != --inside ]; then
    [ $# -eq 2 ] || { echo "usage: $0 JRUNC BUSYBOX_ROOTFS" >&2; exit 2; }
    here=$(cd "$(dirname "$0")" && pwd)
    repo=$(cd "$here/../../../.." && pwd)
    exec "$repo/scripts/cgv2-vm.sh" -m 1G -t "${V2LANE_TIMEOUT:-900}" -- "$here/run-v2-lane.sh" --inside "$1" "$2"
fi
J=$2 BUSYBOX=$3
R=/run/jrunc-v2lane CG=/sys/fs/cgroup PARENT=/sys/fs/cgroup/jrunc-v2lane
fails=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; fails=$((fails + 1)); }
# check NAME EXPECTED ACTUAL
check() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: expected '$2', got '$3'"; fi; }
jr() { "$J" --root "$R" "$@"; }
rd() { cat "$1" 2>&1; }
kmsg_major=$(stat -c %t /dev/kmsg) kmsg_minor=$(stat -c %T /dev/kmsg)
# bundle NAME ARGS RESOURCES [DEVICE_RULES]: /tmp/NAME with a busybox rootfs, cgroup /jrunc-v2lane/NAME,
# default-deny device rules (+ DEVICE_RULES) and RESOURCES (JSON members), a /dev/kmsg node
bundle() {
    mkdir -p /tmp/$1 && cp -a "$BUSYBOX" /tmp/$1/rootfs
    cat > /tmp/$1/config.json <<JSON
{"ociVersion":"1.2.0",
 "process":{"terminal":false,"user":{"uid":0,"gid":0},"cwd":"/","env":["PATH=/bin:/usr/bin:/sbin"],"args":[$2],
  "capabilities":{"bounding":["CAP_KILL","CAP_SYSLOG"],"effective":["CAP_KILL","CAP_SYSLOG"],"permitted":["CAP_KILL","CAP_SYSLOG"]}},
 "root":{"path":"rootfs","readonly":false},
 "mounts":[{"destination":"/proc","type":"proc","source":"proc"},
  {"destination":"/dev","type":"tmpfs","source":"tmpfs","options":["nosuid","strictatime","mode=755","size=65536k"]},
  {"destination":"/sys","type":"sysfs","source":"sysfs","options":["nosuid","noexec","nodev","ro"]},
  {"destination":"/sys/fs/cgroup","type":"cgroup","source":"cgroup","options":["nosuid","noexec","nodev","relatime","ro"]}],
 "linux":{"cgroupsPath":"/jrunc-v2lane/$1",
  "devices":[{"path":"/dev/kmsg","type":"c","major":$((16#$kmsg_major)),"minor":$((16#$kmsg_minor)),"fileMode":420}],
  "resources":{"devices":[{"allow":false,"access":"rwm"}${4:-}],$3},
  "namespaces":[{"type":"mount"},{"type":"ipc"},{"type":"uts"},{"type":"cgroup"},{"type":"pid"}]}}
JSON
}

echo "# kernel $(uname -r); $(grep -c . /proc/self/cgroup) line(s) in /proc/self/cgroup; $(stat -fc %T $CG)"
check "pure cgroup v2" cgroup2fs "$(stat -fc %T $CG)"

# A: limits, device filter, pause/resume, update, ps, events --stats, delete
b=/tmp/a
bundle a '"sh","-c","cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max > /inside; head -c1 /dev/null && echo null-ok >> /inside; true 2>> /inside < /dev/kmsg || echo kmsg-denied >> /inside; i=0; while true; do i=$((i+1)); echo $i > /count; sleep 0.05; done"' \
    '"memory":{"limit":67108864},"pids":{"limit":32},"cpu":{"shares":512,"quota":50000,"period":100000}'
# the container keeps run's stdout: a file, not a pipe someone waits on
(cd $b && jr run -d a >$b/run.out 2>&1 </dev/null); check "run -d" "0 " "$? $(cat $b/run.out)"
A=$PARENT/a
for i in $(seq 100); do [ -s $b/rootfs/count ] && break; sleep 0.1; done
check "memory.max" 67108864 "$(rd $A/memory.max)"
check "pids.max" 32 "$(rd $A/pids.max)"
check "cpu.max" "50000 100000" "$(rd $A/cpu.max)"
check "cpu.weight from shares 512 (runc's quadratic mapping)" 59 "$(rd $A/cpu.weight)"
for c in cpu memory pids; do
    grep -qw $c $CG/cgroup.subtree_control && grep -qw $c $PARENT/cgroup.subtree_control \
        && ok "$c enabled in the parents' subtree_control" || bad "$c not enabled: root '$(rd $CG/cgroup.subtree_control)' parent '$(rd $PARENT/cgroup.subtree_control)'"
done
check "limits seen inside (cgroup namespace)" "67108864 32 null-ok" "$(head -3 $b/rootfs/inside | tr '\n' ' ' | sed 's/ $//')"
grep -q "kmsg-denied" $b/rootfs/inside && grep -q "Operation not permitted" $b/rootfs/inside \
    && ok "device filter denies /dev/kmsg, allows /dev/null" || bad "device filter: $(tr '\n' '|' < $b/rootfs/inside)"

pid=$(head -1 $A/cgroup.procs)
ps=$(jr ps --format json a 2>&1)
[[ $ps =~ ^\[$pid(,[0-9]+)*\]$ ]] && ok "ps --format json" || bad "ps --format json: expected [$pid,…], got '$ps'"
out=$(jr pause a 2>&1); check "pause" "" "$out"
check "cgroup.freeze after pause" 1 "$(rd $A/cgroup.freeze)"
check "cgroup.events frozen" "frozen 1" "$(grep frozen $A/cgroup.events)"
c1=$(cat $b/rootfs/count 2>/dev/null); sleep 1; c2=$(cat $b/rootfs/count 2>/dev/null)
check "no progress while paused" "$c1" "$c2"
check "state says paused" '"status": "paused",' "$(jr state a 2>&1 | grep -o '"status": "[a-z]*",')"
out=$(jr resume a 2>&1); check "resume" "" "$out"
check "cgroup.freeze after resume" 0 "$(rd $A/cgroup.freeze)"
for i in $(seq 100); do [ "$(cat $b/rootfs/count 2>/dev/null)" != "$c2" ] && break; sleep 0.1; done
[ "$(cat $b/rootfs/count 2>/dev/null)" != "$c2" ] && ok "progress after resume" || bad "no progress after resume"

out=$(echo '{"memory":{"limit":100663296,"reservation":0,"swap":0},"cpu":{"shares":0,"quota":0,"period":0,"cpus":"","mems":""},"pids":{"limit":0}}' \
    | jr update --resources - a 2>&1); check "update --resources -" "" "$out"
check "memory.max after update" 100663296 "$(rd $A/memory.max)"
check "pids.max unchanged by a zero" 32 "$(rd $A/pids.max)"
out=$(jr update --pids-limit 7 --cpu-quota 20000 --memory 80m a 2>&1); check "update flags" "" "$out"
check "pids.max after --pids-limit" 7 "$(rd $A/pids.max)"
check "cpu.max after --cpu-quota" "20000 100000" "$(rd $A/cpu.max)"
check "memory.max after --memory 80m" 83886080 "$(rd $A/memory.max)"

stats=$(jr events --stats a 2>&1)
case $stats in
    '{"type":"stats","id":"a","data":{'*'"pids":{"current":'[0-9]*',"limit":7}'*) ok "events --stats" ;;
    *) bad "events --stats: $stats" ;;
esac
echo "$stats" | grep -q '"memory":{.*"usage":{"limit":83886080' && ok "events --stats memory limit" \
    || bad "events --stats memory: $stats"

out=$(jr delete --force a 2>&1); check "delete --force" "" "$out"
[ -e $A ] && bad "delete left $A" || ok "delete removes the cgroup"

# B: an OOM kill seen by the events stream, which ends when the container stops
b=/tmp/b
bundle b '"sh","-c","while [ ! -e /go ]; do sleep 0.1; done; exec tail /dev/zero"' '"memory":{"limit":16777216,"swap":16777216}'
(cd $b && jr run -d b >$b/run.out 2>&1 </dev/null); check "run -d (oom)" "0 " "$? $(cat $b/run.out)"
check "memory.max (oom)" 16777216 "$(rd $PARENT/b/memory.max)"
jr events --interval 1s b > $b/events.out 2>&1 &
ev=$!
for i in $(seq 600); do [ -s $b/events.out ] && break; sleep 0.1; done
touch $b/rootfs/go
for i in $(seq 600); do kill -0 $ev 2>/dev/null || break; sleep 0.1; done
if kill -0 $ev 2>/dev/null; then bad "events did not end after the OOM kill"; kill $ev; fi
wait $ev; check "events exit status" 0 $?
grep -qx '{"type":"oom","id":"b"}' $b/events.out && ok "events reports the OOM kill" \
    || bad "no oom event: $(cut -c1-200 $b/events.out)"
grep -q "oom_kill [1-9]" $PARENT/b/memory.events && ok "memory.events oom_kill" || bad "memory.events: $(rd $PARENT/b/memory.events)"
out=$(jr delete b 2>&1); check "delete (oom)" "" "$out"
[ -e $PARENT/b ] && bad "delete left $PARENT/b" || ok "delete removes the cgroup (oom)"

# C: a 2 MiB container still runs (the JVM never joins the cgroup)
b=/tmp/c
# (and, as the control for A's denial, a device rule that allows /dev/kmsg lets it be read)
bundle c '"sh","-c","echo tiny; cat /sys/fs/cgroup/memory.max; true < /dev/kmsg && echo kmsg-ok"' \
    '"memory":{"limit":2097152}' ',{"allow":true,"type":"c","major":'$((16#$kmsg_major))',"minor":'$((16#$kmsg_minor))',"access":"r"}'
check "2 MiB container runs echo; an allow rule opens /dev/kmsg" "tiny 2097152 kmsg-ok" \
    "$(cd $b && jr run c 2>&1 </dev/null | tr '\n' ' ' | sed 's/ $//')"
[ -e $PARENT/c ] && bad "run left $PARENT/c" || ok "run removes the cgroup"

echo "# $fails failure(s)"
exit $fails
