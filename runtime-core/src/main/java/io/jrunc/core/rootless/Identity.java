package io.jrunc.core.rootless;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Who runs jrunc: the effective uid/gid (from /proc/self/status: no native code needed, so
 * light commands stay light), the user name /etc/subuid may list, and whether we already run
 * inside a user namespace (a uid_map other than the identity map of all 2^32 ids).
 *
 * @param euid     effective uid
 * @param egid     effective gid
 * @param userName the name of euid ({@code user.name}, from getpwuid), or null
 * @param inUserNs a user namespace other than the initial one
 */
public record Identity(long euid, long egid, String userName, boolean inUserNs) {

    public boolean root() {
        return euid == 0;
    }

    private static volatile Identity current;

    /** The running process's identity (read once). */
    public static Identity current() {
        Identity id = current;
        if (id == null) {
            id = probe(read(Path.of("/proc/self/status")), read(Path.of("/proc/self/uid_map")),
                    System.getProperty("user.name"));
            current = id;
        }
        return id;
    }

    /** Parses /proc/self/status and /proc/self/uid_map (public for tests with made-up files). */
    public static Identity probe(List<String> status, List<String> uidMap, String userName) {
        long euid = field(status, "Uid:");
        long egid = field(status, "Gid:");
        boolean initialNs = uidMap.size() == 1
                && uidMap.get(0).trim().split("\\s+").length == 3
                && uidMap.get(0).trim().replaceAll("\\s+", " ").equals("0 0 4294967295");
        return new Identity(euid, egid, userName == null || userName.isEmpty() || userName.equals("?") ? null
                : userName, !uidMap.isEmpty() && !initialNs);
    }

    /** The effective id: the second number of the "Uid:"/"Gid:" line (real, effective, saved, fs). */
    private static long field(List<String> status, String key) {
        for (String l : status) {
            if (l.startsWith(key)) {
                String[] f = l.substring(key.length()).trim().split("\\s+");
                if (f.length >= 2) {
                    return Long.parseLong(f[1]);
                }
            }
        }
        return 0;
    }

    private static List<String> read(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            return List.of();
        }
    }
}
