package io.jrunc.core.plan;

import io.jrunc.spec.Hooks;
import io.jrunc.spec.LinuxSeccomp;
import io.jrunc.spec.Process;
import io.jrunc.spec.linux.Capabilities;
import io.jrunc.spec.linux.Rlimits;
import java.util.ArrayList;
import java.util.List;

/**
 * The process part of a plan, shared by create and exec: rlimits, no_new_privs, fds,
 * capabilities around the switch to the configured user (runc's finalizeNamespace order),
 * umask, cwd, argv/env with the executable looked up before {@code create} returns.
 */
final class ProcessPlanner {
    private ProcessPlanner() {
    }

    static void planInit(PlanBuilder plan, Process p, LinuxSeccomp seccomp, int extraFds, int lastCap,
                         List<Hooks.Hook> startHooks, String startHooksSource) {
        planInit(plan, p, seccomp, extraFds, lastCap, startHooks, startHooksSource, ProcAttrPlanner.Attrs.NONE);
    }

    static void planInit(PlanBuilder plan, Process p, LinuxSeccomp seccomp, int extraFds, int lastCap,
                         List<Hooks.Hook> startHooks, String startHooksSource, ProcAttrPlanner.Attrs attrs) {
        planCredentials(plan, p, seccomp, extraFds, lastCap, attrs);
        if (startHooks != null && !startHooks.isEmpty()) {
            // the state these hooks read says "created", as runc's: ask for it before READY
            plan.add(Opcode.SYNC, "get the state for startContainer hooks", startHooksSource, "startContainer");
        }
        plan.add(Opcode.READY, "report ready", null);
        plan.add(Opcode.WAIT_FIFO, "wait for start", null);
        planHooks(plan, startHooks, startHooksSource);
        plan.add(Opcode.EXEC, "exec " + p.args().get(0), "process.args");
    }

    /**
     * Everything from rlimits to the executable lookup. The seccomp filter goes where runc
     * loads it: with no_new_privs as late as possible (after the lookup, so the fewest
     * syscalls run under it); without, before the user switch drops CAP_SYS_ADMIN, which
     * loading a filter then needs.
     */
    static void planCredentials(PlanBuilder plan, Process p, LinuxSeccomp seccomp, int extraFds, int lastCap) {
        planCredentials(plan, p, seccomp, extraFds, lastCap, ProcAttrPlanner.Attrs.NONE);
    }

    /** As above, with the process attributes (scheduler, memory policy, personality, affinity) where runc sets them. */
    static void planCredentials(PlanBuilder plan, Process p, LinuxSeccomp seccomp, int extraFds, int lastCap,
                                ProcAttrPlanner.Attrs attrs) {
        List<Process.POSIXRlimit> rlimits = p.rlimits() == null ? List.of() : p.rlimits();
        for (int i = 0; i < rlimits.size(); i++) {
            Process.POSIXRlimit r = rlimits.get(i);
            plan.add(Opcode.RLIMIT, "set " + r.type(), "process.rlimits[" + i + "]",
                    Rlimits.number(r.type()), Long.toUnsignedString(r.soft()), Long.toUnsignedString(r.hard()));
        }
        // runc's order (label, then no_new_privs, seccomp, caps): the label only takes effect at
        // the next execve, and writing it needs neither a syscall a seccomp profile may deny
        // nor a capability; a label the LSM refuses fails create, before READY
        LsmPlanner.planExecLabel(plan, p);
        if (p.isNoNewPrivileges()) {
            plan.add(Opcode.NO_NEW_PRIVS, "set no_new_privs", "process.noNewPrivileges");
        }
        ProcAttrPlanner.scheduling(plan, p, attrs);
        if (seccomp != null && !p.isNoNewPrivileges()) {
            SeccompPlanner.plan(plan, seccomp);
        }
        plan.add(Opcode.CLOSE_FDS, "close jrunc's file descriptors", null, 3 + extraFds);
        Process.LinuxCapabilities caps = p.capabilities();
        if (caps != null) {
            plan.add(Opcode.CAPS_BOUNDING, "drop capabilities from the bounding set", "process.capabilities.bounding",
                    Long.toUnsignedString(mask(caps.bounding(), lastCap)));
            plan.add(Opcode.KEEPCAPS, "keep capabilities across the user switch", null, 1);
        }
        Process.User u = p.user();
        List<String> userArgs = new ArrayList<>();
        userArgs.add(Long.toString(u == null ? 0 : u.uid()));
        userArgs.add(Long.toString(u == null ? 0 : u.gid()));
        if (u != null && u.additionalGids() != null) {
            u.additionalGids().forEach(g -> userArgs.add(Long.toString(g)));
        }
        plan.add(Opcode.SET_USER, "switch to user " + userArgs.get(0) + ":" + userArgs.get(1), "process.user",
                userArgs.toArray());
        if (caps != null) {
            plan.add(Opcode.KEEPCAPS, "stop keeping capabilities", null, 0);
        }
        if (u != null && u.umask() != null) {
            plan.add(Opcode.UMASK, "set umask " + Long.toOctalString(u.umask()), "process.user.umask", u.umask());
        }
        String cwd = p.cwd() == null || p.cwd().isEmpty() ? "/" : p.cwd();
        plan.add(Opcode.CHDIR, "change directory to " + cwd, "process.cwd", cwd);
        if (caps != null) {
            plan.add(Opcode.CAPS, "set capabilities", "process.capabilities",
                    Long.toUnsignedString(mask(caps.effective(), lastCap)),
                    Long.toUnsignedString(mask(caps.permitted(), lastCap)),
                    Long.toUnsignedString(mask(caps.inheritable(), lastCap)),
                    Long.toUnsignedString(mask(caps.ambient(), lastCap)));
        }
        plan.add(Opcode.SET_ARGV, "set arguments", "process.args", p.args().toArray());
        plan.add(Opcode.SET_ENV, "set environment", "process.env",
                (p.env() == null ? List.<String>of() : p.env()).toArray());
        plan.add(Opcode.CHECK_EXEC, "look up " + p.args().get(0), "process.args[0]");
        if (seccomp != null && p.isNoNewPrivileges()) {
            SeccompPlanner.plan(plan, seccomp);
        }
        ProcAttrPlanner.personality(plan, attrs);
        ProcAttrPlanner.finalAffinity(plan, p, attrs);
    }

    /**
     * The terminal: a pty from the container's /dev/pts/ptmx, sized to consoleSize, its master
     * sent to the console socket at {@code consoleFd}, its peer our controlling tty and stdio.
     * The container's init also gets it bind-mounted on /dev/console.
     */
    static void planConsole(PlanBuilder plan, Process p, Process.Box sizeOverride, int consoleFd,
                            boolean devConsole) {
        if (devConsole) {
            plan.add(Opcode.MKFILE, "create /dev/console", "process.terminal", "/dev/console", 0666, PathFlags.IN_ROOT);
        }
        Process.Box size = sizeOverride != null ? sizeOverride : p.consoleSize();
        Process.User u = p.user();
        plan.add(Opcode.CONSOLE, "set up the console", "process.terminal", consoleFd,
                size == null ? 0 : size.height(), size == null ? 0 : size.width(), devConsole ? 1 : 0,
                u == null ? 0 : u.uid(), u == null ? 0 : u.gid());
    }

    static void planHooks(PlanBuilder plan, List<Hooks.Hook> hooks, String source) {
        if (hooks == null) {
            return;
        }
        for (int i = 0; i < hooks.size(); i++) {
            Hooks.Hook h = hooks.get(i);
            List<String> argv = h.args() == null || h.args().isEmpty() ? List.of(h.path()) : h.args();
            List<String> env = h.env() == null ? List.of() : h.env();
            List<Object> args = new ArrayList<>();
            args.add(h.path());
            args.add(h.timeout() == null ? 0 : h.timeout());
            args.add(argv.size());
            args.addAll(argv);
            args.addAll(env);
            plan.add(Opcode.HOOK, "run hook " + h.path(), source + "[" + i + "]", args.toArray());
        }
    }

    /** A capability set as a bit mask; caps this kernel does not know are left out, as runc warns and skips. */
    static long mask(List<String> names, int lastCap) {
        long m = 0;
        for (String n : names == null ? List.<String>of() : names) {
            int bit = Capabilities.number(n);
            if (bit >= 0 && bit <= lastCap) {
                m |= 1L << bit;
            }
        }
        return m;
    }
}
