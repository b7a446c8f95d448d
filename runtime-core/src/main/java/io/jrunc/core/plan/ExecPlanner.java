package io.jrunc.core.plan;

import io.jrunc.spec.linux.Namespaces;
import java.util.List;

/**
 * The plan of {@code exec}: S0 joins the init's cgroups (host privileges still needed), then its
 * namespaces, user first; chroots into the init's root; clones S1 with no new namespaces, so
 * S1 lands in the pid and time namespaces S0 joined. S1 then takes the process's
 * credentials exactly as a container init does, reports ready and execs.
 */
public final class ExecPlanner {
    /**
     * Time first: create unshares it in S0 before the user namespace exists, so it belongs to
     * the host's user namespace, which we are no longer privileged in once we joined the
     * container's. Then user, so the rest are joined with the container's privileges.
     */
    static final List<String> JOIN_ORDER = List.of("time", "user", "ipc", "uts", "network", "pid", "cgroup", "mount");

    private ExecPlanner() {
    }

    public static Plan plan(ExecContext ctx) {
        PlanBuilder plan = new PlanBuilder();
        Integer oom = ctx.process().oomScoreAdj();
        if (oom != null) {
            plan.add(Opcode.OOM_SCORE_ADJ, "set oom_score_adj to " + oom, "process.oomScoreAdj", oom);
        }
        ProcAttrPlanner.ioPriority(plan, ctx.process());
        ProcAttrPlanner.Attrs attrs = ProcAttrPlanner.Attrs.of(ctx.linux(), true);
        ProcAttrPlanner.initialAffinity(plan, ctx.process(), attrs); // before the cgroup join, as runc
        for (String procs : ctx.cgroupProcs()) {
            plan.add(Opcode.WRITE_FILE, "join cgroup " + procs.substring(0, procs.lastIndexOf('/')), null, procs, "0");
        }
        String proc = "/proc/" + ctx.initPid();
        for (String type : JOIN_ORDER) {
            if (ctx.namespaces().contains(type)) {
                plan.add(Opcode.SETNS, "join the container's " + type + " namespace", "linux.namespaces",
                        Namespaces.cloneFlag(type), proc + "/ns/" + Namespaces.procName(type));
            }
        }
        // setns(mnt) leaves us at the namespace's root mount, which is not the container's root
        // with --no-pivot or without a mount namespace: the init's root is, in every case.
        plan.add(Opcode.ENTER_ROOT, "enter the container's root", "root.path", proc + "/root");
        plan.add(Opcode.CLONE, "start the exec process", null, 0);
        plan.add(Opcode.SETSID, "start a new session", null);
        // runc's setns init joins the container's session keyring by name
        ProcAttrPlanner.keyring(plan, ctx.sessionKeyring(), false, false);
        if (ctx.consoleFd() >= 0) {
            ProcessPlanner.planConsole(plan, ctx.process(), null, ctx.consoleFd(), false);
        }
        // the container's seccomp profile binds exec'd processes too, as in runc
        ProcessPlanner.planCredentials(plan, ctx.process(), ctx.seccomp(), ctx.extraFds(), ctx.lastCap(), attrs);
        plan.add(Opcode.READY, "report ready", null);
        plan.add(Opcode.EXEC, "exec " + ctx.process().args().get(0), "process.args");
        return plan.build();
    }
}
