package io.jrunc.cli;

import io.jrunc.core.JruncException;
import io.jrunc.core.container.CreateRequest;
import io.jrunc.core.container.Creator;
import io.jrunc.core.cgroup.CgroupDryRun;
import io.jrunc.core.cgroup.CgroupManagers;
import io.jrunc.core.explain.JsonReport;
import io.jrunc.core.explain.PlanReport;
import io.jrunc.core.explain.TextReport;
import java.nio.file.Path;

/**
 * {@code create|run --dry-run [--format text|json]}: prints the plan create would run and
 * touches nothing (no state root, no fifo, no native library, no process).
 */
final class DryRun {
    static final String FORMAT_HELP = "with --dry-run: print the plan as 'text' (default) or 'json'";
    static final String DRY_RUN_HELP = "validate and print the setup plan (docs/dry-run.md) without changing anything";

    private DryRun() {
    }

    static int print(Context ctx, CreateRequest req, String format) throws JruncException {
        boolean json = OutputFormat.isJson(format);
        Creator.DryRun dry = Creator.dryRun(req, Path.of(ctx.globals().root), ctx.globals().systemdCgroup,
                CgroupManagers::open);
        PlanReport report = dry.report(new CgroupDryRun(ctx.globals().systemdCgroup));
        ctx.out().print(json ? JsonReport.render(report) : TextReport.render(report));
        ctx.out().flush();
        return 0;
    }

    /** --format only means something for a dry run: refuse it elsewhere instead of ignoring it. */
    static void checkFormat(boolean dryRun, String format) throws JruncException {
        if (!dryRun && !format.isEmpty()) {
            throw new JruncException("--format is only used with --dry-run");
        }
        OutputFormat.isJson(format);
    }
}
