package io.jrunc.core.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake cgroupfs in a temp dir: hierarchy roots and every cgroup created through it get the
 * knob files the kernel would make (with the kernel's initial values); writes are recorded
 * (relative to the root, "memory/ct/memory.limit_in_bytes=…") and can be made to fail.
 */
final class FakeCgroupFs implements CgroupIO {
    final Path root;
    /** v1: hierarchy dir name → its controllers; v2: null. */
    private final Map<String, List<String>> v1;
    private final boolean v2;
    final List<String> writes = new ArrayList<>();
    private final Map<String, Deque<CgroupIOException.Errno>> failures = new HashMap<>();
    private final Map<String, Deque<String>> scriptedReads = new HashMap<>();
    int sleeps;
    /** v2: cgroup.events does not report "frozen 1" after a freeze. */
    boolean freezeStuck;

    private FakeCgroupFs(Path root, Map<String, List<String>> v1, boolean v2) {
        this.root = root;
        this.v1 = v1;
        this.v2 = v2;
    }

    /** A v1 host: hierarchy dir → controllers, e.g. "cpu,cpuacct" → [cpu, cpuacct]. */
    static FakeCgroupFs v1(Path root, String... hierarchies) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (String d : hierarchies) {
            h.put(d, d.equals("systemd") ? List.of("name=systemd") : List.of(d.split(",")));
        }
        FakeCgroupFs fs = new FakeCgroupFs(root, h, false);
        h.forEach((dir, ctrls) -> {
            Path p = root.resolve(dir);
            mkdirQuiet(p);
            fs.populateV1(p, ctrls, true);
        });
        return fs;
    }

    /** A unified host; the root offers these controllers. */
    static FakeCgroupFs v2(Path root, String... controllers) {
        FakeCgroupFs fs = new FakeCgroupFs(root, null, true);
        mkdirQuiet(root);
        put(root, "cgroup.controllers", String.join(" ", controllers) + "\n");
        put(root, "cgroup.subtree_control", "\n");
        put(root, "cgroup.procs", "");
        return fs;
    }

    CgroupHost hostV1(Path unified) {
        Map<String, String> c2d = new LinkedHashMap<>();
        v1.forEach((dir, ctrls) -> ctrls.forEach(c -> c2d.put(c, dir)));
        Map<String, String> own = new LinkedHashMap<>();
        c2d.keySet().forEach(c -> own.put(c, "/user.slice"));
        own.put("", "/user.slice/session-1.scope");
        return CgroupHost.v1(root, c2d, unified, own);
    }

    CgroupHost hostV2() {
        return CgroupHost.v2(root, "/user.slice/user-0.slice/session-1.scope");
    }

    void failNext(String fileName, CgroupIOException.Errno errno) {
        failures.computeIfAbsent(fileName, k -> new ArrayDeque<>()).add(errno);
    }

    void scriptReads(String fileName, String... values) {
        scriptedReads.computeIfAbsent(fileName, k -> new ArrayDeque<>()).addAll(List.of(values));
    }

    String rel(Path p) {
        return root.relativize(p).toString();
    }

    String content(String relPath) {
        try {
            return Files.readString(root.resolve(relPath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void set(String relPath, String value) {
        put(root.resolve(relPath).getParent(), root.resolve(relPath).getFileName().toString(), value);
    }

    @Override
    public void write(Path file, String value) throws CgroupIOException {
        Deque<CgroupIOException.Errno> f = failures.get(file.getFileName().toString());
        if (f != null && !f.isEmpty()) {
            throw CgroupIOException.synthetic("write", file, value, f.poll());
        }
        String name = file.getFileName().toString();
        if (v2 && name.equals("cgroup.subtree_control")) {
            CgroupIO.super.write(file, subtreeControl(file.getParent(), value));
        } else {
            CgroupIO.super.write(file, value);
        }
        writes.add(rel(file) + "=" + value);
        if (v2 && name.equals("cgroup.freeze") && !freezeStuck) {
            put(file.getParent(), "cgroup.events", "populated 0\nfrozen " + value.strip() + "\n");
        }
    }

    /** The kernel's "+a -b" semantics, kept in cgroup.controllers order. */
    private static String subtreeControl(Path dir, String value) {
        java.util.Set<String> on = new java.util.HashSet<>(List.of(readQuiet(dir.resolve("cgroup.subtree_control"))
                .strip().split("\\s+")));
        for (String t : value.strip().split("\\s+")) {
            if (t.startsWith("+")) {
                on.add(t.substring(1));
            } else if (t.startsWith("-")) {
                on.remove(t.substring(1));
            }
        }
        List<String> out = new ArrayList<>();
        for (String c : readQuiet(dir.resolve("cgroup.controllers")).strip().split("\\s+")) {
            if (on.contains(c)) {
                out.add(c);
            }
        }
        return String.join(" ", out) + "\n";
    }

    @Override
    public String read(Path file) throws CgroupIOException {
        Deque<String> s = scriptedReads.get(file.getFileName().toString());
        if (s != null && !s.isEmpty()) {
            return s.poll();
        }
        return CgroupIO.super.read(file);
    }

    @Override
    public boolean mkdir(Path dir) throws CgroupIOException {
        boolean made = CgroupIO.super.mkdir(dir);
        if (made) {
            if (v2) {
                populateV2(dir);
            } else {
                String hierarchy = root.relativize(dir).getName(0).toString();
                populateV1(dir, v1.get(hierarchy), false);
            }
        }
        return made;
    }

    /** Like the kernel: a cgroup with child cgroups is busy; its knob files go with it. */
    @Override
    public void rmdir(Path dir) throws CgroupIOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Deque<CgroupIOException.Errno> f = failures.get("rmdir:" + dir.getFileName());
        if (f != null && !f.isEmpty()) {
            throw CgroupIOException.synthetic("rmdir", dir, null, f.poll());
        }
        if (!subdirs(dir).isEmpty()) {
            throw CgroupIOException.synthetic("rmdir", dir, null, CgroupIOException.Errno.EBUSY);
        }
        try {
            for (String n : fileNames(dir)) {
                Files.delete(dir.resolve(n));
            }
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writes.add("rmdir " + rel(dir));
    }

    @Override
    public void sleepMillis(long ms) {
        sleeps++;
    }

    private void populateV1(Path dir, List<String> controllers, boolean isRoot) {
        put(dir, "cgroup.procs", "");
        put(dir, "tasks", "");
        put(dir, "notify_on_release", "0\n");
        for (String c : controllers) {
            switch (c) {
                case "memory" -> {
                    String unl = "9223372036854771712\n";
                    for (String p : List.of("memory", "memory.memsw", "memory.kmem", "memory.kmem.tcp")) {
                        put(dir, p + ".limit_in_bytes", unl);
                        put(dir, p + ".usage_in_bytes", "0\n");
                        put(dir, p + ".max_usage_in_bytes", "0\n");
                        put(dir, p + ".failcnt", "0\n");
                    }
                    put(dir, "memory.soft_limit_in_bytes", unl);
                    put(dir, "memory.swappiness", "60\n");
                    put(dir, "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
                    put(dir, "memory.stat", "cache 0\nrss 0\n");
                    put(dir, "memory.use_hierarchy", "1\n");
                }
                case "cpu" -> {
                    put(dir, "cpu.shares", "1024\n");
                    put(dir, "cpu.cfs_period_us", "100000\n");
                    put(dir, "cpu.cfs_quota_us", "-1\n");
                    put(dir, "cpu.cfs_burst_us", "0\n");
                    put(dir, "cpu.rt_period_us", "1000000\n");
                    put(dir, "cpu.rt_runtime_us", "0\n");
                    put(dir, "cpu.idle", "0\n");
                    put(dir, "cpu.stat", "nr_periods 0\nnr_throttled 0\nthrottled_time 0\n");
                }
                case "cpuacct" -> {
                    put(dir, "cpuacct.usage", "0\n");
                    put(dir, "cpuacct.stat", "user 0\nsystem 0\n");
                    put(dir, "cpuacct.usage_percpu", "0 0 \n");
                    put(dir, "cpuacct.usage_all", "cpu user system\n0 0 0\n1 0 0\n");
                }
                case "cpuset" -> {
                    put(dir, "cpuset.cpus", isRoot ? "0-3\n" : "\n");
                    put(dir, "cpuset.mems", isRoot ? "0\n" : "\n");
                }
                case "devices" -> {
                    put(dir, "devices.allow", "");
                    put(dir, "devices.deny", "");
                    put(dir, "devices.list", "a *:* rwm\n");
                }
                case "pids" -> {
                    put(dir, "pids.max", "max\n");
                    put(dir, "pids.current", "0\n");
                }
                case "blkio" -> {
                    for (String f : List.of("blkio.weight", "blkio.leaf_weight")) {
                        put(dir, f, "500\n");
                    }
                    for (String f : List.of("blkio.weight_device", "blkio.leaf_weight_device",
                            "blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
                            "blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device",
                            "blkio.throttle.io_service_bytes", "blkio.throttle.io_serviced")) {
                        put(dir, f, "");
                    }
                }
                case "hugetlb" -> {
                    for (String s : List.of("2MB", "1GB")) {
                        put(dir, "hugetlb." + s + ".limit_in_bytes", "9223372036854771712\n");
                        put(dir, "hugetlb." + s + ".rsvd.limit_in_bytes", "9223372036854771712\n");
                        put(dir, "hugetlb." + s + ".usage_in_bytes", "0\n");
                        put(dir, "hugetlb." + s + ".max_usage_in_bytes", "0\n");
                        put(dir, "hugetlb." + s + ".failcnt", "0\n");
                    }
                }
                case "net_cls" -> put(dir, "net_cls.classid", "0\n");
                case "net_prio" -> put(dir, "net_prio.ifpriomap", "lo 0\n");
                case "freezer" -> {
                    if (!isRoot) {
                        put(dir, "freezer.state", "THAWED\n");
                        put(dir, "freezer.self_freezing", "0\n");
                        put(dir, "freezer.parent_freezing", "0\n");
                    }
                }
                case "rdma" -> put(dir, "rdma.max", "");
                default -> {
                    // name=systemd and others: only the core files
                }
            }
        }
    }

    private void populateV2(Path dir) {
        String enabled = readQuiet(dir.getParent().resolve("cgroup.subtree_control")).strip();
        put(dir, "cgroup.controllers", enabled + "\n");
        put(dir, "cgroup.subtree_control", "\n");
        put(dir, "cgroup.procs", "");
        put(dir, "cgroup.type", "domain\n");
        put(dir, "cgroup.freeze", "0\n");
        put(dir, "cgroup.events", "populated 0\nfrozen 0\n");
        put(dir, "cgroup.kill", "");
        for (String c : enabled.split("\\s+")) {
            switch (c) {
                case "memory" -> {
                    put(dir, "memory.max", "max\n");
                    put(dir, "memory.swap.max", "max\n");
                    put(dir, "memory.low", "0\n");
                    put(dir, "memory.high", "max\n");
                    put(dir, "memory.current", "0\n");
                    put(dir, "memory.swap.current", "0\n");
                    put(dir, "memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");
                    put(dir, "memory.stat", "anon 0\nfile 0\n");
                }
                case "cpu" -> {
                    put(dir, "cpu.weight", "100\n");
                    put(dir, "cpu.max", "max 100000\n");
                    put(dir, "cpu.max.burst", "0\n");
                    put(dir, "cpu.idle", "0\n");
                    put(dir, "cpu.stat", "usage_usec 0\nuser_usec 0\nsystem_usec 0\n");
                }
                case "pids" -> {
                    put(dir, "pids.max", "max\n");
                    put(dir, "pids.current", "0\n");
                }
                case "io" -> {
                    put(dir, "io.weight", "default 100\n");
                    put(dir, "io.max", "");
                    put(dir, "io.stat", "");
                }
                case "cpuset" -> {
                    put(dir, "cpuset.cpus", "\n");
                    put(dir, "cpuset.mems", "\n");
                }
                case "hugetlb" -> {
                    for (String s : List.of("2MB", "1GB")) {
                        put(dir, "hugetlb." + s + ".max", "max\n");
                        put(dir, "hugetlb." + s + ".rsvd.max", "max\n");
                        put(dir, "hugetlb." + s + ".current", "0\n");
                        put(dir, "hugetlb." + s + ".events", "max 0\n");
                    }
                }
                case "rdma" -> put(dir, "rdma.max", "");
                default -> {
                    // nothing
                }
            }
        }
    }

    private static String readQuiet(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    private static void mkdirQuiet(Path p) {
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void put(Path dir, String name, String content) {
        try {
            Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
