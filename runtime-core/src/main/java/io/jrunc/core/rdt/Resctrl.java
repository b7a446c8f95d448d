package io.jrunc.core.rdt;

import io.jrunc.spec.Linux;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * linux.intelRdt through the resctrl filesystem, with runc's semantics kept modest: the
 * container's CLOS group is {@code <resctrl>/<closID>} (the container id when closID is
 * absent), created when missing; l3CacheSchema, memBwSchema and schemata[] are written to its
 * {@code schemata} file, one line each; the init's pid is written to {@code tasks}; at delete
 * the group is removed unless it existed before create (a shared, pre-made CLOS).
 * Monitoring groups (enableMonitoring) are not made.
 */
public final class Resctrl {
    public static final Path DEFAULT_ROOT = Path.of("/sys/fs/resctrl");

    private final Path root;
    private final boolean mounted;
    private final boolean known;

    /**
     * @param root    where resctrl is (or would be) mounted
     * @param mounted a resctrl filesystem is mounted at root
     * @param known   the kernel knows the resctrl filesystem (/proc/filesystems)
     */
    public Resctrl(Path root, boolean mounted, boolean known) {
        this.root = root;
        this.mounted = mounted;
        this.known = known;
    }

    /** This host: /proc/self/mounts and /proc/filesystems. */
    public static Resctrl host() {
        boolean known = grep(Path.of("/proc/filesystems"), l -> l.strip().endsWith("resctrl"));
        boolean mounted = grep(Path.of("/proc/self/mounts"), l -> {
            String[] f = l.split(" ");
            return f.length > 2 && f[1].equals(DEFAULT_ROOT.toString()) && f[2].equals("resctrl");
        });
        return new Resctrl(DEFAULT_ROOT, mounted, known);
    }

    public Path root() {
        return root;
    }

    /** The one-line reason linux.intelRdt cannot be honoured here, or empty. */
    public Optional<String> unavailable(Linux.IntelRdt rdt) {
        if (rdt == null || mounted) {
            return Optional.empty();
        }
        return Optional.of("linux.intelRdt: Intel RDT is not supported on this host (no resctrl"
                + (known ? " mounted at " + root : " filesystem in /proc/filesystems") + ")");
    }

    /** The CLOS group directory for a container. */
    public Path groupDir(String containerId, Linux.IntelRdt rdt) {
        String clos = rdt.closID() == null || rdt.closID().isEmpty() ? containerId : rdt.closID();
        return root.resolve(clos);
    }

    /** The schemata lines to write, in runc's order: L3, MB, then schemata[]. */
    static List<String> schemata(Linux.IntelRdt rdt) {
        List<String> lines = new ArrayList<>();
        if (rdt.l3CacheSchema() != null && !rdt.l3CacheSchema().isEmpty()) {
            lines.add(rdt.l3CacheSchema());
        }
        if (rdt.memBwSchema() != null && !rdt.memBwSchema().isEmpty()) {
            lines.add(rdt.memBwSchema());
        }
        if (rdt.schemata() != null) {
            rdt.schemata().stream().filter(s -> s != null && !s.isEmpty()).forEach(lines::add);
        }
        return lines;
    }

    /**
     * A joined group: its directory, and whether this create made it (then delete removes it).
     */
    public record Group(Path dir, boolean created) {
        /** The state-dir record: "path\ncreated". */
        public String encode() {
            return dir + "\n" + created + "\n";
        }

        public static Group decode(String s) {
            String[] l = s.split("\n");
            return new Group(Path.of(l[0]), l.length > 1 && Boolean.parseBoolean(l[1].strip()));
        }
    }

    /** Creates (if missing) the group, writes its schemata, moves pid into it. */
    public Group join(String containerId, Linux.IntelRdt rdt, int pid) throws IOException {
        Path dir = groupDir(containerId, rdt);
        boolean existed = Files.isDirectory(dir);
        if (!existed) {
            Files.createDirectory(dir);
        }
        Group g = new Group(dir, !existed);
        try {
            // resctrl parses one resource line per write
            for (String line : schemata(rdt)) {
                Files.writeString(dir.resolve("schemata"), line + "\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                        java.nio.file.StandardOpenOption.APPEND);
            }
            Files.writeString(dir.resolve("tasks"), Integer.toString(pid), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                        java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            remove(g);
            throw new IOException("linux.intelRdt: " + dir + ": " + e.getMessage(), e);
        }
        return g;
    }

    /** Removes a group this create made (rmdir: resctrl moves its tasks back to the default group). */
    public static void remove(Group g) {
        if (g.created()) {
            try {
                Files.deleteIfExists(g.dir());
            } catch (IOException ignored) {
                // best effort, as runc's Destroy
            }
        }
    }

    private static boolean grep(Path file, java.util.function.Predicate<String> p) {
        try (var lines = Files.lines(file)) {
            return lines.anyMatch(p);
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }
}
