package io.jrunc.core.rootless;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The processes of a container that has no cgroup (rootless without delegation): what
 * {@code ps}, {@code kill --all} and {@code delete} use instead of cgroup.procs. A process
 * belongs to the container when it shares the init's pid namespace (if that is not ours),
 * else its mount namespace (if not ours), else when it descends from the init. Processes
 * whose /proc entries we may not read are not ours to signal anyway.
 */
public final class ContainerProcesses {
    private ContainerProcesses() {
    }

    /** Host pids of the container whose init is {@code init}, the init first; empty when it is gone. */
    public static List<Integer> of(int init) {
        return of(Path.of("/proc"), init, ProcessHandle.current().pid());
    }

    static List<Integer> of(Path proc, int init, long self) {
        List<Integer> out = new ArrayList<>();
        Path initDir = proc.resolve(Integer.toString(init));
        if (!Files.isDirectory(initDir)) {
            return out;
        }
        String key = null;
        for (String ns : List.of("pid", "mnt")) {
            String theirs = link(initDir.resolve("ns").resolve(ns));
            String ours = link(proc.resolve(Long.toString(self)).resolve("ns").resolve(ns));
            if (theirs != null && !theirs.equals(ours)) {
                key = ns;
                break;
            }
        }
        Map<Integer, Integer> parents = new HashMap<>();
        List<Integer> matching = new ArrayList<>();
        String want = key == null ? null : link(initDir.resolve("ns").resolve(key));
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(proc)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                int pid = Integer.parseInt(name);
                if (key != null) {
                    if (pid != init && Objects.equals(want, link(p.resolve("ns").resolve(key)))) {
                        matching.add(pid);
                    }
                } else {
                    int ppid = ppid(p);
                    if (ppid > 0) {
                        parents.put(pid, ppid);
                    }
                }
            }
        } catch (IOException e) {
            // /proc unreadable: the init alone
        }
        out.add(init);
        if (key != null) {
            matching.sort(null);
            out.addAll(matching);
            return out;
        }
        for (int i = 0; i < out.size(); i++) { // breadth-first over the children
            int parent = out.get(i);
            parents.entrySet().stream().filter(e -> e.getValue() == parent).map(Map.Entry::getKey).sorted()
                    .forEach(out::add);
        }
        return out;
    }

    private static String link(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** Field 4 of /proc/<pid>/stat (after the parenthesised command, which may hold spaces). */
    private static int ppid(Path dir) {
        try {
            String s = Files.readString(dir.resolve("stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(f[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
