package io.jrunc.cli;

import io.jrunc.core.JruncException;

/** {@code jrunc features}: the features document, 4-space indent and a newline (runc's encoder). */
public final class FeaturesCommand extends JruncCommand {
    @Override
    public String name() {
        return "features";
    }

    @Override
    protected void define(Flags f) {
        f.usage("show the enabled features")
                .exactArgs(0, "")
                .description("""
                        Show the enabled features.
                           The result is parsable as a JSON.
                           See https://github.com/opencontainers/runtime-spec/blob/main/features.md for the type definition.
                        """);
    }

    @Override
    public int call(Context ctx) throws JruncException {
        ctx.out().print(GoJson.indent(Features.document(Version.load()), "    ") + "\n");
        ctx.out().flush();
        return 0;
    }
}
