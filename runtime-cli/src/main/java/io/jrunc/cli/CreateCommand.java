package io.jrunc.cli;

import io.jrunc.core.JruncException;
import io.jrunc.core.container.CreateRequest;
import io.jrunc.core.container.Creator;
import java.nio.file.Path;

/** {@code jrunc create [-b bundle] [--console-socket P] [--pidfd-socket P] [--pid-file F] [--dry-run] … <id>} */
public final class CreateCommand extends JruncCommand {
    public String bundle = "";
    public String consoleSocket = "";
    public String pidfdSocket = "";
    public String pidFile = "";
    public boolean noPivot;
    public boolean noNewKeyring;
    public int preserveFds;
    public boolean dryRun;
    public String format = "";

    @Override
    public String name() {
        return "create";
    }

    @Override
    protected void define(Flags f) {
        f.usage("create a container")
                .exactArgs(1, Texts.ID_NEW)
                .description(Texts.CREATE_DESCRIPTION);
        Texts.bundleFlag(f, v -> bundle = v);
        f.string("console-socket", null, Texts.CONSOLE_SOCKET, v -> consoleSocket = v);
        f.string("pidfd-socket", null, Texts.PIDFD_SOCKET_INIT, v -> pidfdSocket = v);
        f.string("pid-file", null, "specify the file to write the process id to", v -> pidFile = v);
        f.bool("no-pivot", null, Texts.NO_PIVOT, v -> noPivot = v);
        f.bool("no-new-keyring", null, Texts.NO_NEW_KEYRING, v -> noNewKeyring = v);
        f.integer("preserve-fds", null, Texts.PRESERVE_FDS, "0", v -> preserveFds = v);
        f.bool("dry-run", null, DryRun.DRY_RUN_HELP, v -> dryRun = v);
        f.string("format", null, DryRun.FORMAT_HELP, v -> format = v);
    }

    @Override
    public int call(Context ctx) throws JruncException {
        DryRun.checkFormat(dryRun, format);
        CreateRequest req = new CreateRequest(id(), pathOrNull(bundle), pathOrNull(pidFile),
                pathOrNull(consoleSocket), noPivot, noNewKeyring, preserveFds);
        if (dryRun) {
            return DryRun.print(ctx, req, format);
        }
        new Creator(ctx.runtime()).create(req);
        return 0;
    }

    static Path pathOrNull(String s) {
        return s == null || s.isEmpty() ? null : Path.of(s);
    }
}
