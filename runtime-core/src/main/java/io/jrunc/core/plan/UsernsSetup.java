package io.jrunc.core.plan;

import java.util.Map;

/**
 * How the container's user namespace is set up when jrunc does not run as the host's root
 * (docs/rootless.md). Computed by the caller (io.jrunc.core.rootless) so the planner stays pure.
 *
 * @param unprivileged the caller is not root: S0 and S1 are dumpable while S1's id maps are
 *                     written (a non-dumpable process's /proc files belong to the host's root),
 *                     and a gid_map written directly needs setgroups "deny" first
 * @param uidTool      newuidmap's path when the uid mappings need it (more than the caller's
 *                     own uid), or null: S0 writes uid_map itself
 * @param gidTool      newgidmap's path, likewise for gid_map
 * @param selfCgroups  the caller's own v1 cgroups (controllers field of /proc/self/cgroup →
 *                     path), bind-mounted for a cgroup mount when the container has no cgroup
 *                     of its own (the rootless no-cgroup case), as runc binds its own
 */
public record UsernsSetup(boolean unprivileged, String uidTool, String gidTool, Map<String, String> selfCgroups) {
    public UsernsSetup {
        selfCgroups = selfCgroups == null ? Map.of() : Map.copyOf(selfCgroups);
    }

    /** As the host's root: maps written directly, nothing else changes. */
    public static final UsernsSetup PRIVILEGED = new UsernsSetup(false, null, null, Map.of());
}
