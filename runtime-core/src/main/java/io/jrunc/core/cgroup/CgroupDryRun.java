package io.jrunc.core.cgroup;

import io.jrunc.core.JruncException;
import io.jrunc.core.explain.CgroupPreview;
import io.jrunc.spec.Linux;
import io.jrunc.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The cgroup half of {@code --dry-run}: the real manager, the real conversions, run against a
 * {@link CgroupIO} that reads the host but only records what it would write or create. So the
 * writes a dry run prints are the ones a create makes (files of a cgroup that does not exist
 * yet read as their nearest existing ancestor's, as a new cgroup starts from its parent's).
 */
public final class CgroupDryRun implements CgroupPreview {
    private final boolean systemd;

    public CgroupDryRun(boolean systemd) {
        this.systemd = systemd;
    }

    /** The manager a create of this container would use, on a recording IO. */
    public static CgroupManager manager(Spec spec, String id, boolean systemd, CgroupIO io) throws JruncException {
        Linux linux = spec.linux();
        List<String> devices = linux == null || linux.devices() == null ? List.of()
                : linux.devices().stream().map(Linux.Device::path).toList();
        return CgroupManagers.open(CgroupHost.probe(), new CgroupConfig(id, linux == null ? null : linux.cgroupsPath(),
                systemd, devices), io, SystemdPath.SYSTEMD_RUNNING_MARKER);
    }

    @Override
    public List<Write> writes(Spec spec, String id) {
        Recorder io = new Recorder();
        try {
            CgroupManager m = manager(spec, id, systemd, io);
            m.create();
            m.apply(spec.linux() == null ? null : spec.linux().resources());
        } catch (JruncException e) {
            io.writes.add(new Write("(error)", e.getMessage(), "linux.resources"));
        }
        return io.writes;
    }

    /** Reads the host, records writes and mkdirs. */
    static final class Recorder implements CgroupIO {
        final List<Write> writes = new ArrayList<>();
        private final Set<Path> made = new HashSet<>();

        @Override
        public void write(Path file, String value) {
            writes.add(new Write(file.toString(), value, source(file.getFileName().toString())));
        }

        @Override
        public String read(Path file) throws CgroupIOException {
            Path f = file;
            while (!Files.exists(f) && f.getParent() != null && f.getParent().getParent() != null) {
                f = f.getParent().getParent().resolve(file.getFileName()); // the parent cgroup's copy
            }
            return CgroupIO.REAL.read(f);
        }

        @Override
        public boolean exists(Path p) {
            return made.contains(p) || Files.exists(p);
        }

        @Override
        public boolean mkdir(Path dir) {
            if (Files.isDirectory(dir)) {
                return false;
            }
            writes.add(new Write(dir.toString(), "(mkdir)", "linux.cgroupsPath"));
            return made.add(dir);
        }

        @Override
        public void rmdir(Path dir) {
            made.remove(dir);
        }

        /** The config field a cgroup file's value comes from, by the file's controller prefix. */
        static String source(String file) {
            String ctl = file.contains(".") ? file.substring(0, file.indexOf('.')) : file;
            return switch (ctl) {
                case "memory" -> "linux.resources.memory";
                case "cpu", "cpuacct" -> "linux.resources.cpu";
                case "cpuset" -> "linux.resources.cpu (cpus, mems)";
                case "pids" -> "linux.resources.pids";
                case "blkio", "io" -> "linux.resources.blockIO";
                case "hugetlb" -> "linux.resources.hugepageLimits";
                case "net_cls", "net_prio" -> "linux.resources.network";
                case "rdma" -> "linux.resources.rdma";
                case "devices" -> "linux.resources.devices";
                case "cgroup" -> "(controllers for the cgroup)";
                default -> "linux.resources.unified";
            };
        }
    }
}
