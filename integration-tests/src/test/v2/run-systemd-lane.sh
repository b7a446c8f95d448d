#!/bin/bash
# run-systemd-lane.sh JRUNC BUSYBOX_ROOTFS - jrunc --systemd-cgroup against a real systemd, in
# ONE boot of the pure-v2 VM (scripts/cgv2-vm.sh). The VM's init is busybox, so systemd (the
# host's /lib/systemd/systemd, 252 on Debian 12) is started as PID 1 of a new pid + mount
# namespace (container=…, a fresh /run, an empty target), in the VM's root cgroup: it then
# manages /sys/fs/cgroup/{init.scope,system.slice,…} as on a booted host. Every jrunc and
# systemctl call enters its namespaces (nsenter -a), so jrunc finds /run/systemd/private.
# Each result is one TAP-like line "ok - …" / "not ok - …"; the exit code is the number of
# failures (125: the VM did not run). Run by SystemdCgroupLaneIT.
set -u
if [ "${1:-}" != --inside ]; then
    [ $# -eq 2 ] || { echo "usage: $0 JRUNC BUSYBOX_ROOTFS" >&2; exit 2; }
    here=$(cd "$(dirname "$0")" && pwd)
    repo=$(cd "$here/../../../.." && pwd)
    exec "$repo/scripts/cgv2-vm.sh" -m 1G -t "${SDLANE_TIMEOUT:-900}" -- "$here/run-systemd-lane.sh" --inside "$1" "$2"
fi
J=$2 BUSYBOX=$3
R=/run/jrunc-sdlane CG=/sys/fs/cgroup
fails=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; fails=$((fails + 1)); }
# check NAME EXPECTED ACTUAL
check() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: expected '$2', got '$3'"; fi; }
rd() { cat "$1" 2>&1; }

# ---- systemd as PID 1 of a pid namespace --------------------------------------------------
mkdir -p /etc/systemd/system
printf '[Unit]\nDescription=jrunc systemd lane (nothing else)\n' > /etc/systemd/system/jrunc-lane.target
t0=$(date +%s%N)
unshare --pid --fork --mount --propagation private sh -c '
    mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
    mount -t proc -o nosuid,nodev,noexec proc /proc
    exec env -i container=jrunc-lane PATH=/usr/sbin:/usr/bin:/sbin:/bin \
        /lib/systemd/systemd --unit=jrunc-lane.target --log-target=kmsg --log-level=notice
' </dev/null >/tmp/systemd.out 2>&1 &
unshare_pid=$!
SD=
for i in $(seq 100); do SD=$(pgrep -P $unshare_pid); [ -n "$SD" ] && break; sleep 0.1; done
nsx() { nsenter -t "$SD" -a "$@"; }
st=
for i in $(seq 300); do
    st=$(nsx systemctl is-system-running 2>&1)
    case $st in running|degraded) break ;; esac
    sleep 0.3
done
echo "# systemd pid $SD (host), state '$st' after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
case $st in
    running|degraded) ok "systemd runs as PID 1 of a pid namespace ($st)" ;;
    *) bad "systemd did not come up: '$st'"; dmesg | grep systemd | tail -20 | sed 's/^/# /'; echo "# $fails failure(s)"; exit $fails ;;
esac
check "systemd is PID 1 there" systemd "$(nsx cat /proc/1/comm 2>&1)"
jr() { nsx "$J" --root "$R" --systemd-cgroup "$@"; }
show() { nsx systemctl show "$1" -p "$2" --value 2>&1; }

# bundle NAME CGROUPSPATH ARGS RESOURCES: /tmp/NAME with a busybox rootfs, no cgroup namespace
# (so /proc/self/cgroup inside names the unit's cgroup)
bundle() {
    mkdir -p /tmp/$1 && cp -a "$BUSYBOX" /tmp/$1/rootfs
    cat > /tmp/$1/config.json <<JSON
{"ociVersion":"1.2.0",
 "process":{"terminal":false,"user":{"uid":0,"gid":0},"cwd":"/","env":["PATH=/bin:/usr/bin:/sbin"],"args":[$3],
  "capabilities":{"bounding":["CAP_KILL"],"effective":["CAP_KILL"],"permitted":["CAP_KILL"]}},
 "root":{"path":"rootfs","readonly":false},
 "mounts":[{"destination":"/proc","type":"proc","source":"proc"},
  {"destination":"/dev","type":"tmpfs","source":"tmpfs","options":["nosuid","strictatime","mode=755","size=65536k"]}],
 "linux":{"cgroupsPath":"$2",
  "resources":{$4},
  "namespaces":[{"type":"mount"},{"type":"ipc"},{"type":"uts"},{"type":"pid"}]}}
JSON
}

# ---- A: a scope in system.slice with limits; update; a second container on the same unit; delete
bundle a "system.slice:jrunc:a" '"sh","-c","cat /proc/self/cgroup > /inside; i=0; while true; do i=$((i+1)); echo $i > /count; sleep 0.1; done"' \
    '"memory":{"limit":67108864},"pids":{"limit":32},"cpu":{"shares":512,"quota":50000,"period":100000}'
# the container keeps run's stdout: a file, not a pipe someone waits on
jr run -d --bundle /tmp/a a >/tmp/a/run.out 2>&1 </dev/null; check "run -d with --systemd-cgroup" "0 " "$? $(cat /tmp/a/run.out)"
U=jrunc-a.scope A=$CG/system.slice/jrunc-a.scope
for i in $(seq 100); do [ -s /tmp/a/rootfs/count ] && break; sleep 0.1; done
check "unit active" active "$(show $U ActiveState)"
check "unit in system.slice" system.slice "$(show $U Slice)"
check "unit's ControlGroup" /system.slice/jrunc-a.scope "$(show $U ControlGroup)"
check "unit delegated" yes "$(show $U Delegate)"
check "MemoryMax property" 67108864 "$(show $U MemoryMax)"
check "TasksMax property" 32 "$(show $U TasksMax)"
check "CPUQuotaPerSecUSec property (50000/100000)" 500ms "$(show $U CPUQuotaPerSecUSec)"
check "CPUWeight property from shares 512" 59 "$(show $U CPUWeight)"
check "container's /proc/self/cgroup names the scope" "0::/system.slice/jrunc-a.scope" "$(rd /tmp/a/rootfs/inside)"
check "memory.max in the scope" 67108864 "$(rd $A/memory.max)"
check "pids.max in the scope" 32 "$(rd $A/pids.max)"
check "cpu.max in the scope" "50000 100000" "$(rd $A/cpu.max)"
check "cpu.weight in the scope" 59 "$(rd $A/cpu.weight)"
pid=$(jr state a 2>&1 | sed -n 's/.*"pid": \([0-9]*\),.*/\1/p')
# (cgroup.procs read from systemd's pid namespace: pids as jrunc and systemd see them)
nsx cat $A/cgroup.procs 2>/dev/null | grep -qx "$pid" && ok "init ($pid) in the scope's cgroup.procs" \
    || bad "init '$pid' not in $A/cgroup.procs: $(nsx cat $A/cgroup.procs 2>&1 | tr '\n' ' ')"
nsx cat "$R/a/state.json" 2>/dev/null | grep -q '"@systemd-unit": *"jrunc-a.scope"' && ok "state.json names the unit" \
    || bad "state.json: $(nsx cat $R/a/state.json 2>&1 | grep -o '"cgroup_paths":{[^}]*}')"

# the same unit for another container: refused by name, nothing left, A untouched
bundle dup "system.slice:jrunc:a" '"true"' '"memory":{"limit":67108864}'
jr run -d --bundle /tmp/dup dup >/tmp/dup/run.out 2>&1 </dev/null; rc=$? out=$(cat /tmp/dup/run.out)
case "$rc $out" in
    "1 "*"unit jrunc-a.scope already exists"*) ok "a live unit of the same name is refused ($out)" ;;
    *) bad "same unit: rc $rc: $out" ;;
esac
nsx test -e "$R/dup" && bad "refused create left $R/dup" || ok "refused create leaves no state"
check "A still active after the refused create" active "$(show $U ActiveState)"
check "A's memory.max untouched" 67108864 "$(rd $A/memory.max)"

out=$(jr update --memory 80m --pids-limit 20 a 2>&1); check "update" "" "$out"
check "memory.max after update" 83886080 "$(rd $A/memory.max)"
check "MemoryMax after update" 83886080 "$(show $U MemoryMax)"
check "pids.max after update" 20 "$(rd $A/pids.max)"
check "TasksMax after update" 20 "$(show $U TasksMax)"

out=$(jr delete --force a 2>&1); check "delete --force" "" "$out"
check "unit gone after delete" "not-found inactive" "$(show $U LoadState) $(show $U ActiveState)"
[ -e $A ] && bad "delete left $A" || ok "delete removes the scope's cgroup"

# ---- B: a nested slice (jrunclane-inner.slice → /jrunclane.slice/jrunclane-inner.slice), foreground run
bundle b "jrunclane-inner.slice:jrunc:b" '"cat","/proc/self/cgroup"' \
    '"memory":{"limit":33554432},"pids":{"limit":16}'
t=$(date +%s%N)
out=$(jr run --bundle /tmp/b b 2>&1 </dev/null)
echo "# run (create, start, wait, delete: one JVM) with the systemd driver: $(( ($(date +%s%N) - t) / 1000000 )) ms"
check "nested slice: the container is in the scope" "0::/jrunclane.slice/jrunclane-inner.slice/jrunc-b.scope" "$out"
check "nested slice unit made by systemd" loaded "$(show jrunclane-inner.slice LoadState)"
check "scope gone after run" not-found "$(show jrunc-b.scope LoadState)"
[ -e $CG/jrunclane.slice/jrunclane-inner.slice/jrunc-b.scope ] && bad "run left the scope's cgroup" \
    || ok "run removes the scope's cgroup"

# ---- C: a slice unit as the name (runc: the unit is that slice, its parent comes from its name)
bundle c ":jrunc:jrunclane-c.slice" '"cat","/proc/self/cgroup"' '"pids":{"limit":8}'
out=$(jr run --bundle /tmp/c c 2>&1 </dev/null)
check "slice unit: the container is in it" "0::/jrunclane.slice/jrunclane-c.slice" "$out"
check "slice unit stopped after run" "inactive" "$(show jrunclane-c.slice ActiveState)"

echo "# $fails failure(s)"
exit $fails
