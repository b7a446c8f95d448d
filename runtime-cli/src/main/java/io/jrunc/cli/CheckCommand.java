package io.jrunc.cli;

import io.jrunc.core.JruncException;
import io.jrunc.core.check.BundleCheck;
import io.jrunc.core.check.CheckReport;
import io.jrunc.core.check.Finding;
import io.jrunc.core.check.HostFiles;
import io.jrunc.core.check.HostReport;
import io.jrunc.core.cgroup.CgroupDryRun;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code jrunc check [--bundle DIR] [--format text|json]}: what this host offers containers
 * and, with a bundle, what in its config.json will not work here. Reads only: exit 0 when
 * the bundle can run (or none was given), 1 when it cannot.
 */
public final class CheckCommand extends JruncCommand {
    public String bundle = "";
    public String format = "";

    @Override
    public String name() {
        return "check";
    }

    @Override
    protected void define(Flags f) {
        f.usage("report what this host supports, and whether a bundle can run here")
                .exactArgs(0, "")
                .description("""
                        The check command reports the host's kernel, cgroup mode and controllers, namespaces,
                           seccomp, LSMs, kernel features and the state root. With --bundle it also lists each
                           part of config.json that will not work on this host, naming its JSON path, and exits
                           with 1 when the bundle cannot run here.""");
        f.string("bundle", "b", "path to an OCI bundle to check against this host", v -> bundle = v);
        f.string("format", null, "output as 'text' (default) or 'json'", v -> format = v);
    }

    @Override
    public int call(Context ctx) throws JruncException {
        boolean json = OutputFormat.isJson(format);
        HostFiles fs = HostFiles.real();
        HostReport host = HostReport.gather(fs, Path.of(ctx.globals().root));
        String dir = null;
        List<Finding> findings = List.of();
        if (!bundle.isEmpty()) {
            Path b = Path.of(bundle).toAbsolutePath().normalize();
            dir = b.toString();
            findings = BundleCheck.check(b, host, fs, new CgroupDryRun(ctx.globals().systemdCgroup), ctx.globals().systemdCgroup);
        }
        CheckReport report = new CheckReport(host, dir, findings);
        ctx.out().print(json ? report.json() : report.text());
        ctx.out().flush();
        return report.runnable() ? 0 : 1;
    }
}
