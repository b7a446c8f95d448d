package io.jrunc.core.rootless;

import io.jrunc.spec.ConfigException;
import io.jrunc.spec.Linux;
import io.jrunc.spec.LinuxIDMapping;
import io.jrunc.spec.Mount;
import java.util.List;

/**
 * runc's rootless validation (libcontainer/configs/validate/rootless.go) for a caller that is
 * not root, plus what the kernel and newuidmap will enforce, checked up front with the JSON
 * path: a user namespace is required, a new one needs uid and gid mappings, every mapping
 * must be the caller's own id or delegated to it in /etc/subuid (/etc/subgid), and uid=/gid=
 * mount options must name mapped ids. Decides per map whether S0 writes it directly (only the
 * caller's own id, one mapping) or newuidmap/newgidmap must.
 */
public final class IdMappingCheck {
    /**
     * The facts the check works from.
     *
     * @param euid     the caller's effective uid
     * @param egid     the caller's effective gid
     * @param userName the caller's name (for /etc/subuid), or null
     * @param subUids  /etc/subuid ranges of the caller
     * @param subGids  /etc/subgid ranges of the caller
     * @param newuidmap path of newuidmap, or null when it is not installed
     * @param newgidmap path of newgidmap, or null
     */
    public record Caller(long euid, long egid, String userName, List<SubIds.Range> subUids,
                         List<SubIds.Range> subGids, String newuidmap, String newgidmap) {
    }

    /** Which tool writes each map (null: S0 writes it). */
    public record Result(String uidTool, String gidTool) {
    }

    private IdMappingCheck() {
    }

    public static Result check(Linux linux, List<Mount> mounts, Caller caller) throws ConfigException {
        List<Linux.Namespace> ns = linux == null || linux.namespaces() == null ? List.of() : linux.namespaces();
        Linux.Namespace user = ns.stream().filter(n -> n.type().equals("user")).findFirst().orElse(null);
        if (user == null) {
            throw new ConfigException("config.json", "linux.namespaces",
                    "rootless container requires user namespaces");
        }
        if (user.path() != null && !user.path().isEmpty()) {
            return new Result(null, null); // joined: its maps exist already
        }
        List<LinuxIDMapping> uids = linux.uidMappings() == null ? List.of() : linux.uidMappings();
        List<LinuxIDMapping> gids = linux.gidMappings() == null ? List.of() : linux.gidMappings();
        if (uids.isEmpty()) {
            throw new ConfigException("config.json", "linux.uidMappings",
                    "rootless containers requires at least one UID mapping");
        }
        if (gids.isEmpty()) {
            throw new ConfigException("config.json", "linux.gidMappings",
                    "rootless containers requires at least one GID mapping");
        }
        String uidTool = map("uid", "linux.uidMappings", uids, caller.euid(), caller.subUids(), "/etc/subuid",
                caller.userName(), caller.newuidmap(), "newuidmap");
        String gidTool = map("gid", "linux.gidMappings", gids, caller.egid(), caller.subGids(), "/etc/subgid",
                caller.userName(), caller.newgidmap(), "newgidmap");
        checkMountIds(mounts, uids, gids);
        return new Result(uidTool, gidTool);
    }

    /** Returns the tool that must write this map, or null when S0 can write it itself. */
    private static String map(String kind, String path, List<LinuxIDMapping> maps, long own,
                              List<SubIds.Range> sub, String subFile, String user, String tool, String toolName)
            throws ConfigException {
        for (int i = 0; i < maps.size(); i++) {
            LinuxIDMapping m = maps.get(i);
            boolean ownId = m.size() == 1 && m.hostID() == own;
            if (m.size() < 1) {
                throw new ConfigException("config.json", path + "[" + i + "].size", "must be at least 1");
            }
            if (ownId || sub.stream().anyMatch(r -> r.covers(m.hostID(), m.size()))) {
                continue;
            }
            String ids = m.size() == 1 ? "host " + kind + " " + m.hostID() + " is"
                    : "host " + kind + "s " + m.hostID() + "-" + (m.hostID() + m.size() - 1) + " are";
            String who = user == null ? kind + " " + own : user;
            throw new ConfigException("config.json", path + "[" + i + "]", ids + " neither the caller's own "
                    + kind + " " + own + " nor delegated to " + who + " in " + subFile
                    + (sub.isEmpty() ? " (which has no range for " + who + ")" : ""));
        }
        boolean direct = maps.size() == 1 && maps.get(0).size() == 1 && maps.get(0).hostID() == own;
        if (direct) {
            return null;
        }
        if (tool == null) {
            throw new ConfigException("config.json", path, "mapping more than the caller's own " + kind + " needs "
                    + toolName + " (Debian package uidmap), which is not installed");
        }
        return tool;
    }

    /** runc's rootlessEUIDMount: uid=/gid= mount options must name ids the container maps. */
    private static void checkMountIds(List<Mount> mounts, List<LinuxIDMapping> uids, List<LinuxIDMapping> gids)
            throws ConfigException {
        for (int i = 0; mounts != null && i < mounts.size(); i++) {
            List<String> opts = mounts.get(i).options() == null ? List.of() : mounts.get(i).options();
            for (String o : opts) {
                for (String key : List.of("uid=", "gid=")) {
                    if (!o.startsWith(key)) {
                        continue;
                    }
                    long id;
                    try {
                        id = Long.parseLong(o.substring(4));
                    } catch (NumberFormatException e) {
                        continue; // unknown option values are the kernel's business, as in runc
                    }
                    List<LinuxIDMapping> maps = key.equals("uid=") ? uids : gids;
                    if (maps.stream().noneMatch(m -> id >= m.containerID() && id < m.containerID() + m.size())) {
                        throw new ConfigException("config.json", "mounts[" + i + "].options",
                                "cannot specify " + o + " mount option for rootless container: "
                                        + key.charAt(0) + "id " + id + " is not mapped in linux."
                                        + key.charAt(0) + "idMappings");
                    }
                }
            }
        }
    }
}
