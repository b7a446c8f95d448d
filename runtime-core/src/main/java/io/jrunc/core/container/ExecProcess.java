package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.spec.ConfigException;
import io.jrunc.spec.Process;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecIO;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@code exec} runs, as runc's getProcess makes it: process.json as it is, or the
 * container's config.json process with the command line's args and the flags applied
 * (env appended, cwd/user replaced, gids and capabilities added, terminal only with -t).
 */
final class ExecProcess {
    private ExecProcess() {
    }

    static Process resolve(Spec config, ExecRequest r) throws JruncException {
        Process p;
        if (r.processFile() != null) {
            try {
                p = SpecIO.read(r.processFile(), Process.class);
            } catch (ConfigException e) {
                throw new JruncException(e.getMessage());
            }
        } else {
            p = fromFlags(config.process(), r);
        }
        validate(p);
        if (r.processFile() != null) {
            try { // scheduler, ioPriority, execCPUAffinity: as create checks them in config.json
                io.jrunc.spec.validate.Validator.validateProcessAttributes(p, r.processFile().toString());
            } catch (ConfigException e) {
                throw new JruncException(e.getMessage());
            }
        }
        return p;
    }

    private static Process fromFlags(Process base, ExecRequest r) throws JruncException {
        if (r.args().isEmpty()) {
            throw new JruncException("exec: no command given (use -p process.json or give a command)");
        }
        List<String> env = new ArrayList<>(base.env() == null ? List.of() : base.env());
        env.addAll(r.env());
        String cwd = r.cwd() == null || r.cwd().isEmpty() ? base.cwd() : r.cwd();
        Boolean nnp = r.noNewPrivs() == null ? base.noNewPrivileges() : r.noNewPrivs();
        String apparmor = r.apparmor() == null || r.apparmor().isEmpty() ? base.apparmorProfile() : r.apparmor();
        String label = r.processLabel() == null || r.processLabel().isEmpty() ? base.selinuxLabel() : r.processLabel();
        return new Process(r.tty(), base.consoleSize(), user(base.user(), r), r.args(), null, env, cwd,
                caps(base.capabilities(), r.caps()), base.rlimits(), nnp, apparmor, base.oomScoreAdj(),
                base.scheduler(), label, base.ioPriority(), base.execCPUAffinity());
    }

    private static Process.User user(Process.User u, ExecRequest r) throws JruncException {
        long uid = u == null ? 0 : u.uid();
        long gid = u == null ? 0 : u.gid();
        List<Long> gids = new ArrayList<>(u == null || u.additionalGids() == null ? List.of() : u.additionalGids());
        if (r.user() != null && !r.user().isEmpty()) {
            String[] parts = r.user().split(":", 2);
            try {
                uid = Integer.toUnsignedLong(Integer.parseUnsignedInt(parts[0]));
                if (parts.length == 2) {
                    gid = Integer.toUnsignedLong(Integer.parseUnsignedInt(parts[1]));
                }
            } catch (NumberFormatException e) {
                throw new JruncException("invalid --user " + r.user() + ": want uid[:gid]");
            }
        }
        gids.addAll(r.additionalGids());
        return new Process.User(uid, gid, u == null ? null : u.umask(), gids, u == null ? null : u.username());
    }

    /** --cap adds to bounding, effective and permitted; to ambient only when inheritable is set (runc). */
    private static Process.LinuxCapabilities caps(Process.LinuxCapabilities c, List<String> add) {
        if (add.isEmpty()) {
            return c;
        }
        Process.LinuxCapabilities base = c == null ? new Process.LinuxCapabilities(null, null, null, null, null) : c;
        return new Process.LinuxCapabilities(plus(base.bounding(), add), plus(base.effective(), add),
                base.inheritable(), plus(base.permitted(), add),
                base.inheritable() == null ? base.ambient() : plus(base.ambient(), add));
    }

    private static List<String> plus(List<String> l, List<String> add) {
        List<String> out = new ArrayList<>(l == null ? List.of() : l);
        out.addAll(add);
        return out;
    }

    /** The process with another initial console size (null: unchanged). */
    static Process withConsoleSize(Process p, Process.Box size) {
        if (size == null) {
            return p;
        }
        return new Process(p.terminal(), size, p.user(), p.args(), p.commandLine(), p.env(), p.cwd(),
                p.capabilities(), p.rlimits(), p.noNewPrivileges(), p.apparmorProfile(), p.oomScoreAdj(),
                p.scheduler(), p.selinuxLabel(), p.ioPriority(), p.execCPUAffinity());
    }

    /** runc's validateProcessSpec. */
    private static void validate(Process p) throws JruncException {
        if (p.cwd() == null || p.cwd().isEmpty()) {
            throw new JruncException("Cwd property must not be empty");
        }
        if (!p.cwd().startsWith("/")) {
            throw new JruncException("Cwd must be an absolute path");
        }
        if (p.args() == null || p.args().isEmpty()) {
            throw new JruncException("args must not be empty");
        }
    }
}
