package io.jrunc.core.plan;

import io.jrunc.spec.Linux;
import io.jrunc.spec.Mount;
import io.jrunc.spec.Process;
import io.jrunc.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Security labels (docs/security-labels.md). The process label is written to the thread's
 * {@code /proc/thread-self/attr} file by the LSM_LABEL op, which takes effect only at the next
 * execve: jrunc-init's own work stays unconfined, the user program (and, as in runc, the
 * startContainer hooks it forks and execs) runs under it. The op sits where runc applies the
 * label, before no_new_privs, seccomp and the capability drop, and before READY, so a label the
 * LSM refuses fails create. AppArmor gets {@code exec PROFILE} in attr/apparmor/exec (attr/exec on kernels
 * before 5.1), SELinux the label in attr/exec, as runc's apparmor.ApplyProfile and
 * selinux.SetExecLabel write them. linux.mountLabel becomes a {@code context="…"} mount option
 * on the filesystems runc labels, and only where SELinux is enabled: runc (go-selinux's
 * FormatMountLabel) ignores it elsewhere, and configs made by podman carry one.
 */
public final class LsmPlanner {
    /** Filesystems runc mounts without the mount label (bind mounts neither). */
    static final Set<String> UNLABELLED = Set.of("proc", "sysfs", "cgroup", "cgroup2", "bind");

    private LsmPlanner() {
    }

    /** The LSM_LABEL ops for a process (none without a label). */
    static void planExecLabel(PlanBuilder plan, Process p) {
        String profile = p.apparmorProfile();
        if (profile != null && !profile.isEmpty()) {
            plan.add(Opcode.LSM_LABEL, "set AppArmor profile " + profile + " for exec", "process.apparmorProfile",
                    "apparmor/exec", "exec", "exec " + profile);
        }
        String label = p.selinuxLabel();
        if (label != null && !label.isEmpty()) {
            plan.add(Opcode.LSM_LABEL, "set SELinux label " + label + " for exec", "process.selinuxLabel",
                    "exec", "", label);
        }
    }

    /**
     * Refuses a label the host cannot apply, naming the field (or flag) that asked for it.
     *
     * @param apparmorField what to call the profile's origin, e.g. {@code process.apparmorProfile} or {@code --apparmor}
     * @param selinuxField  likewise for the SELinux label
     * @return the one-line problem, or empty
     */
    public static Optional<String> unavailable(Process p, LsmFacts host, String apparmorField, String selinuxField) {
        if (p == null) {
            return Optional.empty();
        }
        if (notEmpty(p.apparmorProfile()) && !host.apparmor()) {
            return Optional.of(apparmorField + ": cannot apply AppArmor profile " + quote(p.apparmorProfile())
                    + ": " + host.apparmorReason());
        }
        if (notEmpty(p.selinuxLabel()) && !host.selinux()) {
            return Optional.of(selinuxField + ": cannot apply SELinux label " + quote(p.selinuxLabel())
                    + ": SELinux is disabled or not supported on this host (no selinuxfs at /sys/fs/selinux)");
        }
        return Optional.empty();
    }

    /**
     * The plan with linux.mountLabel added as {@code context="LABEL"} to the data of each config
     * mount runc labels (not proc, sysfs, cgroup, bind mounts). Without SELinux the plan is returned as is.
     */
    static Plan labelMounts(Plan plan, Spec spec, LsmFacts host) {
        Linux linux = spec.linux();
        String label = linux == null ? null : linux.mountLabel();
        if (!notEmpty(label) || !host.selinux()) {
            return plan;
        }
        List<Mount> mounts = spec.mounts() == null ? List.of() : spec.mounts();
        List<Op> out = new ArrayList<>(plan.size());
        for (Op op : plan.ops()) {
            out.add(op.code() == Opcode.MOUNT && isConfigMount(op.source(), mounts.size()) ? labelled(op, label) : op);
        }
        return new Plan(out);
    }

    /** {@code data} with the context option appended, as go-selinux's FormatMountLabel writes it. */
    static String withContext(String data, String label) {
        String opt = "context=\"" + label + "\"";
        return data == null || data.isEmpty() ? opt : data + "," + opt;
    }

    private static Op labelled(Op op, String label) {
        String fstype = op.arg(2);
        long flags = Long.parseUnsignedLong(op.arg(3));
        if ((flags & MountFlags.MS_BIND) != 0 || (flags & MountFlags.MS_REMOUNT) != 0 || fstype.isEmpty()
                || UNLABELLED.contains(fstype)) {
            return op;
        }
        List<String> args = new ArrayList<>(op.args());
        args.set(4, withContext(op.arg(4), label));
        return new Op(op.code(), args, op.description(), op.source());
    }

    private static boolean isConfigMount(String source, int count) {
        if (source == null || !source.startsWith("mounts[")) {
            return false;
        }
        int end = source.indexOf(']');
        try {
            int i = Integer.parseInt(source.substring(7, end));
            return i >= 0 && i < count;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
