package io.jrunc.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The command-line model: the commands, their {@link Flags}, parsing (a strict fast path, else
 * picocli's programmatic API in {@link PicocliParser}: see docs/cli.md for the start-up figures
 * behind both), and the urfave/cli-style help texts runc prints.
 *
 * <p>Only the command being run is instantiated and modelled in full; the others are
 * known by name and one-line usage until their help is asked for.
 */
final class Cli {
    /** Every command, in runc's help order (init is hidden), then jrunc's own (check). */
    static final List<String> NAMES = List.of("checkpoint", "create", "delete", "events", "exec", "init", "kill",
            "list", "pause", "ps", "restore", "resume", "run", "spec", "start", "state", "update", "features", "check");

    /**
     * A fresh instance of the named command, or null. A switch rather than a table of
     * constructor references: no lambda classes to spin and no command class loaded but
     * the one that runs (start-up, docs/cli.md).
     */
    static JruncCommand make(String name) {
        return switch (name) {
            case "check" -> new CheckCommand();
            case "checkpoint" -> new CheckpointCommand();
            case "create" -> new CreateCommand();
            case "delete" -> new DeleteCommand();
            case "events" -> new EventsCommand();
            case "exec" -> new ExecCommand();
            case "init" -> new InitCommand();
            case "kill" -> new KillCommand();
            case "list" -> new ListCommand();
            case "pause" -> new PauseCommand();
            case "ps" -> new PsCommand();
            case "restore" -> new RestoreCommand();
            case "resume" -> new ResumeCommand();
            case "run" -> new RunCommand();
            case "spec" -> new SpecCommand();
            case "start" -> new StartCommand();
            case "state" -> new StateCommand();
            case "update" -> new UpdateCommand();
            case "features" -> new FeaturesCommand();
            default -> null;
        };
    }

    static final String HELP = "help";

    /** A command with its declared flags and (after parsing) its arguments. */
    static final class Bound {
        final JruncCommand command;
        final Flags flags = new Flags();
        final Flag help;
        boolean helpAsked;
        String[] positionals = new String[0];

        Bound(JruncCommand command) {
            this.command = command;
            command.define(flags);
            flags.hiddenBool("help", "h", "show help", v -> helpAsked = v);
            help = flags.flags.getLast();
        }

        String name() {
            return command.name();
        }

        /** -h/--help was given (looked at before the argument count is checked). */
        boolean helpAsked() {
            try {
                help.apply();
            } catch (UsageException e) {
                return false;
            }
            return helpAsked;
        }
    }

    final Globals globals;
    final Flags globalFlags = new Flags();
    /** the command named on the command line (null: none, or "help") */
    Bound bound;
    /** the command (or unknown word) named on the command line */
    String commandName;
    List<String> helpArgs = List.of();

    Cli(Globals globals) {
        this.globals = globals;
        globals.define(globalFlags);
    }

    /**
     * Parses the command line into the globals and the named command's fields.
     *
     * @throws UsageException a bad flag, value or command (the globals before it are set)
     */
    void parse(String[] args) throws UsageException {
        if (FastParser.tryParse(this, args)) {
            return;
        }
        for (Flag f : globalFlags.flags) {
            f.raw.clear(); // the fast parser may have recorded some before it declined
        }
        PicocliParser.parse(this, args);
    }

    /** Hands the named command its fields (converting values) and checks its argument count. */
    void bind(String argv0) throws UsageException {
        applyAll(bound.flags);
        bound.command.args = List.of(bound.positionals);
        bound.flags.checkArgs(argv0, bound.name(), bound.positionals.length);
    }

    static boolean isCommand(String name) {
        return make(name) != null || name.equals(HELP) || name.equals("h");
    }

    String findCommand(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return i + 1 < args.length ? args[i + 1] : null;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                return a;
            }
            String name = flagName(a);
            for (Flag f : globalFlags.flags) {
                if ((f.name.equals(name) || name.equals(f.alias)) && f.takesValue() && !a.contains("=")) {
                    i++; // its value
                }
            }
        }
        return null;
    }

    /** "--bundle=x" → "bundle", "-b" → "b" */
    static String flagName(String arg) {
        String s = arg;
        while (s.startsWith("-")) {
            s = s.substring(1);
        }
        int eq = s.indexOf('=');
        return eq >= 0 ? s.substring(0, eq) : s;
    }

    static void applyAll(Flags flags) throws UsageException {
        for (Flag f : flags.flags) {
            f.apply();
        }
    }

    static void applyQuietly(Flags flags) {
        for (Flag f : flags.flags) {
            try {
                f.apply();
            } catch (UsageException ignored) {
                // reported by whoever asked
            }
        }
    }

    /** An unknown command word: runc (urfave/cli) says "No help topic for 'x'" and exits 3. */
    static final class UnknownCommandException extends UsageException {
        UnknownCommandException(String word) {
            super("No help topic for '" + Texts.printable(word) + "'");
        }
    }

    // ---------------------------------------------------------------- help, as urfave/cli prints it

    static String commandHelp(String argv0, JruncCommand c) {
        Flags f = new Bound(c).flags;
        StringBuilder b = new StringBuilder();
        b.append("NAME:\n   ").append(argv0).append(' ').append(c.name()).append(" - ").append(f.usage).append("\n\n");
        List<Flag> visible = visible(f);
        b.append("USAGE:\n   ").append(argv0).append(' ').append(c.name());
        if (!visible.isEmpty()) {
            b.append(" [command options]");
        }
        b.append(' ').append(f.argsUsage.isEmpty() ? "[arguments...]" : f.argsUsage);
        if (!f.description.isEmpty()) {
            b.append("\n\nDESCRIPTION:\n   ").append(f.description);
        }
        if (!visible.isEmpty()) {
            b.append("\n\nOPTIONS:\n");
            table(b, visible);
            b.append("   ");
        }
        return b.append('\n').toString();
    }

    static String appHelp(String argv0, Version v) {
        StringBuilder b = new StringBuilder();
        b.append("NAME:\n   ").append(argv0).append(" - Open Container Initiative runtime, in Java\n\n")
                .append("""
                        jrunc is a command line client for running applications packaged according to
                        the Open Container Initiative (OCI) format and is a compliant implementation of the
                        Open Container Initiative specification, command-line compatible with runc.

                        Containers are configured using bundles. A bundle for a container is a directory
                        that includes a specification file named "config.json" and a root filesystem.
                        The root filesystem contains the contents of the container.

                        To start a new instance of a container:

                            # jrunc run [ -b bundle ] <container-id>

                        """)
                .append("USAGE:\n   ").append(argv0)
                .append(" [global options] command [command options] [arguments...]\n\n")
                .append("VERSION:\n   ").append(v.version()).append("\ncommit: ").append(v.commit())
                .append("\nspec: ").append(Version.SPEC).append("\n\nCOMMANDS:\n");
        List<String[]> rows = new ArrayList<>();
        for (String name : NAMES) {
            Flags f = new Bound(make(name)).flags;
            if (!f.hidden) {
                rows.add(new String[] {name, f.usage});
            }
        }
        rows.add(new String[] {"help, h", "Shows a list of commands or help for one command"});
        columns(b, rows);
        b.append("\nGLOBAL OPTIONS:\n");
        table(b, visible(new Cli(new Globals()).globalFlags));
        return b.toString();
    }

    private static List<Flag> visible(Flags f) {
        return f.flags.stream().filter(x -> !x.hidden).toList();
    }

    private static void table(StringBuilder b, List<Flag> flags) {
        List<String[]> rows = new ArrayList<>();
        for (Flag f : flags) {
            rows.add(new String[] {f.synopsis(), f.helpText()});
        }
        columns(b, rows);
    }

    private static void columns(StringBuilder b, List<String[]> rows) {
        int w = 0;
        for (String[] r : rows) {
            w = Math.max(w, r[0].length());
        }
        for (String[] r : rows) {
            b.append("   ").append(r[0]).append(" ".repeat(w - r[0].length() + 2)).append(r[1]).append('\n');
        }
    }
}
