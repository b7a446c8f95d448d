package io.jrunc.core.plan;

import static io.jrunc.core.plan.MountFlags.*;

import io.jrunc.spec.ConfigException;
import io.jrunc.spec.Mount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One config mount as ops, in runc's order: the mount itself (a bind is made first and
 * remounted for its other flags), then propagation changes, then recursive attributes.
 * Destinations are resolved inside the rootfs by jrunc-init, never following a symlink out.
 */
final class MountPlanner {
    private final Path bundle;
    private final HostFacts host;
    /** mount index → IDMAP_TREE slot of the id-mapped bind mounts */
    private final Map<Integer, Integer> trees;

    /** Each v1 hierarchy's directory under /sys/fs/cgroup → the container's own cgroup in it. */
    private final Map<String, String> ownCgroups;
    private final boolean cgroupNs;
    /** a user namespace without a network namespace of its own: sysfs cannot be mounted, /sys is bound */
    private boolean sysfsAsBind;
    /** a user namespace without a cgroup namespace: a fresh cgroup file system cannot be mounted */
    private boolean cgroupAsBind;
    private Map<String, String> selfCgroups = Map.of();

    MountPlanner(Path bundle, HostFacts host, Map<Integer, Integer> trees, Map<String, String> ownCgroups,
                 boolean cgroupNs) {
        this.bundle = bundle;
        this.host = host;
        this.trees = trees;
        this.ownCgroups = ownCgroups;
        this.cgroupNs = cgroupNs;
    }

    /**
     * What a user namespace changes (docs/rootless.md): the kernel allows a new sysfs only to
     * the owner of the network namespace, and a new cgroup file system only to the owner of
     * the cgroup namespace; without those namespaces the host's trees are bound instead, as
     * runc's rootless spec does for /sys and runc's cgroup mount does for cgroups.
     *
     * @param selfCgroups the caller's own v1 cgroups (controllers → path), bound when the
     *                    container has no cgroup of its own
     */
    MountPlanner inUserNamespace(boolean userns, boolean newNetns, Map<String, String> selfCgroups) {
        this.sysfsAsBind = userns && !newNetns;
        this.cgroupAsBind = userns && !cgroupNs;
        this.selfCgroups = selfCgroups == null ? Map.of() : selfCgroups;
        return this;
    }

    void plan(PlanBuilder plan, Mount m, int index) throws ConfigException {
        String src = "mounts[" + index + "]";
        MountOptions o = MountOptions.parse(m.options());
        if (o.tmpcopyup()) {
            throw new ConfigException("config.json", src + ".options", "\"tmpcopyup\" is not supported yet");
        }
        String dst = m.destination();
        String type = m.type() == null ? "" : m.type();
        if (o.isBind() || type.equals("bind")) {
            planBind(plan, m, o, src, trees.get(index));
        } else if (type.equals("cgroup")) {
            planCgroup(plan, m, o, src);
        } else if (type.equals("sysfs") && sysfsAsBind) {
            planHostBind(plan, "/sys", dst, o, src,
                    "bind mount the host's /sys to " + dst + " (no network namespace of the user namespace's own)");
        } else {
            String source = m.source() == null ? type : m.source();
            plan.add(Opcode.MOUNT, "mount " + type + " to " + dst, src,
                    source, dst, type, o.flags(), o.data(), PathFlags.IN_ROOT | PathFlags.MKDIR);
        }
        for (long p : o.propagation()) {
            plan.add(Opcode.PROPAGATE, "change propagation of " + dst, src + ".options", dst, p, PathFlags.IN_ROOT);
        }
        if (o.hasRecursiveAttrs()) {
            plan.add(Opcode.SETATTR, "set recursive attributes of " + dst, src + ".options",
                    dst, o.attrSet(), o.attrClr(), 1, PathFlags.IN_ROOT);
        }
    }

    private void planBind(PlanBuilder plan, Mount m, MountOptions o, String src, Integer tree)
            throws ConfigException {
        if (m.source() == null || m.source().isEmpty()) {
            throw new ConfigException("config.json", src + ".source", "a bind mount needs a source");
        }
        Path source = bundle.resolve(m.source());
        if (!Files.exists(source)) {
            throw new ConfigException("config.json", src + ".source", "\"" + m.source() + "\" does not exist");
        }
        int create = Files.isDirectory(source) ? PathFlags.MKDIR : PathFlags.MKFILE;
        String dst = m.destination();
        long bindFlags = MS_BIND | (o.flags() & MS_REC);
        if (tree != null) {
            plan.add(Opcode.ATTACH_TREE, "attach the id-mapped copy of " + source + " to " + dst, src,
                    tree, dst, PathFlags.IN_ROOT | create);
        } else {
            plan.add(Opcode.MOUNT, "bind mount " + source + " to " + dst, src,
                    source.toString(), dst, "bind", bindFlags, o.data(), PathFlags.IN_ROOT | create);
        }
        long rest = o.flags() & ~(MS_BIND | MS_REC | MS_REMOUNT);
        if (rest != 0) {
            // Bind mounts ignore all flags but MS_REC: the rest takes a remount.
            plan.add(Opcode.REMOUNT, "remount " + dst + " with its options", src + ".options",
                    dst, MS_BIND | rest, PathFlags.IN_ROOT);
        }
    }

    /** A recursive bind of a host tree, then the mount's other flags by a remount (locked ones kept). */
    private static void planHostBind(PlanBuilder plan, String hostPath, String dst, MountOptions o, String src,
                                     String description) {
        plan.add(Opcode.MOUNT, description, src, hostPath, dst, "bind", MS_BIND | MS_REC, "",
                PathFlags.IN_ROOT | PathFlags.MKDIR);
        long rest = o.flags() & ~(MS_BIND | MS_REC | MS_REMOUNT);
        if (rest != 0) {
            plan.add(Opcode.REMOUNT, "remount " + dst + " with its options", src + ".options",
                    dst, MS_BIND | rest, PathFlags.IN_ROOT);
        }
    }

    /** cgroup mounts as runc makes them: cgroup2 on a unified host, else a tmpfs of v1 hierarchies. */
    private void planCgroup(PlanBuilder plan, Mount m, MountOptions o, String src) {
        String dst = m.destination();
        if (host.cgroupV2Only() && cgroupAsBind) {
            // runc's fallback when cgroup2 cannot be mounted (a user namespace without a cgroup namespace)
            planHostBind(plan, "/sys/fs/cgroup", dst, o, src,
                    "bind mount the host's /sys/fs/cgroup to " + dst + " (no cgroup namespace)");
            return;
        }
        if (host.cgroupV2Only()) {
            plan.add(Opcode.MOUNT, "mount cgroup2 to " + dst, src,
                    "cgroup", dst, "cgroup2", o.flags(), "", PathFlags.IN_ROOT | PathFlags.MKDIR);
            return;
        }
        long base = o.flags() & ~MS_RDONLY;
        plan.add(Opcode.MOUNT, "mount tmpfs for cgroups to " + dst, src,
                "tmpfs", dst, "tmpfs", base, "mode=755", PathFlags.IN_ROOT | PathFlags.MKDIR);
        for (HostFacts.CgroupV1 h : host.cgroupV1Hierarchies()) {
            String sub = dst + "/" + h.dir();
            String own = ownCgroups.get(h.dir());
            if (own == null && cgroupAsBind && selfCgroups.containsKey(h.data())) {
                // no cgroup of the container's own (rootless): the caller's, which S1 still sits in
                String self = selfCgroups.get(h.data());
                own = "/sys/fs/cgroup/" + h.dir() + (self.equals("/") ? "" : self);
            }
            if (!cgroupNs && own != null) {
                // As runc: without a cgroup namespace a fresh mount would show the host's whole
                // hierarchy; the container sees its own cgroup at the top instead.
                plan.add(Opcode.MOUNT, "bind mount cgroup " + own + " to " + sub, src,
                        own, sub, "bind", MS_BIND | MS_REC, "", PathFlags.IN_ROOT | PathFlags.MKDIR);
                long rest = o.flags() & ~(MS_BIND | MS_REC);
                if (rest != 0) {
                    plan.add(Opcode.REMOUNT, "remount " + sub + " with its options", src + ".options",
                            sub, MS_BIND | rest, PathFlags.IN_ROOT);
                }
                continue;
            }
            plan.add(Opcode.MOUNT, "mount cgroup " + h.data() + " to " + sub, src,
                    "cgroup", sub, "cgroup", o.flags(), h.data(), PathFlags.IN_ROOT | PathFlags.MKDIR);
        }
        if ((o.flags() & MS_RDONLY) != 0) {
            plan.add(Opcode.REMOUNT, "remount " + dst + " read-only", src + ".options",
                    dst, base | MS_RDONLY, PathFlags.IN_ROOT);
        }
    }
}
