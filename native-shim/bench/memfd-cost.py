#!/usr/bin/env python3
"""Cost of jrunc-init's sealed-memfd re-exec (CVE-2019-5736).

Runs jrunc-init with an empty plan N times from its file (it copies itself into a sealed
memfd and re-execs), then N times from a memfd this script sealed beforehand (it sees the
seals and skips the copy). The difference is the re-exec cost. Usage:
    memfd-cost.py [path/to/jrunc-init] [N]
"""
import fcntl, os, socket, statistics, struct, subprocess, sys, time

init = sys.argv[1] if len(sys.argv) > 1 else "native-shim/target/native/jrunc-init"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
plan = b"JRPLAN01" + struct.pack("<I", 0)
frame = struct.pack("<II", 1, len(plan)) + plan


def once(exe, extra_fds):
    a, b = socket.socketpair()
    t = time.perf_counter()
    p = subprocess.Popen([exe], executable=exe, env={"_JRUNC_SYNC_FD": str(b.fileno())},
                         pass_fds=[b.fileno(), *extra_fds])
    b.close()
    a.sendall(frame)
    assert a.recv(1) == b""  # EOF: the empty plan ran, S0 exited
    rc = p.wait()
    dt = time.perf_counter() - t
    a.close()
    assert rc == 0, rc
    return dt


def bench(label, exe, extra_fds=()):
    for _ in range(30):
        once(exe, extra_fds)
    ts = sorted(once(exe, extra_fds) for _ in range(n))
    med = statistics.median(ts) * 1e6
    print(f"{label:34s} n={n} median {med:7.0f} us  p90 {ts[n * 9 // 10] * 1e6:7.0f} us")
    return med


m = os.memfd_create("jrunc-init", os.MFD_ALLOW_SEALING)  # inheritable: the child execs it
with open(init, "rb") as f:
    os.write(m, f.read())
fcntl.fcntl(m, fcntl.F_ADD_SEALS, fcntl.F_SEAL_SEAL | fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_GROW | fcntl.F_SEAL_WRITE)

a = bench("from file (copy + re-exec)", init)
b = bench("from pre-sealed memfd (no re-exec)", f"/proc/self/fd/{m}", [m])
print(f"re-exec cost ~ {a - b:.0f} us per start ({os.path.getsize(init)} byte binary)")
