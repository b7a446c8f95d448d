package io.jrunc.core.container;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The home directory of a uid in the container's /etc/passwd, which runc puts in HOME when
 * process.env has none. The file is looked up inside the rootfs: symlinks are followed by
 * hand and can never lead out of it (an absolute target or ".." stops at the rootfs), and only
 * a regular file of sane size is read. Mounts over /etc/passwd are not seen (runc reads it
 * after its mounts); the rootfs' own file is what images ship.
 */
final class ContainerPasswd {
    private static final int MAX_LINKS = 40;
    private static final long MAX_SIZE = 4 << 20;
    /** runc's default when the user has no entry (or there is no passwd file). */
    static final String DEFAULT_HOME = "/";

    private ContainerPasswd() {
    }

    static String home(Path rootfs, long uid) {
        Path file = resolveInRoot(rootfs, "etc/passwd");
        if (file == null) {
            return DEFAULT_HOME;
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] data = in.readNBytes((int) MAX_SIZE);
            for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split(":", -1);
                if (f.length >= 7 && f[2].equals(Long.toString(uid))) {
                    return f[5].isEmpty() ? DEFAULT_HOME : f[5];
                }
            }
        } catch (IOException e) {
            // unreadable: as if absent
        }
        return DEFAULT_HOME;
    }

    /** {@code rel} inside {@code root}, symlinks resolved within it; null unless it is a regular file. */
    static Path resolveInRoot(Path root, String rel) {
        Deque<String> todo = new ArrayDeque<>();
        push(todo, rel);
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                done.pollLast(); // at the root ".." stays at the root
                continue;
            }
            Path p = join(root, done).resolve(name);
            if (Files.isSymbolicLink(p)) {
                if (++links > MAX_LINKS) {
                    return null;
                }
                String target;
                try {
                    target = Files.readSymbolicLink(p).toString();
                } catch (IOException e) {
                    return null;
                }
                if (target.startsWith("/")) {
                    done.clear();
                }
                push(todo, target);
                continue;
            }
            done.addLast(name);
        }
        Path p = join(root, done);
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? p : null;
    }

    private static void push(Deque<String> todo, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            todo.push(parts[i]);
        }
    }

    private static Path join(Path root, Deque<String> names) {
        Path p = root;
        for (String n : names) {
            p = p.resolve(n);
        }
        return p;
    }
}
