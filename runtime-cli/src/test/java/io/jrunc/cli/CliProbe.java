package io.jrunc.cli;

/** Test-side access to the parser for the start-up probes in {@code bench}. */
public final class CliProbe {
    private CliProbe() {
    }

    public static String parse(String[] args) throws UsageException {
        Cli cli = new Cli(new Globals());
        cli.parse(args);
        cli.bind("jrunc");
        return cli.bound.name();
    }

    /** name → the command's declared flags (help flag included), in help order */
    public static java.util.Map<String, Flags> commands() {
        java.util.Map<String, Flags> m = new java.util.LinkedHashMap<>();
        Cli.NAMES.forEach(name -> m.put(name, new Cli.Bound(Cli.make(name)).flags));
        return m;
    }

    public static Flags globalFlags() {
        return new Cli(new Globals()).globalFlags;
    }
}
