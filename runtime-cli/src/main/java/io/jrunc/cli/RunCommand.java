package io.jrunc.cli;

import io.jrunc.core.JruncException;
import io.jrunc.core.container.CreateRequest;
import io.jrunc.core.container.Runner;

/** {@code jrunc run [-b bundle] [-d] [--keep] … <id>}: create + start (+ wait, unless detached). */
public final class RunCommand extends JruncCommand {
    public String bundle = "";
    public String consoleSocket = "";
    public String pidfdSocket = "";
    public boolean detach;
    public boolean keep;
    public String pidFile = "";
    public boolean noSubreaper;
    public boolean noPivot;
    public boolean noNewKeyring;
    public int preserveFds;
    public boolean dryRun;
    public String format = "";

    @Override
    public String name() {
        return "run";
    }

    @Override
    protected void define(Flags f) {
        f.usage("create and run a container")
                .exactArgs(1, Texts.ID_NEW)
                .description(Texts.RUN_DESCRIPTION);
        Texts.bundleFlag(f, v -> bundle = v);
        f.string("console-socket", null, Texts.CONSOLE_SOCKET, v -> consoleSocket = v);
        f.string("pidfd-socket", null, Texts.PIDFD_SOCKET_INIT, v -> pidfdSocket = v);
        f.bool("detach", "d", "detach from the container's process", v -> detach = v);
        f.bool("keep", null, "do not delete the container after it exits", v -> keep = v);
        f.string("pid-file", null, "specify the file to write the process id to", v -> pidFile = v);
        f.bool("no-subreaper", null, "disable the use of the subreaper used to reap reparented processes",
                v -> noSubreaper = v);
        f.bool("no-pivot", null, Texts.NO_PIVOT, v -> noPivot = v);
        f.bool("no-new-keyring", null, Texts.NO_NEW_KEYRING, v -> noNewKeyring = v);
        f.integer("preserve-fds", null, Texts.PRESERVE_FDS, "0", v -> preserveFds = v);
        f.bool("dry-run", null, DryRun.DRY_RUN_HELP, v -> dryRun = v);
        f.string("format", null, DryRun.FORMAT_HELP, v -> format = v);
    }

    @Override
    public int call(Context ctx) throws JruncException {
        DryRun.checkFormat(dryRun, format);
        CreateRequest req = new CreateRequest(id(), CreateCommand.pathOrNull(bundle),
                CreateCommand.pathOrNull(pidFile), CreateCommand.pathOrNull(consoleSocket), noPivot, noNewKeyring,
                preserveFds);
        if (dryRun) {
            return DryRun.print(ctx, req, format);
        }
        return new Runner(ctx.runtime()).run(req, detach, keep);
    }
}
