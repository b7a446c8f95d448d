package io.jrunc.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds what a test left behind: compares a snapshot taken before the test with one taken after.
 * <ul>
 * <li>mounts: lines of /proc/self/mountinfo that mention one of the test's markers (its temp dir,
 * its container-id token); not just any "jrunc": other test runs on the machine mount under
 * their own /tmp/jrunc-it-* dirs, and the clean-up must not unmount those;</li>
 * <li>processes: whose command line mentions a marker, whose cgroup path mentions a marker (the
 * container id), or jrunc-init and processes that live in another pid namespace than the test's
 * JVM (a container's processes after exec show only the user's command line) whose root or
 * working directory is below a marker or one of the test's rootfs directories. The machine is
 * shared: a container of another test run (another worktree, another build) is not this test's
 * leak, and the clean-up must never kill it;</li>
 * <li>state: directories under the test's --root (each is a container that was not deleted);</li>
 * <li>cgroups: any cgroup directory (three levels deep, so /sys/fs/cgroup/{hierarchy}/jrunc/{id}
 * too) whose name holds one of the test's markers; not everything under jrunc/, which holds the
 * containers of other test runs on the machine as well.</li>
 * </ul>
 * Anything new after the test is a leak. {@link #cleanUp} then removes it, so one leaking test
 * does not fail the ones after it.
 */
public final class LeakChecker {
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    private final List<String> markers;
    private final List<String> rootMarkers;
    private final Path stateRoot;

    /**
     * @param markers strings that identify this test's resources (temp dir path, id token)
     * @param stateRoot the --root the test's commands use
     */
    public LeakChecker(List<String> markers, Path stateRoot) {
        this(markers, stateRoot, List.of());
    }

    /**
     * @param rootDirs more directories a container of this test may have as its root (shared
     *        rootfs fixtures of this build), besides the markers
     */
    public LeakChecker(List<String> markers, Path stateRoot, List<String> rootDirs) {
        this.markers = List.copyOf(markers);
        List<String> roots = new ArrayList<>(markers);
        roots.addAll(rootDirs);
        this.rootMarkers = List.copyOf(roots);
        this.stateRoot = stateRoot;
    }

    /** What one look found. */
    public record Snapshot(Set<String> mounts, Set<String> processes, Set<String> stateDirs, Set<String> cgroups) {}

    public Snapshot snapshot() {
        return new Snapshot(mounts(), processes(), stateDirs(), cgroups());
    }

    /** Leaks: what is in {@code after} but not in {@code before}, one readable line each. */
    public static List<String> diff(Snapshot before, Snapshot after) {
        List<String> leaks = new ArrayList<>();
        after.mounts().stream().filter(m -> !before.mounts().contains(m)).forEach(m -> leaks.add("mount: " + m));
        after.processes().stream().filter(p -> !before.processes().contains(p))
                .forEach(p -> leaks.add("process: " + p));
        after.stateDirs().stream().filter(s -> !before.stateDirs().contains(s))
                .forEach(s -> leaks.add("state dir: " + s));
        after.cgroups().stream().filter(c -> !before.cgroups().contains(c)).forEach(c -> leaks.add("cgroup: " + c));
        return leaks;
    }

    /**
     * Looks again until nothing new is left or {@code grace} has passed (processes that were
     * just killed may need a moment to go), and returns the leaks found last.
     */
    public List<String> leaksSince(Snapshot before, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (true) {
            List<String> leaks = diff(before, snapshot());
            if (leaks.isEmpty() || System.nanoTime() > deadline) {
                return leaks;
            }
            sleep(100);
        }
    }

    /**
     * Removes what is new since {@code before}: deletes containers left in the state root with
     * {@code runtime --root R delete --force ID} (when a runtime is given), kills the processes,
     * unmounts the mounts (deepest first), removes the cgroups (deepest first).
     */
    public void cleanUp(Snapshot before, Path runtime) {
        Snapshot now = snapshot();
        if (runtime != null) {
            for (String dir : now.stateDirs()) {
                if (!before.stateDirs().contains(dir)) {
                    String id = Path.of(dir).getFileName().toString();
                    Proc.run(List.of(runtime.toString(), "--root", stateRoot.toString(), "delete", "--force", id),
                            Duration.ofSeconds(30));
                }
            }
            now = snapshot();
        }
        for (String p : now.processes()) {
            if (!before.processes().contains(p)) {
                long pid = Long.parseLong(p.substring(0, p.indexOf(' ')));
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        List<String> points = new ArrayList<>();
        for (String m : snapshot().mounts()) {
            if (!before.mounts().contains(m)) {
                points.add(mountPoint(m));
            }
        }
        points.sort(Comparator.comparingInt(String::length).reversed());
        for (String point : points) {
            Proc.run(List.of("umount", "-l", point), Duration.ofSeconds(10));
        }
        List<String> groups = new ArrayList<>(snapshot().cgroups());
        groups.removeAll(before.cgroups());
        groups.sort(Comparator.comparingInt(String::length).reversed());
        for (String g : groups) {
            try {
                Files.deleteIfExists(Path.of(g));
            } catch (IOException e) {
                // busy or not empty: reported as a leak already
            }
        }
    }

    private boolean mentionsMarker(String s) {
        for (String m : markers) {
            if (s.contains(m)) {
                return true;
            }
        }
        return false;
    }

    Set<String> mounts() {
        Set<String> found = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                if (mentionsMarker(line)) {
                    // drop the mount id and parent id: a remount gets new ones, the place does not change
                    String[] f = line.split(" ");
                    found.add(String.join(" ", List.of(f).subList(2, f.length)));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/mountinfo", e);
        }
        return found;
    }

    /** The mount point (5th field of mountinfo, 3rd after the two ids we dropped), unescaped. */
    static String mountPoint(String entry) {
        String raw = entry.split(" ")[2];
        return raw.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    Set<String> processes() {
        Set<String> found = new TreeSet<>();
        long self = ProcessHandle.current().pid();
        String ownPidNs = readLink(Path.of("/proc/self/ns/pid"));
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
                    continue;
                }
                String cmdline;
                try {
                    cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ').trim();
                } catch (IOException e) {
                    continue; // gone meanwhile
                }
                if (cmdline.isEmpty()) {
                    continue; // kernel thread or zombie
                }
                // Only this test's processes: its markers in the command line, or in the cgroup
                // (every container's cgroup is named after its id, which carries the test's token).
                // Global signs such as "jrunc-init" or another pid namespace would also catch the
                // containers of tests running in parallel elsewhere on the machine.
                String why = null;
                if (mentionsMarker(cmdline)) {
                    why = "";
                } else if (mentionsMarker(readString(p.resolve("cgroup")))) {
                    why = " (in the container's cgroup)";
                } else if (cmdline.contains("jrunc-init") && ownedByThisTest(p)) {
                    why = "";
                } else {
                    String ns = readLink(p.resolve("ns/pid"));
                    if (ns != null && ownPidNs != null && !ns.equals(ownPidNs) && ownedByThisTest(p)) {
                        why = " (in another pid namespace: " + ns + ")";
                    }
                }
                if (why != null) {
                    found.add(name + " " + cmdline + why);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return found;
    }

    /** Whether the process's root or working directory lies below one of this test's directories. */
    private boolean ownedByThisTest(Path proc) {
        for (String link : new String[] {"root", "cwd"}) {
            String target = readLink(proc.resolve(link));
            if (target != null) {
                for (String m : rootMarkers) {
                    if (target.contains(m)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    Set<String> stateDirs() {
        Set<String> found = new TreeSet<>();
        if (!Files.isDirectory(stateRoot)) {
            return found;
        }
        try (Stream<Path> s = Files.list(stateRoot)) {
            s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("."))
                    .forEach(d -> found.add(d.toString()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + stateRoot, e);
        }
        return found;
    }

    Set<String> cgroups() {
        Set<String> found = new TreeSet<>();
        if (!Files.isDirectory(CGROUP_ROOT)) {
            return found;
        }
        List<Path> hierarchies = new ArrayList<>();
        hierarchies.add(CGROUP_ROOT); // a pure cgroup v2 host mounts the tree right here
        try (Stream<Path> s = Files.list(CGROUP_ROOT)) {
            s.filter(Files::isDirectory).filter(d -> Files.exists(d.resolve("cgroup.procs"))).forEach(hierarchies::add);
        } catch (IOException e) {
            return found;
        }
        for (Path h : hierarchies) {
            try (Stream<Path> s = Files.walk(h, 3)) {
                s.filter(Files::isDirectory).filter(d -> mentionsMarker(d.getFileName().toString()))
                        .forEach(d -> found.add(d.toString()));
            } catch (IOException | RuntimeException e) {
                // a cgroup went away while we walked: the next look will tell
            }
        }
        return found;
    }

    private static String readLink(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
            return null;
        }
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
