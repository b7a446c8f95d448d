package io.jrunc.core.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** File helpers shared by the v1 and v2 managers. */
abstract class AbstractManager implements CgroupManager {
    /** runc's rmdir retry: 10 tries on EBUSY, the delay doubling from 1 ms. */
    static final int RMDIR_TRIES = 10;

    final CgroupIO io;
    final CgroupConfig cfg;

    AbstractManager(CgroupIO io, CgroupConfig cfg) {
        this.io = io;
        this.cfg = cfg;
    }

    @Override
    public List<DeviceRule> deviceRules(io.jrunc.spec.LinuxResources r) throws CgroupException {
        return DeviceRules.effective(r == null ? null : r.devices(), cfg.specDevicePaths());
    }

    void write(Path dir, String file, String value) throws CgroupIOException {
        io.write(dir.resolve(file), value);
    }

    String read(Path dir, String file) throws CgroupIOException {
        return io.read(dir.resolve(file));
    }

    /** The file's content, or null when it does not exist. */
    String readIfExists(Path dir, String file) throws CgroupIOException {
        try {
            return io.read(dir.resolve(file));
        } catch (CgroupIOException e) {
            if (e.is(CgroupIOException.Errno.ENOENT) || e.is(CgroupIOException.Errno.ENODEV)) {
                return null;
            }
            throw e;
        }
    }

    long readUint(Path dir, String file) throws CgroupException {
        String s = read(dir, file);
        try {
            return Convert.parseUint(s);
        } catch (CgroupException e) {
            throw new CgroupException("cgroup: unable to parse " + dir.resolve(file) + ": \"" + s.strip() + "\"");
        }
    }

    /** "key value" lines (memory.stat, cpu.stat, memory.events, …); unparsable values are skipped. */
    Map<String, Long> keyValues(Path dir, String file) throws CgroupException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : read(dir, file).split("\n")) {
            String[] kv = line.strip().split("\\s+");
            if (kv.length != 2) {
                continue;
            }
            try {
                out.put(kv[0], Convert.parseUint(kv[1]));
            } catch (CgroupException ignored) {
                // not a number: not a counter
            }
        }
        return out;
    }

    /** Pids in dir/cgroup.procs and every sub-cgroup's (runc's GetAllPids); a missing dir has none. */
    List<Integer> pidsRecursive(Path dir) throws CgroupException {
        List<Integer> out = new ArrayList<>();
        if (!io.exists(dir)) {
            return out;
        }
        String procs = readIfExists(dir, "cgroup.procs");
        if (procs != null) {
            for (String l : procs.split("\n")) {
                if (!l.isBlank()) {
                    try {
                        out.add(Integer.parseInt(l.strip()));
                    } catch (NumberFormatException e) {
                        throw new CgroupException("cgroup: unexpected line \"" + l.strip() + "\" in "
                                + dir.resolve("cgroup.procs"));
                    }
                }
            }
        }
        for (Path sub : io.subdirs(dir)) {
            out.addAll(pidsRecursive(sub));
        }
        return out;
    }

    /** runc's RemovePath: rmdir; if that fails, remove sub-cgroups first, then retry on EBUSY. */
    void removePath(Path dir) throws CgroupException {
        try {
            io.rmdir(dir);
            return;
        } catch (CgroupIOException first) {
            if (!io.exists(dir)) {
                return;
            }
        }
        for (Path sub : io.subdirs(dir)) {
            removePath(sub);
        }
        long delay = 1;
        for (int tries = RMDIR_TRIES; ; tries--) {
            try {
                io.rmdir(dir);
                return;
            } catch (CgroupIOException e) {
                if (!e.is(CgroupIOException.Errno.EBUSY) || tries == 0) {
                    throw e;
                }
            }
            io.sleepMillis(delay);
            delay *= 2;
        }
    }

    /** After a kill: wait (up to ~1 s) for the processes to leave the cgroup. */
    void waitEmpty(Path dir) throws CgroupException {
        for (int i = 0; i < 100; i++) {
            if (pidsRecursive(dir).isEmpty()) {
                return;
            }
            io.sleepMillis(10);
        }
    }

    static void signalAll(List<Integer> pids, Signaller signaller) {
        for (int pid : pids) {
            signaller.kill(pid, SIGKILL);
        }
    }

    static CgroupException notEmpty(int n) {
        return new CgroupException("container's cgroup is not empty: " + n + " process(es) found");
    }

    static CgroupException unexpectedlyFrozen() {
        return new CgroupException("container's cgroup unexpectedly frozen");
    }

    /** The hugetlb page sizes this cgroup has knobs for (from file names, e.g. "2MB"). */
    List<String> hugePageSizes(Path dir, String suffix) throws CgroupException {
        List<String> out = new ArrayList<>();
        for (String f : io.fileNames(dir)) {
            if (f.startsWith("hugetlb.") && f.endsWith(suffix)) {
                String size = f.substring("hugetlb.".length(), f.length() - suffix.length());
                if (!size.contains(".")) {
                    out.add(size);
                }
            }
        }
        return out;
    }
}
