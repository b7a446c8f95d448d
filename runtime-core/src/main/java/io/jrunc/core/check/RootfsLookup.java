package io.jrunc.core.check;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds process.args[0] in a rootfs the way jrunc-init's CHECK_EXEC will, but from the host:
 * through PATH from process.env (the last PATH= wins), with symlinks resolved inside the rootfs
 * (an absolute link target means the rootfs' own /, never the host's).
 */
final class RootfsLookup {
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final int MAX_LINKS = 40;

    enum Status { FOUND, NOT_FOUND, NOT_EXECUTABLE }

    /** @param path the container path found (or the last tried); @param searched the PATH used */
    record Result(Status status, String path, String searched) {
    }

    private RootfsLookup() {
    }

    static Result find(Path rootfs, String name, List<String> env) {
        String pathVar = DEFAULT_PATH;
        for (String e : env == null ? List.<String>of() : env) {
            if (e.startsWith("PATH=")) {
                pathVar = e.substring(5);
            }
        }
        if (name.contains("/")) {
            String p = name.startsWith("/") ? name : "/" + name;
            return check(rootfs, p, pathVar);
        }
        Result notExec = null;
        for (String dir : pathVar.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Result r = check(rootfs, (dir.endsWith("/") ? dir : dir + "/") + name, pathVar);
            if (r.status() == Status.FOUND) {
                return r;
            }
            if (r.status() == Status.NOT_EXECUTABLE && notExec == null) {
                notExec = r;
            }
        }
        return notExec != null ? notExec : new Result(Status.NOT_FOUND, name, pathVar);
    }

    private static Result check(Path rootfs, String containerPath, String pathVar) {
        Path host = resolve(rootfs, containerPath);
        if (host == null || !Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
            return new Result(Status.NOT_FOUND, containerPath, pathVar);
        }
        if (!Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS) || !Files.isExecutable(host)) {
            return new Result(Status.NOT_EXECUTABLE, containerPath, pathVar);
        }
        return new Result(Status.FOUND, containerPath, pathVar);
    }

    /** The host path of a container path, following symlinks inside the rootfs; null on a loop. */
    static Path resolve(Path rootfs, String containerPath) {
        Path current = rootfs;
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(parts(containerPath));
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.removeFirst();
            if (part.equals("..")) {
                current = current.equals(rootfs) ? rootfs : current.getParent();
                continue;
            }
            Path next = current.resolve(part);
            if (Files.isSymbolicLink(next)) {
                if (++links > MAX_LINKS) {
                    return null;
                }
                String target;
                try {
                    target = Files.readSymbolicLink(next).toString();
                } catch (java.io.IOException e) {
                    return null;
                }
                List<String> rest = parts(target);
                for (int i = rest.size() - 1; i >= 0; i--) {
                    todo.addFirst(rest.get(i));
                }
                if (target.startsWith("/")) {
                    current = rootfs;
                }
                continue;
            }
            current = next;
        }
        return current;
    }

    private static List<String> parts(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty() && !s.equals(".")).toList();
    }
}
