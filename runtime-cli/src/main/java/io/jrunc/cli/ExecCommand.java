package io.jrunc.cli;

import io.jrunc.core.JruncException;
import io.jrunc.core.container.ExecRequest;
import io.jrunc.core.container.Executor;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jrunc exec [flags] <id> <command> [args…]} or {@code jrunc exec -p process.json <id>}.
 * Flag parsing stops at the container id: everything after it is the command line.
 * runc's exit code when exec fails is 255.
 */
public final class ExecCommand extends JruncCommand {
    public String consoleSocket = "";
    public String pidfdSocket = "";
    public String cwd = "";
    public final List<String> env = new ArrayList<>();
    public boolean tty;
    public String user = "";
    public final List<Long> additionalGids = new ArrayList<>();
    public String process = "";
    public boolean detach;
    public String pidFile = "";
    public String processLabel = "";
    public String apparmor = "";
    /** null: not given (keep config.json's value); else the flag's value */
    public Boolean noNewPrivs;
    public final List<String> caps = new ArrayList<>();
    public int preserveFds;
    public final List<String> cgroups = new ArrayList<>();
    public boolean ignorePaused;

    @Override
    public String name() {
        return "exec";
    }

    /** The command to run (arguments after the container id); empty with {@code -p}. */
    public List<String> command() {
        return args.subList(1, args.size());
    }

    @Override
    protected void define(Flags f) {
        f.usage("execute new process inside the container")
                .argRange(1, -1, """
                        <container-id> <command> [command options]  || -p process.json <container-id>

                        Where "<container-id>" is the name for the instance of the container and
                        "<command>" is the command to be executed in the container.
                        "<command>" can't be empty unless a "-p" flag provided.

                        EXAMPLE:
                        For example, if the container is configured to run the linux ps command the
                        following will output a list of processes running in the container:

                               # jrunc exec <container-id> ps""")
                .stopAtPositional();
        f.string("console-socket", null, Texts.CONSOLE_SOCKET, v -> consoleSocket = v);
        f.string("pidfd-socket", null,
                "path to an AF_UNIX socket which will receive a file descriptor referencing the exec process",
                v -> pidfdSocket = v);
        f.string("cwd", null, "current working directory in the container", v -> cwd = v);
        f.strings("env", "e", "set environment variables", env::add);
        f.bool("tty", "t", "allocate a pseudo-TTY", v -> tty = v);
        f.string("user", "u", "UID (format: <uid>[:<gid>])", v -> user = v);
        f.longs("additional-gids", "g", "additional gids", additionalGids::add);
        f.string("process", "p", "path to the process.json", v -> process = v);
        f.bool("detach", "d", "detach from the container's process", v -> detach = v);
        f.string("pid-file", null, "specify the file to write the process id to", v -> pidFile = v);
        f.string("process-label", null, "set the asm process label for the process commonly used with selinux",
                v -> processLabel = v);
        f.string("apparmor", null, "set the apparmor profile for the process", v -> apparmor = v);
        f.bool("no-new-privs", null, "set the no new privileges value for the process", v -> noNewPrivs = v);
        f.strings("cap", "c", "add a capability to the bounding set for the process", caps::add);
        f.integer("preserve-fds", null, Texts.PRESERVE_FDS, "0", v -> preserveFds = v);
        f.strings("cgroup", null,
                "run the process in an (existing) sub-cgroup(s). Format is [<controller>:]<cgroup>.", cgroups::add);
        f.bool("ignore-paused", null, "allow exec in a paused container", v -> ignorePaused = v);
    }

    @Override
    public int call(Context ctx) throws JruncException {
        ExecRequest req = new ExecRequest(id(), CreateCommand.pathOrNull(process), command(), env, cwd, user,
                additionalGids, caps, noNewPrivs, tty, detach, CreateCommand.pathOrNull(pidFile),
                CreateCommand.pathOrNull(consoleSocket), preserveFds, cgroups, ignorePaused, apparmor, processLabel);
        try {
            return new Executor(ctx.runtime()).exec(req);
        } catch (JruncException e) {
            throw new JruncException("exec failed: " + e.getMessage(), 255, e); // runc's code for any exec failure
        }
    }
}
