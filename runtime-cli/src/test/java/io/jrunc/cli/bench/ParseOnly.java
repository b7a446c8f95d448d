package io.jrunc.cli.bench;

/** Start-up probe: parse a command line with jrunc's programmatic picocli model, nothing else. */
public final class ParseOnly {
    private ParseOnly() {
    }

    public static void main(String[] args) throws Exception {
        io.jrunc.cli.CliProbe.parse(args);
    }
}
